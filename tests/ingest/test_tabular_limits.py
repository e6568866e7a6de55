"""The tabular reader's bounds: cell lengths, ambiguous columns, the csv module's field limit."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from benchmarks.hostile.files import (
    HEADER,
    write_csv_duplicate_header,
    write_csv_long_cell,
    write_xlsx,
)

from aidtrace.config import load_config
from aidtrace.errors import InputError, WorkspaceError
from aidtrace.ingest import get_importer
from aidtrace.ingest.limits import InputLimits, csv_field_limit
from aidtrace.ingest.tabular import read_table
from aidtrace.people.layout import BENEFICIARIES
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

SPEC = BENEFICIARIES.spec


def test_ten_megabyte_cell_refused_naming_file_line_and_column(tmp_path: Path) -> None:
    path = write_csv_long_cell(tmp_path / "long.csv")
    with pytest.raises(InputError) as info:
        read_table(path, SPEC)
    error = info.value
    assert (error.source, error.record) == (str(path), 2)
    assert error.message == (
        "column '#beneficiary+name+given': the cell is 10,485,760 characters long, over the "
        "limit of 65,536 (input_max_cell_chars in aidtrace.toml)"
    )


@pytest.mark.parametrize(
    ("cells", "line", "message"),
    [
        # a personal field: the tighter bound
        (["X1", "a" * 4_097], 3, "column 'Name': the cell is 4,097 characters long"),
        # a personal field within it
        (["X1", "a" * 4_096], None, None),
        # a column no field reads: still held to the general bound
        (["X1", "Ahmad", "b" * 70_000], 3, "column 'Notes': the cell is 70,000 characters"),
        # a non-personal field within the general bound
        (["X" * 5_000, "Ahmad"], None, None),
    ],
)
def test_cell_bounds_in_xlsx(
    tmp_path: Path, cells: list[str], line: int | None, message: str | None
) -> None:
    rows = [["Id", "Name", "Notes"], [*HEADER, "#meta+notes"], cells]
    path = write_xlsx(tmp_path / "people.xlsx", rows)
    if message is None:
        assert read_table(path, SPEC).num_rows == 1
        return
    with pytest.raises(InputError, match=message) as info:
        read_table(path, SPEC)
    assert info.value.record == line


def _set(workspace: Workspace, setting: str, value: int) -> None:
    """Change one line of the workspace's aidtrace.toml, as a user would."""
    path = workspace.path / "aidtrace.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{setting} = {value}" if ln.startswith(f"{setting} =") else ln for ln in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_personal_bound_comes_from_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    _set(workspace, "input_max_personal_chars", 8)
    assert InputLimits.of(load_config(workspace.path)).personal_chars == 8
    path = tmp_path / "b.csv"
    path.write_text(f"{','.join(HEADER)}\nX1,Abdulrahman\n", encoding="utf-8")
    with Workspace.open(workspace.path) as ws:
        with pytest.raises(InputError, match="11 characters long, over the limit of 8"):
            get_importer("beneficiaries").load(ws, path, no_progress)
        assert ws.engine.query("SELECT count(*) AS n FROM people").column("n")[0].as_py() == 0


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (None, "hashtag '#beneficiary+name+given' (given_name) is in columns 2 and 3: ambiguous"),
        (
            {"member_id": "Id", "given_name": "Name"},
            "header 'Name' (mapped to given_name) is in columns 2 and 3: ambiguous",
        ),
    ],
)
def test_duplicate_columns_refused(
    tmp_path: Path, mapping: dict[str, str] | None, message: str
) -> None:
    path = write_csv_duplicate_header(tmp_path / "dup.csv")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        read_table(path, SPEC, mapping)
    assert str(info.value).startswith(f"{path}: ")


def test_same_field_under_its_hashtag_and_an_alias_is_not_ambiguous(tmp_path: Path) -> None:
    from aidtrace.ingest.tabular import Column, TableSpec

    spec = TableSpec("t", (Column("purpose", "#sector", aliases=("#txn+purpose",)),))
    path = tmp_path / "t.csv"
    path.write_text("#txn+purpose,#sector\nfood,wash\n", encoding="utf-8")
    assert read_table(path, spec).column("purpose").to_pylist() == ["food"]  # first, as before


def test_csv_field_limit_is_held_and_restored() -> None:
    before = csv.field_size_limit()
    with csv_field_limit(10), pytest.raises(csv.Error, match="field larger than field limit"):
        list(csv.reader(io.StringIO("a" * 11 + "\n")))
    assert csv.field_size_limit() == before


def test_limits_are_positive_settings(workspace: Workspace) -> None:
    _set(workspace, "input_max_cell_chars", 0)
    with pytest.raises(WorkspaceError, match="input_max_cell_chars"):
        load_config(workspace.path)


@pytest.mark.parametrize(
    ("hxl", "refused"),
    [("#org+name", True), ("#org+name+i_fa", True), ("#adm1+name", True), ("#sector", False)],
)
def test_every_name_is_held_to_the_personal_bound(tmp_path: Path, hxl: str, refused: bool) -> None:
    from aidtrace.ingest.tabular import Column, TableSpec

    spec = TableSpec("t", (Column("id", "#org+id"), Column("text", hxl)))
    path = tmp_path / "t.csv"
    path.write_text(f"#org+id,{hxl}\nO1,{'a' * 5_000}\n", encoding="utf-8")
    if not refused:
        assert read_table(path, spec).num_rows == 1
        return
    with pytest.raises(InputError, match="5,000 characters long, over the limit of 4,096"):
        read_table(path, spec)
