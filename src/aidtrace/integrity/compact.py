"""Tokens as 64-bit integers for the linkage job: the same values, a quarter of the memory.

The privacy layer writes each token as 16 hex digits (a truncated HMAC-SHA256). Linkage only ever
asks whether two tokens are equal, so it can hold each one as the signed 64-bit integer those
digits spell: the mapping is one-to-one, every comparison and blocking rule gives the same answer,
and the scores are identical. What changes is the size. A hex token is a 16-byte string (plus its
offset in Arrow, plus a heap copy in DuckDB); an integer is 8 bytes, and engines hash and join it
faster. At a million records this is what keeps the linkage job under 4 GB.

A column is converted only when every recorded value is exactly 16 hex digits; anything else
(a test's hand-written token, a future token format) is left as text, which still links correctly.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from aidtrace.integrity.tokenshape import TOKEN_COLUMNS

HEX_DIGITS = 16
# Token columns (not ids, codes or dates): everything named as a token, key or pair key.
TOKEN_SUFFIXES = ("_tok", "_key", "_phon", "birth_pair_a", "birth_pair_b")


def token_columns(schema: pa.Schema) -> list[str]:
    """The hex-token columns of a token table that linkage reads."""
    return [
        name
        for name in TOKEN_COLUMNS
        if name in schema.names and name.endswith(TOKEN_SUFFIXES) and name != "token_key_id"
    ]


def hex_to_int64(column: pa.ChunkedArray | pa.Array) -> pa.Array | None:
    """The column as signed 64-bit integers, or ``None`` if some value is not 16 hex digits."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_null(array.type):  # a column nobody filled in: no tokens at all
        return pa.nulls(len(array), pa.int64())
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        return None
    nulls = array.is_null()
    filled = pc.fill_null(array, "0" * HEX_DIGITS).cast(pa.large_string())
    if len(filled) and pc.min_max(pc.utf8_length(filled)).as_py() != {"min": 16, "max": 16}:
        return None
    # Every value is 16 characters, so the data buffer holds the values back to back.
    size = len(filled)
    offsets = pa.Array.from_buffers(
        pa.int64(), size + 1, [None, filled.buffers()[1]], offset=filled.offset
    )
    start, end = offsets[0].as_py(), offsets[size].as_py()
    try:
        raw = bytes.fromhex(filled.buffers()[2].to_pybytes()[start:end].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    # The eight bytes each token spells, read as one integer in the machine's byte order: the
    # mapping is one-to-one, and equality is all linkage asks of a token.
    values = pa.Array.from_buffers(pa.int64(), size, [None, pa.py_buffer(raw)])
    return pc.if_else(nulls, pa.scalar(None, pa.int64()), values)


def is_compact(tokens: pa.Table) -> bool:
    """Whether the token columns are already integers (or there are none to convert)."""
    return all(
        pa.types.is_integer(tokens.schema.field(c).type) for c in token_columns(tokens.schema)
    )


def compact(tokens: pa.Table) -> pa.Table:
    """The columns linkage reads, hex tokens as integers (a no-op on a compact table)."""
    table = tokens.select([c for c in TOKEN_COLUMNS if c in tokens.column_names])
    for name in token_columns(table.schema):
        converted = hex_to_int64(table.column(name))
        if converted is not None:
            index = table.schema.get_field_index(name)
            table = table.set_column(index, pa.field(name, pa.int64()), converted)
    return table
