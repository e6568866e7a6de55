"""The linkage file: written 0600, read back whole, and refused whole when anything is off."""

from __future__ import annotations

import itertools
import json
import stat
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aidtrace.consortium import linkfile
from aidtrace.errors import InputError

from .conftest import Round


def test_an_export_reads_back(exported: Round) -> None:
    read = linkfile.read(exported.files[0])
    assert read.header == exported.headers[0]
    assert read.table.num_rows == read.header.records == 1500
    assert stat.S_IMODE(exported.files[0].stat().st_mode) == 0o600


def test_an_export_holds_no_plaintext(exported: Round) -> None:
    blob = pq.read_table(exported.files[1]).to_pylist()
    text = json.dumps(blob, default=str)
    for row in exported.registers.b[:200]:
        for field in ("given_name", "father_name", "phone", "tazkira", "member_id"):
            if row[field]:
                assert row[field] not in text, field


def _rewrite(src: Path, dst: Path, table: pa.Table | None = None, **header: Any) -> Path:
    read = linkfile.read(src)
    meta = json.dumps(asdict(read.header) | header).encode()
    body = read.table if table is None else table
    pq.write_table(body.replace_schema_metadata({linkfile.META_KEY: meta}), dst)
    return dst


def _set(table: pa.Table, column: str, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[3] = value
    i = table.column_names.index(column)
    return table.set_column(i, column, pa.array(values, table.schema.field(column).type))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"format": "csv"}, "not an aidtrace linkage file"),
        ({"version": 2}, "version 2"),
        ({"round": True}, "'round'"),
        ({"round": 0}, "'round' is out of range"),
        ({"records": 10}, "header says 10"),
        ({"check": "XYZ"}, "'check'"),
        ({"agency": "../x"}, "must be"),
        ({"bloom_bits": 512}, "'bloom_bits'"),
        ({"flip": 0.9}, "'flip'"),
        ({"export_id": 5}, "'export_id'"),
    ],
)
def test_a_bad_header_is_refused(
    exported: Round, tmp_path: Path, header: dict[str, object], message: str
) -> None:
    path = _rewrite(exported.files[0], tmp_path / "bad.share", **header)
    with pytest.raises(InputError, match=message):
        linkfile.read(path)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("names_tok", "Mohammad", "not a token"),
        ("phone_tok", "0700123456", "not a token"),
        ("record_id", "beneficiary:M1", "not a token"),
        ("record_id", None, "missing or repeated"),
    ],
)
def test_a_bad_value_is_refused(
    exported: Round, tmp_path: Path, column: str, value: object, message: str
) -> None:
    table = _set(linkfile.read(exported.files[0]).table, column, value)
    path = _rewrite(exported.files[0], tmp_path / "bad.share", table)
    with pytest.raises(InputError, match=message):
        linkfile.read(path)


def test_repeated_ids_and_foreign_columns_are_refused(exported: Round, tmp_path: Path) -> None:
    table = linkfile.read(exported.files[0]).table
    first = table.column("record_id")[0].as_py()
    path = _rewrite(exported.files[0], tmp_path / "a.share", _set(table, "record_id", first))
    with pytest.raises(InputError, match="repeated"):
        linkfile.read(path)
    extra = table.append_column("given_name", pa.array(["x"] * table.num_rows))
    path = _rewrite(exported.files[0], tmp_path / "b.share", extra)
    with pytest.raises(InputError, match="columns"):
        linkfile.read(path)


@pytest.mark.parametrize("content", [b"", b"PAR1garbage", b"not parquet at all" * 100])
def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.share"
    path.write_bytes(content)
    with pytest.raises(InputError):
        linkfile.read(path)


def test_a_header_too_large_is_refused(exported: Round, tmp_path: Path) -> None:
    read = linkfile.read(exported.files[0])
    big = {linkfile.META_KEY: b"{" + b" " * (linkfile.MAX_HEADER + 1) + b"}"}
    pq.write_table(read.table.replace_schema_metadata(big), tmp_path / "h.share")
    with pytest.raises(InputError, match="no header"):
        linkfile.read(tmp_path / "h.share")


def test_header_records_are_bounded(exported: Round) -> None:
    header = replace(exported.headers[0], records=linkfile.MAX_RECORDS + 1)
    with pytest.raises(InputError, match="'records'"):
        linkfile.parse_header(json.dumps(asdict(header)).encode(), Path("x"))


def test_rows_do_not_follow_the_register_order(exported: Round) -> None:
    from .conftest import member_ids

    ids = member_ids(exported.workspaces[0], exported.headers[0])
    order = [ids[r] for r in linkfile.read(exported.files[0]).table.column("record_id").to_pylist()]
    assert order != sorted(order)
    assert sum(a < b for a, b in itertools.pairwise(order)) < 0.6 * len(order)
