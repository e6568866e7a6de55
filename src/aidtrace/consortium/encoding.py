"""Encoding a whole register for a linkage file, on several processes.

The tokens and the plain Bloom words of a person depend on the person and the round's secret
alone, so worker processes compute them for slices of the register; the randomisation of the
Bloom words (``ShareEncoder.randomised``) draws from one random stream, and stays in this
process, in the register's order. The rows are therefore the same, byte for byte, whatever the
number of workers, and the same as one ``ShareEncoder.row`` call per person.

Workers are forked: they inherit the register from this process's memory, so the plaintext is
never copied through a pipe or a file; only the tokens come back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aidtrace.consortium.share_tokens import FLIP, ShareEncoder
from aidtrace.progress import Progress, no_progress

# Below this many people one process is quicker than starting others.
PARALLEL_FROM = 20_000
CHUNK = 10_000
MAX_WORKERS = 4

Person = tuple[Mapping[str, object], Mapping[str, object]]  # (public, personal)


@dataclass(frozen=True)
class _Job:
    """What a forked worker reads from the memory it inherited."""

    secret: bytes
    check: str
    people: Sequence[Person]


# Set only for the time a pool is forked and working (see ``_plain_rows``).
_JOB: list[_Job] = []
_ENCODER: list[ShareEncoder] = []


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def encode_people(
    secret: bytes,
    check: str,
    people: Sequence[Person],
    *,
    flip: float = FLIP,
    seed: int | None = None,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> tuple[ShareEncoder, list[dict[str, object]]]:
    """The shared rows of ``people`` in their order, and the encoder that made them."""
    encoder = ShareEncoder(secret, check, flip=flip, seed=seed)
    count = default_workers() if workers is None else workers
    if count <= 1 or len(people) < PARALLEL_FROM:
        plain = _inline(encoder, people, progress)
    else:
        plain = _forked(_Job(secret, check, people), count, progress)
    return encoder, [encoder.randomised(p) for p in plain]


def _inline(
    encoder: ShareEncoder, people: Sequence[Person], progress: Progress
) -> list[dict[str, object]]:
    out = []
    for n, (public, personal) in enumerate(people, 1):
        out.append(encoder.plain_row(public, personal))
        if n % 50_000 == 0:
            progress("encoding", n, len(people))
    return out


def _forked(job: _Job, workers: int, progress: Progress) -> list[dict[str, object]]:
    spans = [(a, min(a + CHUNK, len(job.people))) for a in range(0, len(job.people), CHUNK)]
    out: list[dict[str, object]] = []
    _JOB.append(job)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for rows in pool.imap(_encode_span, spans):
                out.extend(rows)
                progress("encoding", len(out), len(job.people))
    finally:
        _JOB.clear()
    return out


def _encode_span(span: tuple[int, int]) -> list[dict[str, object]]:
    """In a worker: the plain rows of one slice of the inherited register."""
    job = _JOB[0]
    if not _ENCODER:
        _ENCODER.append(ShareEncoder(job.secret, job.check))
    encoder = _ENCODER[0]
    return [encoder.plain_row(pub, per) for pub, per in job.people[span[0] : span[1]]]
