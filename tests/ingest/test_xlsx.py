"""Hostile workbooks are refused before they are inflated; declared dimensions are ignored."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from benchmarks.hostile.files import (
    HEADER,
    write_xlsx,
    write_xlsx_cell_bomb,
    write_xlsx_huge_dimension,
    write_xlsx_wide_rows,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.errors import InputError
from aidtrace.ingest.limits import InputLimits
from aidtrace.ingest.tabular import read_raw
from aidtrace.ingest.xlsx import _columns, inspect_zip


def test_cell_bomb_refused_before_inflating(tmp_path: Path) -> None:
    # 120 MiB of one cell in a ~120 KB file: under the total bound, far over the ratio.
    path = write_xlsx_cell_bomb(tmp_path / "bomb.xlsx", cell_mib=120)
    with pytest.raises(InputError, match=r"inflates 1,0\d\d:1 .*\(input_max_xlsx_ratio") as info:
        read_raw(path)
    assert info.value.source == str(path)


def test_total_inflated_size_bounded(tmp_path: Path) -> None:
    # Ordinary, poorly compressible cells: the ratio holds, the total does not.
    rows = [list(HEADER)] + [[f"X{i}", f"{i * 7919:x}{i * 104729:x}"] for i in range(40_000)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    with pytest.raises(InputError, match=r"inflates to \d MiB, over the limit of 1 MiB"):
        inspect_zip(path, InputLimits(xlsx_unzipped_mb=1))
    inspect_zip(path, InputLimits())  # within the defaults


@pytest.mark.parametrize("dimension", ["A1:CV20000", "A1:XFD1048576"])
def test_declared_dimension_is_ignored(tmp_path: Path, dimension: str) -> None:
    rows = [list(HEADER), ["X1", "Ahmad"]]
    path = write_xlsx(tmp_path / "dim.xlsx", rows, dimension=dimension)
    sheet = read_raw(path)
    assert sheet.body.shape == (1, 2)  # the cells present, not the sheet declared
    assert sheet.body.row(0) == ("X1", "Ahmad")


def test_rows_up_to_a_far_cell_are_not_padded_to_the_declared_width(tmp_path: Path) -> None:
    # Declares A1:XFD1048576 and has a cell in row 1,048,576: the rows between stay empty
    # and two columns wide (trusting the declaration would make them 16,384 wide).
    sheet = read_raw(write_xlsx_huge_dimension(tmp_path / "dim.xlsx"))
    assert sheet.body.shape == (1_048_575, 2)
    assert sheet.body.row(0) == ("X1", "Ahmad")
    assert sheet.body.row(-1) == ("X2", "Mahmud")
    assert sheet.body.slice(1, 1_048_573).null_count().row(0) == (1_048_573, 1_048_573)


def test_sparse_grid_bounded(tmp_path: Path) -> None:
    # One cell per row in column XFD: 16,384 columns wide for a few kilobytes per row.
    path = write_xlsx_wide_rows(tmp_path / "wide.xlsx", rows=2_000)
    with pytest.raises(InputError, match=r"more than 20,000,000 cells by row 1,221 \(16,384"):
        read_raw(path)


def test_gaps_and_ragged_rows_keep_their_lines(tmp_path: Path) -> None:
    rows = [["a", "b"], ["#x", "#y"], ["1", "2", "3"], [], ["4"]]
    sheet = read_raw(write_xlsx(tmp_path / "ok.xlsx", rows))
    assert sheet.body.rows() == [("1", "2", "3"), (None, None, None), ("4", None, None)]
    assert sheet.line(2) == 5


def _shrink_declared_size(path: Path, member: str, size: int) -> None:
    """Make the zip directory claim ``member`` inflates to ``size`` bytes (it lies)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    central = data.index(b"PK\x01\x02")  # the first central directory record
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, size)
    path.write_bytes(bytes(data))


def test_member_lying_about_its_size_is_refused(tmp_path: Path) -> None:
    rows = [list(HEADER), ["X1", "a" * 5_000_000]]
    path = write_xlsx(tmp_path / "lie.xlsx", rows)
    _shrink_declared_size(path, "xl/worksheets/sheet1.xml", 2_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 2_000
    # zipfile stops at the declared size and checks the CRC: the sheet cannot be read whole.
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_raw(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_raw(path)


def test_workbook_without_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_raw(path)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=6), max_size=8),
)
def test_sparse_columns_equal_the_padded_grid(rows: list[list[str | None]]) -> None:
    columns = _columns([tuple(r) for r in rows], InputLimits(), lambda v: f"<{v}>", Path("t"))
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None), default=0)
    padded = [[f"<{v}>" if v is not None else None for v in r] + [None] * 8 for r in rows]
    assert columns == [[row[i] for row in padded] for i in range(width)]
