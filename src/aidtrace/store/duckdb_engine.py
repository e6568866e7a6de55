"""The DuckDB backend of the engine seam: the embedded default store."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from aidtrace.errors import StoreError
from aidtrace.store.engine import WriteMode

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _to_arrow(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    # DuckDB 1.4 renamed arrow() to to_arrow_table(); accept both.
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    table: pa.Table = fetch()
    return table


def _ident(name: str) -> str:
    # Table names come from our code, never from users; refuse anything that is not a plain name.
    if not _IDENT.match(name):
        raise StoreError(f"not a valid table name: {name!r}")
    return name


class DuckDBEngine:
    """Runs SQL on one DuckDB connection (a file, or memory for tests)."""

    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        temp_directory: Path | None = None,
        memory_limit: str | None = None,
    ) -> DuckDBEngine:
        """Open (or create) a DuckDB file; ``None`` gives an in-memory store."""
        config: dict[str, str | bool | int | float | list[str]] = {}
        if temp_directory is not None:
            # Spill files stay inside the workspace so that the privacy scan can see them.
            config["temp_directory"] = str(temp_directory)
        if memory_limit is not None:
            config["memory_limit"] = memory_limit
        try:
            con = duckdb.connect(str(path) if path else ":memory:", config=config)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", source=path) from exc
        return cls(con)

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        try:
            # Drain the result: DuckDB 2 refuses new work while a result is pending.
            self.connection.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"{exc}") from exc

    def query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        try:
            relation = self.connection.sql(sql, params=list(params) or None)
            if relation is None:
                raise StoreError(f"statement returned no rows to fetch: {sql[:60]}")
            return _to_arrow(relation)
        except duckdb.Error as exc:
            raise StoreError(f"{exc}") from exc

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(_ident(name), table)

    def write(self, name: str, table: pa.Table, mode: WriteMode = "append") -> None:
        tmp = f"__incoming_{_ident(name)}"
        self.connection.register(tmp, table)
        try:
            if mode == "replace" or not self.has_table(name):
                self.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {tmp}")
            else:
                self.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {tmp}")
        finally:
            self.connection.unregister(tmp)

    def has_table(self, name: str) -> bool:
        table = self.query(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", (name,)
        )
        return bool(table.column("n")[0].as_py())

    def close(self) -> None:
        self.connection.close()
