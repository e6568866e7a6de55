"""Two agencies' workspaces in one consortium, with planted cross-registrations, exported once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from aidtrace.consortium import export, registers
from aidtrace.consortium.linkfile import Header
from aidtrace.workspace import Workspace

PEOPLE = 1500


@dataclass(frozen=True)
class Round:
    registers: registers.Registers
    workspaces: tuple[Path, Path]
    files: tuple[Path, Path]
    headers: tuple[Header, Header]


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Round:
    """Agencies A and B (1,500 beneficiaries each, 150 cross-registered, 75 look-alikes), both
    exported for round 1 of consortium ``demo``. Tests copy a workspace before changing it."""
    root = tmp_path_factory.mktemp("consortium")
    regs = registers.generate(PEOPLE, seed=7)
    a, b = registers.set_up(root, regs)
    paths = (a, b)
    files, headers = [], []
    for path in paths:
        with Workspace.open(path) as ws:
            target = root / f"{path.name}.share"
            headers.append(export.export(ws, "demo", target, seed=11))
            files.append(target)
    return Round(regs, paths, (files[0], files[1]), (headers[0], headers[1]))


@dataclass(frozen=True)
class Linked:
    result: Path
    document: dict[str, object]
    found: frozenset[tuple[str, str]]  # (A member id, B member id) linked


def member_ids(workspace: Path, header: Header) -> dict[str, str]:
    """Opaque id → the register's member id (what only the exporting agency can work out)."""
    with Workspace.open(workspace, read_only=True) as ws:
        mapping = export.id_map(ws, export.recall(ws, header.export_id))
    return {opaque: pid.split(":", 1)[1] for opaque, pid in mapping.items()}


@pytest.fixture(scope="session")
def linked(exported: Round, tmp_path_factory: pytest.TempPathFactory) -> Linked:
    """The two files linked on DuckDB, the result written, and the pairs it found."""
    from aidtrace.consortium import link, linkfile, resultfile

    files = [linkfile.read(f) for f in exported.files]
    outcome = link.link(files)
    document = resultfile.build([f.header for f in files], outcome)
    path = resultfile.write(tmp_path_factory.mktemp("result") / "result.json", document)
    ids = {
        h.agency: member_ids(w, h)
        for w, h in zip(exported.workspaces, exported.headers, strict=True)
    }
    found = set()
    for pair in outcome.pairs:
        side_a, side_b = cast(tuple[str, str], pair["a"]), cast(tuple[str, str], pair["b"])
        a, b = ids[side_a[0]][side_a[1]], ids[side_b[0]][side_b[1]]
        found.add((a, b) if a.startswith("A") else (b, a))
    return Linked(path, document, frozenset(found))
