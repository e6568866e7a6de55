"""The Spark backend of the engine seam: the same SQL, run distributed.

Core code speaks DuckDB's dialect; this backend transpiles each statement to Spark SQL with
sqlglot (which Splink already depends on) and binds ``?`` parameters positionally, so a monitor
runs unchanged on a laptop or a cluster. Tables written here are managed Spark tables in the
session's warehouse; registered Arrow tables are temporary views.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import sqlglot
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession

from aidtrace.errors import StoreError
from aidtrace.store.engine import StatementTransactions, WriteMode

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Statements Spark has no use for: each SQL statement is its own unit of work there.
_NO_OP = re.compile(r"^\s*(BEGIN(\s+TRANSACTION)?|COMMIT|ROLLBACK)\s*;?\s*$", re.IGNORECASE)


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise StoreError(f"not a valid table name: {name!r}")
    return name


def local_session(
    warehouse: Path,
    *,
    cores: int = 2,
    memory: str = "2g",
    app: str = "aidtrace",
    scratch: Path | None = None,
) -> SparkSession:
    """A local-mode session tuned for one machine: few shuffle partitions, no UI. Its Python
    workers run this interpreter, which has aidtrace (unless ``PYSPARK_PYTHON`` says otherwise):
    the first session of a process fixes the workers' interpreter for every later one."""
    # read when the context starts; Spark's own default, "python3", may be another interpreter
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder: Any = SparkSession.builder.master(f"local[{cores}]").appName(app)
    if scratch is not None:
        builder = builder.config("spark.local.dir", str(scratch))
    session: SparkSession = (
        builder.config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    return session


def to_spark_sql(sql: str) -> str:
    """DuckDB-dialect SQL as Spark SQL."""
    try:
        return ";\n".join(sqlglot.transpile(sql, read="duckdb", write="spark"))
    except sqlglot.errors.ParseError as exc:
        raise StoreError(f"cannot translate SQL for Spark: {exc}") from exc


class SparkEngine(StatementTransactions):
    """Runs the seam's operations on a SparkSession (local mode in tests, a cluster in
    production). Closing stops the session only if this engine started it.

    Spark has no multi-statement transactions: ``transaction()`` groups nothing there, and each
    statement is its own unit of work."""

    name = "spark"

    def __init__(self, session: SparkSession, *, owns_session: bool = False) -> None:
        self.session = session
        self._owns_session = owns_session

    @classmethod
    def open(cls, warehouse: Path, *, cores: int = 2) -> SparkEngine:
        """Start a local session whose managed tables live under ``warehouse``."""
        return cls(local_session(warehouse, cores=cores), owns_session=True)

    def _frame(self, sql: str, params: Sequence[object]) -> DataFrame:
        try:
            frame: DataFrame = self.session.sql(to_spark_sql(sql), args=list(params) or None)
        except PySparkException as exc:
            raise StoreError(f"{exc}") from exc
        return frame

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        if _NO_OP.match(sql):
            return
        try:
            self._frame(sql, params).collect()
        except PySparkException as exc:
            raise StoreError(f"{exc}") from exc

    def query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        try:
            table: pa.Table = self._frame(sql, params).toArrow()
        except PySparkException as exc:
            raise StoreError(f"{exc}") from exc
        return table

    def register(self, name: str, table: pa.Table) -> None:
        self.session.createDataFrame(table).createOrReplaceTempView(_ident(name))

    def write(self, name: str, table: pa.Table, mode: WriteMode = "append") -> None:
        frame = self.session.createDataFrame(table)
        target = _ident(name)
        try:
            if mode == "replace" or not self.has_table(target):
                frame.write.mode("overwrite").saveAsTable(target)
            else:
                # Match columns by name, as DuckDB's INSERT … BY NAME does.
                columns = self.session.table(target).columns
                frame.select(*columns).write.mode("append").saveAsTable(target)
        except PySparkException as exc:
            raise StoreError(f"{exc}") from exc

    def has_table(self, name: str) -> bool:
        return bool(self.session.catalog.tableExists(name))

    def close(self) -> None:
        if self._owns_session:
            self.session.stop()
