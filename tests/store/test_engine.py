"""Contract tests for the engine seam; every backend must pass the same cases."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pytest

from aidtrace.errors import StoreError
from aidtrace.store import DuckDBEngine, Engine


def _spark(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from aidtrace.store.spark_engine import SparkEngine, local_session

    session = local_session(tmp_path_factory.mktemp("warehouse"))
    for table in session.catalog.listTables():
        session.sql(f"DROP TABLE IF EXISTS {table.name}")
    return SparkEngine(session)


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    eng = DuckDBEngine.open(None) if request.param == "duckdb" else _spark(tmp_path_factory)
    yield eng
    eng.close()


def test_is_an_engine(engine: Engine) -> None:
    assert isinstance(engine, Engine)


def test_write_append_and_replace(engine: Engine) -> None:
    engine.write("t", pa.table({"a": [1, 2]}))
    engine.write("t", pa.table({"a": [3]}))
    assert engine.query("SELECT sum(a) AS s FROM t").column("s")[0].as_py() == 6
    engine.write("t", pa.table({"a": [10]}), mode="replace")
    assert engine.query("SELECT sum(a) AS s FROM t").column("s")[0].as_py() == 10


def test_register_and_params(engine: Engine) -> None:
    engine.register("people", pa.table({"name": ["a", "b", "c"], "age": [1, 20, 30]}))
    out = engine.query("SELECT name FROM people WHERE age > ? ORDER BY name", (10,))
    assert out.column("name").to_pylist() == ["b", "c"]


def test_has_table(engine: Engine) -> None:
    assert not engine.has_table("nope")
    engine.execute("CREATE TABLE yes (x INT)")
    assert engine.has_table("yes")


def test_errors_are_store_errors(engine: Engine) -> None:
    with pytest.raises(StoreError):
        engine.query("SELECT * FROM missing_table")


def test_hostile_table_names_are_refused(engine: Engine) -> None:
    with pytest.raises(StoreError, match="not a valid table name"):
        engine.write("t; DROP TABLE x", pa.table({"a": [1]}))


def test_a_transaction_commits_its_block_and_passes_errors_on(engine: Engine) -> None:
    engine.execute("CREATE TABLE tx (x INT)")
    with engine.transaction(), engine.transaction():  # nested: joins the outer one
        engine.execute("INSERT INTO tx VALUES (1)")
    with pytest.raises(StoreError), engine.transaction():
        engine.query("SELECT * FROM missing_table")
    with engine.transaction():  # usable again
        engine.execute("INSERT INTO tx VALUES (2)")
    assert engine.query("SELECT sum(x) AS s FROM tx").column("s")[0].as_py() == 3
