"""The scenario's files import with the project's own importers (the formats agreed in docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.demo import Scenario
from aidtrace.ingest import get_importer
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

KINDS = [
    ("needs", "geography.csv"),
    ("organisations", "organisations.csv"),
    ("staff", "staff.csv"),
    ("attendance", "attendance.csv"),
    ("beneficiaries", "beneficiaries.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
    ("prices", "prices.csv"),
    ("fx", "fx.csv"),
    ("iati", "iati.xml"),
]


def test_every_file_imports(scenario: Scenario, workspace: Workspace) -> None:
    for kind, name in KINDS:
        result = get_importer(kind).load(workspace, scenario.out_dir / name, no_progress)
        assert result.rows > 0, kind
    rows = workspace.engine.query("SELECT count(*) AS n FROM imports", ()).column("n")[0].as_py()
    assert rows == len(KINDS)


@pytest.mark.parametrize(("kind", "name"), KINDS[:1])
def test_files_are_utf8_with_hxl_row(scenario: Scenario, kind: str, name: str) -> None:
    lines = Path(scenario.out_dir / name).read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("#")
