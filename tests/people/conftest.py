"""Fixtures: a workspace holding a few hundred planted beneficiaries and staff."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.ingest import get_importer
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

from .sample import (
    BENEFICIARY_COLUMNS,
    STAFF_COLUMNS,
    beneficiary_rows,
    staff_rows,
    write_csv,
)


@pytest.fixture
def people_files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_csv(tmp_path / "beneficiaries.csv", BENEFICIARY_COLUMNS, beneficiary_rows(300)),
        write_csv(tmp_path / "staff.csv", STAFF_COLUMNS, staff_rows(40)),
    )


@pytest.fixture
def people_workspace(workspace: Workspace, people_files: tuple[Path, Path]) -> Workspace:
    get_importer("beneficiaries").load(workspace, people_files[0], no_progress)
    get_importer("staff").load(workspace, people_files[1], no_progress)
    return workspace
