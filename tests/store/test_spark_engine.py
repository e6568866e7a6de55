"""What only the Spark backend does: translate DuckDB SQL and skip transaction statements."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from aidtrace.errors import StoreError
from aidtrace.store.spark_engine import SparkEngine, local_session, to_spark_sql


@pytest.mark.parametrize(
    ("duckdb_sql", "fragment"),
    [
        ("SELECT list_value(1, 2) AS l", "ARRAY(1, 2)"),
        ("SELECT a::VARCHAR FROM t", "CAST(a AS STRING)"),
        ("SELECT bit_count(a & b) FROM t", "BIT_COUNT(a & b)"),
    ],
)
def test_duckdb_sql_is_transpiled(duckdb_sql: str, fragment: str) -> None:
    assert fragment in to_spark_sql(duckdb_sql)


def test_unparseable_sql_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot translate"):
        to_spark_sql("SELECT (((")


@pytest.mark.spark
def test_transactions_are_accepted_and_duckdb_functions_run(tmp_path: Path) -> None:
    engine = SparkEngine(local_session(tmp_path / "wh"))
    engine.execute("BEGIN TRANSACTION")
    engine.register("nums", pa.table({"a": [3, 5], "b": [1, 4]}))
    out = engine.query("SELECT sum(bit_count(a & b)) AS n, list_value(1, 2) AS l FROM nums")
    engine.execute("COMMIT")
    assert out.column("n").to_pylist() == [2]
    assert out.column("l").to_pylist() == [[1, 2]]
