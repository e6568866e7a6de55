"""Published aid data (HNO, IPC, FTS requirements): a revised export of the same records replaces
the stored rows instead of adding to them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

AFG = Path("real/afghanistan")


@pytest.mark.parametrize(
    ("kind", "name", "table"),
    [
        ("hno", "hno/afg_hpc_needs_api_2024.csv", "hno_caseload"),
        ("ipc", "ipc/ipc_afg_area_long.csv", "ipc_phases"),
        ("fts", "fts/fts_requirements_funding_cluster_afg.csv", "fts_requirements"),
    ],
)
def test_a_revised_export_replaces_the_stored_rows(
    workspace: Workspace, shared_data: Path, tmp_path: Path, kind: str, name: str, table: str
) -> None:
    original = shared_data / AFG / name
    first = import_file(workspace, kind, original).rows
    stored = workspace.engine.query(f"SELECT count(*) AS n FROM {table}").to_pylist()[0]["n"]
    # the same records in another order: another file (not skipped as already imported)
    with original.open(encoding="utf-8", newline="") as fh:
        header, *records = list(csv.reader(fh))
    revised = tmp_path / original.name
    with revised.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *reversed(records)])
    again = import_file(workspace, kind, revised)
    assert not again.skipped
    assert again.rows == first
    after = workspace.engine.query(f"SELECT count(*) AS n FROM {table}").to_pylist()[0]["n"]
    assert after == stored
    latest = workspace.engine.query(
        f"SELECT count(DISTINCT import_id) AS n FROM {table}"
    ).to_pylist()[0]["n"]
    assert latest == 1
