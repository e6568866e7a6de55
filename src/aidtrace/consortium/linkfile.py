"""The linkage file an agency exports: a Parquet table of shared rows and a JSON header.

Format ``aidtrace-share-linkage``, version 1 (``docs/consortium.md`` documents it):

* the Parquet key-value metadata ``aidtrace.share`` holds the header: format, version,
  consortium, round, round check, agency, export id, record count, Bloom filter bits and flip
  probability;
* the table has exactly the columns of ``share_tokens`` (``record_id``, the tokens as 16 hex
  digits or null, four signed 64-bit Bloom words), one row per person.

Reading checks everything before trusting anything: file size, the header's fields and types,
the uncompressed size the Parquet footer announces, the schema, the row count against the header,
every token's shape and the uniqueness of record ids. A file that fails is refused as a whole.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aidtrace.consortium.secret import check_name
from aidtrace.consortium.share_tokens import BLOOM_COLUMNS, TOKEN_COLUMNS
from aidtrace.errors import InputError

FORMAT = "aidtrace-share-linkage"
VERSION = 1
META_KEY = b"aidtrace.share"
MAX_FILE_BYTES = 2 << 30
MAX_UNCOMPRESSED = 8 << 30
MAX_RECORDS = 20_000_000
MAX_HEADER = 16_384
TOKEN_PATTERN = "^[0-9a-f]{16}$"
ID_PATTERN = "^[0-9a-f]{20}$"
ID_BYTES = 10

SCHEMA = pa.schema(
    [("record_id", pa.string())]
    + [(c, pa.string()) for c in TOKEN_COLUMNS]
    + [(c, pa.int64()) for c in BLOOM_COLUMNS]
)


@dataclass(frozen=True)
class Header:
    """What a linkage file says about itself."""

    consortium: str
    round: int
    check: str
    agency: str
    export_id: str
    records: int
    bloom_bits: int
    flip: float
    format: str = FORMAT
    version: int = VERSION


@dataclass(frozen=True)
class LinkageFile:
    header: Header
    table: pa.Table


def new_export_id() -> str:
    return secrets.token_hex(8)


def write(path: Path, header: Header, table: pa.Table) -> Path:
    """Write the file, readable by its owner alone, replacing ``path`` in one step."""
    table = table.cast(SCHEMA)
    meta = {META_KEY: json.dumps(asdict(header), sort_keys=True).encode()}
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            pq.write_table(table.replace_schema_metadata(meta), fh, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _field(data: Mapping[str, object], name: str, kind: type, path: Path) -> object:
    value = data.get(name)
    # bool is an int to Python; a header saying "round": true is malformed, not round 1.
    if type(value) is not kind and not (kind is float and type(value) is int):
        raise InputError(f"header field {name!r} is missing or not a {kind.__name__}", source=path)
    return value


def parse_header(raw: bytes | None, path: Path) -> Header:
    """The header, every field checked (``InputError`` naming the first bad one)."""
    if raw is None or len(raw) > MAX_HEADER:
        raise InputError("is not an aidtrace linkage file (no header)", source=path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"has an unreadable header ({exc})", source=path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("is not an aidtrace linkage file", source=path)
    if data.get("version") != VERSION:
        raise InputError(
            f"is linkage format version {data.get('version')!r}; "
            f"this aidtrace reads version {VERSION}",
            source=path,
        )
    types = {
        "consortium": str,
        "round": int,
        "check": str,
        "agency": str,
        "export_id": str,
        "records": int,
        "bloom_bits": int,
        "flip": float,
    }
    values = {name: _field(data, name, kind, path) for name, kind in types.items()}
    header = Header(**values)  # type: ignore[arg-type]
    _check_header(header, path)
    return header


def _check_header(h: Header, path: Path) -> None:
    check_name(h.consortium)
    check_name(h.agency, "agency")
    problems = [
        (not 1 <= h.round < 1 << 31, "round"),
        (len(h.check) != 16 or not _hex(h.check), "check"),
        (len(h.export_id) != 16 or not _hex(h.export_id), "export_id"),
        (not 0 <= h.records <= MAX_RECORDS, "records"),
        (h.bloom_bits != 64 * len(BLOOM_COLUMNS), "bloom_bits"),
        (not 0.0 <= h.flip < 0.5, "flip"),
    ]
    for bad, name in problems:
        if bad:
            raise InputError(f"header field {name!r} is out of range", source=path)


def _hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def read(path: Path) -> LinkageFile:
    """A linkage file, checked from its size to its last token."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"is {size:,} bytes; a linkage file is at most {MAX_FILE_BYTES:,}", source=path
        )
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"is not a readable linkage file ({exc})", source=path) from None
    with parquet:
        meta = parquet.metadata
        header = parse_header((meta.metadata or {}).get(META_KEY), path)
        _check_footer(meta, header, path)
        try:
            table = parquet.read()
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"has a damaged table ({exc})", source=path) from None
    _check_table(table.replace_schema_metadata(None), path)
    return LinkageFile(header, table.replace_schema_metadata(None))


def _check_footer(meta: pq.FileMetaData, header: Header, path: Path) -> None:
    if meta.num_rows != header.records:
        raise InputError(
            f"holds {meta.num_rows:,} rows but its header says {header.records:,}", source=path
        )
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > MAX_UNCOMPRESSED:
        raise InputError(f"would unpack to {unpacked:,} bytes", source=path)
    if not meta.schema.to_arrow_schema().remove_metadata().equals(SCHEMA):
        raise InputError("does not have the columns of linkage format 1", source=path)


def _check_table(table: pa.Table, path: Path) -> None:
    for column, pattern in ((("record_id",), ID_PATTERN), (TOKEN_COLUMNS, TOKEN_PATTERN)):
        for name in column:
            values = table.column(name)
            ok = pc.match_substring_regex(values, pattern)
            if pc.any(pc.invert(pc.fill_null(ok, True))).as_py():
                raise InputError(f"column {name} holds a value that is not a token", source=path)
    ids = table.column("record_id")
    if ids.null_count or pc.count_distinct(ids).as_py() != table.num_rows:
        raise InputError("record ids are missing or repeated", source=path)
