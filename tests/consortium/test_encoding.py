"""Encoding a register on several processes gives the same rows, byte for byte, as one
``ShareEncoder.row`` per person, and the same as before it was parallel (a digest of a fixed
sample, taken from the sequential encoder)."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from aidtrace.consortium import encoding, export, linkfile, registers
from aidtrace.consortium.encoding import Person, encode_people
from aidtrace.consortium.share_tokens import ShareEncoder
from aidtrace.workspace import Workspace

from .conftest import Round

SECRET = hashlib.sha256(b"golden round").digest()
# sha256 of the 800 rows below as sorted-key JSON, from the one-person-at-a-time encoder
# (commit 24b48a0, before encoding was parallel).
GOLDEN = "5a22b7875e7679f765f80f4d8d8a80e140dab854d8014c3cec4ecc1dd06facce"


def _people() -> list[Person]:
    regs = registers.generate(400, seed=3)
    out: list[Person] = []
    for r in regs.a + regs.b:
        fields = ("given_name", "father_name", "grandfather_name", "phone", "tazkira")
        personal: dict[str, object] = {k: r[k] for k in fields}
        if r["birth_year"]:
            personal["birth_year"] = int(r["birth_year"])
        if r["age"]:
            personal["age"] = int(r["age"])
        public = {"district_code": r["district_code"], "gender": r["gender"],
                  "registered_on": date(2026, 1, 15)}  # fmt: skip
        out.append((public, personal))
    return out


def _digest(rows: list[dict[str, object]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def test_one_row_at_a_time_matches_the_recorded_digest() -> None:
    encoder = ShareEncoder(SECRET, "check", seed=11)
    assert _digest([encoder.row(pub, per) for pub, per in _people()]) == GOLDEN


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_any_number_of_workers_gives_the_same_rows(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(encoding, "PARALLEL_FROM", 0)
    monkeypatch.setattr(encoding, "CHUNK", 97)  # slices that do not divide the register
    _, rows = encode_people(SECRET, "check", _people(), seed=11, workers=workers)
    assert len(rows) == 800
    assert _digest(rows) == GOLDEN


def test_another_seed_flips_other_bits_but_keeps_the_tokens() -> None:
    _, one = encode_people(SECRET, "check", _people(), seed=11, workers=1)
    _, two = encode_people(SECRET, "check", _people(), seed=12, workers=1)
    assert [r["names_tok"] for r in one] == [r["names_tok"] for r in two]
    assert [r["bloom0"] for r in one] != [r["bloom0"] for r in two]


def _rows(path: Path) -> list[tuple[object, ...]]:
    """The file's rows without their opaque ids (new with every export), in a fixed order."""
    table = linkfile.read(path).table.drop_columns(["record_id"])
    return sorted(tuple(r.values()) for r in table.to_pylist())


def test_an_export_on_workers_writes_what_one_process_wrote(
    exported: Round, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked from a process with the workspace's store open, the workers' rows are the same
    people's rows as the session's export (one process, the same seed)."""
    path = tmp_path / exported.workspaces[0].name
    shutil.copytree(exported.workspaces[0], path)
    monkeypatch.setattr(encoding, "PARALLEL_FROM", 0)
    monkeypatch.setattr(encoding, "CHUNK", 211)
    target = tmp_path / "again.share"
    with Workspace.open(path) as ws:
        export.export(ws, "demo", target, seed=11, workers=2)
    assert _rows(target) == _rows(exported.files[0])
