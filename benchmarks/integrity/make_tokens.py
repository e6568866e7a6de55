"""Tokenise a demo scenario's beneficiaries into a ``person_tokens``-shaped Parquet file.

Uses the importers' own token function (``aidtrace.people.tokens.token_row``) without the
field encryption, so the linkage benchmark starts from exactly what a workspace would hold.

    .venv/bin/python benchmarks/integrity/make_tokens.py DEMO_DIR OUT.parquet
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from aidtrace.integrity.tokenshape import tokens_of_rows

KEY = bytes(range(32))
BATCH = 100_000


def read_people(path: Path) -> pl.DataFrame:
    """A demo CSV as text columns (the second row holds HXL tags)."""
    return pl.read_csv(path, skip_rows_after_header=1, infer_schema=False)


def _type(column: str) -> pa.DataType:
    # A batch where a column is all blank must still have the column's real type.
    if column.startswith("name_bf"):
        return pa.int64()
    if column.startswith("age_"):
        return pa.bool_()
    return pa.date32() if column == "registered_on" else pa.string()


def main(demo: Path, out: Path) -> None:
    frame = read_people(demo / "beneficiaries.csv")
    start = time.perf_counter()
    writer: pq.ParquetWriter | None = None
    for offset in range(0, frame.height, BATCH):
        table = tokens_of_rows(frame.slice(offset, BATCH).to_dicts(), KEY)
        table = table.cast(pa.schema([pa.field(f.name, _type(f.name)) for f in table.schema]))
        if writer is None:
            writer = pq.ParquetWriter(out, table.schema)
        writer.write_table(table)
        print(f"{offset + table.num_rows} rows, {time.perf_counter() - start:.0f} s", flush=True)
    if writer is not None:
        writer.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
