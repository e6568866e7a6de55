"""The demo's multi-agency round: two or three agencies' workspaces, one consortium, the whole
cycle.

``run_round`` writes each agency's register (``registers``: planted cross-registrations and
innocent look-alikes) into a workspace of its own, joins all to one consortium, and runs what
the agencies and the linkage party would: ``share export`` in each workspace, ``share link`` on
the files, ``share import`` of the result in each. It then scores the cross-agency pairs
found against the planted ones: the demo, unlike a real round, knows the truth, and each
workspace can map its own opaque ids back (the linkage party never could).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from aidtrace.consortium import export, findings, link, linkfile, registers, resultfile
from aidtrace.errors import InputError
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace

CONSORTIUM = "demo"
AGENCIES = (2, 3)  # what ``registers`` plants: B against A, and C against both
ACTOR = "demo"


@dataclass(frozen=True)
class AgencyOutcome:
    agency: str
    workspace: Path
    linkage_file: Path
    records: int
    alerts: int  # cross-agency duplicate alerts raised in this agency's workspace


@dataclass(frozen=True)
class RoundOutcome:
    agencies: tuple[AgencyOutcome, ...]
    result: Path
    planted: int
    found: int
    score: registers.Score
    lookalikes: int
    lookalikes_linked: int


def run_round(
    directory: Path,
    people: int,
    *,
    agencies: int = 2,
    seed: int = 1,
    progress: Progress = no_progress,
) -> RoundOutcome:
    """Set up the agencies' workspaces under ``directory/agencies`` (made afresh), run the
    round and score it; ``people``: beneficiaries per agency."""
    if agencies not in AGENCIES:
        raise InputError("the demo plants cross-registrations between two or three agencies")
    if people < 100:
        raise InputError("a demo round needs at least 100 beneficiaries per agency")
    root = directory / "agencies"
    shutil.rmtree(root, ignore_errors=True)  # the demo's own directory: always made afresh
    root.mkdir(parents=True)
    progress("registers", 0, 1)
    regs = registers.generate(people, seed=seed, agencies=agencies)
    paths = registers.set_up(root, regs, CONSORTIUM)
    exported = [_export(path, root, progress) for path in paths]
    result = _link(root, [f for f, _ in exported], progress)
    alerts = [_import(path, result) for path in paths]
    found = _found(paths, [h for _, h in exported], result)
    return RoundOutcome(
        agencies=tuple(
            AgencyOutcome(h.agency, p, f, h.records, n)
            for p, (f, h), n in zip(paths, exported, alerts, strict=True)
        ),
        result=result,
        planted=len(regs.truth),
        found=len(found),
        score=registers.score(found, regs.truth),
        lookalikes=len(regs.lookalikes),
        lookalikes_linked=len(found & regs.lookalikes),
    )


def _export(path: Path, root: Path, progress: Progress) -> tuple[Path, linkfile.Header]:
    with Workspace.open(path) as ws:
        target = root / f"{path.name}.share"
        return target, export.export(ws, CONSORTIUM, target, actor=ACTOR, progress=progress)


def _link(root: Path, files: list[Path], progress: Progress) -> Path:
    progress("linking", 0, 1)
    read = [linkfile.read(f) for f in files]
    linked = link.link(read)
    progress("linking", 1, 1)
    return resultfile.write(
        root / "result.json", resultfile.build([f.header for f in read], linked)
    )


def _import(path: Path, result: Path) -> int:
    with Workspace.open(path) as ws:
        return findings.import_result(ws, resultfile.read(result)).alerts


def _found(
    paths: tuple[Path, ...], headers: list[linkfile.Header], result: Path
) -> frozenset[tuple[str, str]]:
    """The linked pairs as member ids in sorted order: each workspace maps its own ids."""
    ids = {h.agency: _member_ids(p, h) for p, h in zip(paths, headers, strict=True)}
    pairs = set()
    for cluster in resultfile.read(result).clusters:
        for pair in cluster.pairs:
            one, two = (ids[m.agency][m.record_id] for m in (pair.a, pair.b))
            pairs.add(cast(tuple[str, str], tuple(sorted((one, two)))))
    return frozenset(pairs)


def _member_ids(path: Path, header: linkfile.Header) -> dict[str, str]:
    """Opaque id → the register's member id, as only the exporting agency can work it out."""
    with Workspace.open(path, read_only=True) as ws:
        mapping = export.id_map(ws, export.recall(ws, header.export_id))
    return {opaque: pid.split(":", 1)[1] for opaque, pid in mapping.items()}
