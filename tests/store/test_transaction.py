"""``Engine.transaction()``: one block, committed whole or rolled back whole; nesting joins the
outer transaction; statements joined to the next commit commit with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext, suppress
from pathlib import Path

import pyarrow as pa
import pytest

from aidtrace.errors import StoreError
from aidtrace.store import DuckDBEngine

MARK = "INSERT INTO marks VALUES (?)"


class Boom(Exception):
    pass


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[DuckDBEngine]:
    engine = DuckDBEngine.open(tmp_path / "store.duckdb")
    engine.execute("CREATE TABLE marks (n INTEGER)")
    engine.execute("CREATE TABLE changes (n INTEGER)")
    yield engine
    engine.close()


def _rows(engine: DuckDBEngine, table: str) -> list[int]:
    rows = engine.query(f"SELECT n FROM {table} ORDER BY n").to_pylist()
    return [int(r["n"]) for r in rows]


def _insert(engine: DuckDBEngine, *values: int) -> None:
    for n in values:
        engine.execute("INSERT INTO changes VALUES (?)", (n,))


def _insert_then(
    engine: DuckDBEngine, failure: BaseException | Callable[[], None], *, nested: bool = False
) -> None:
    """Insert 1 in a transaction (in a nested block if ``nested``), then fail."""
    with engine.transaction():
        with engine.transaction() if nested else nullcontext():
            _insert(engine, 1)
        if isinstance(failure, BaseException):
            raise failure
        failure()


def _catch_an_inner_failure(engine: DuckDBEngine) -> None:
    with engine.transaction():
        _insert(engine, 1)
        with suppress(Boom), engine.transaction():
            _insert(engine, 2)
            raise Boom()
        _insert(engine, 3)


def test_a_block_that_ends_commits(engine: DuckDBEngine) -> None:
    with engine.transaction():
        _insert(engine, 1, 2)
    assert _rows(engine, "changes") == [1, 2]


@pytest.mark.parametrize("error", [Boom, KeyboardInterrupt, StoreError])
def test_a_block_that_raises_rolls_back_and_the_error_propagates(
    engine: DuckDBEngine, error: type[BaseException]
) -> None:
    with pytest.raises(error):
        _insert_then(engine, error("stop"))
    assert _rows(engine, "changes") == []
    _insert(engine, 3)  # no transaction left open: the engine is usable
    assert _rows(engine, "changes") == [3]


def test_a_failing_statement_rolls_back_what_came_before_it(engine: DuckDBEngine) -> None:
    with pytest.raises(StoreError):
        _insert_then(engine, lambda: engine.execute("INSERT INTO missing VALUES (1)"))
    assert _rows(engine, "changes") == []


def test_a_nested_block_joins_the_outer_transaction(engine: DuckDBEngine) -> None:
    with engine.transaction():
        _insert(engine, 1)
        with engine.transaction():
            _insert(engine, 2)
        with engine.transaction():
            _insert(engine, 3)
        _insert(engine, 4)
    assert _rows(engine, "changes") == [1, 2, 3, 4]


def test_a_failed_inner_block_rolls_back_the_outer_even_when_caught(
    engine: DuckDBEngine,
) -> None:
    with pytest.raises(StoreError, match="a part of the transaction failed"):
        _catch_an_inner_failure(engine)
    assert _rows(engine, "changes") == []
    with engine.transaction():  # the next transaction starts clean
        _insert(engine, 5)
    assert _rows(engine, "changes") == [5]


def test_an_inner_block_does_not_commit_on_its_own(engine: DuckDBEngine) -> None:
    with pytest.raises(Boom):
        _insert_then(engine, Boom(), nested=True)
    assert _rows(engine, "changes") == []


@pytest.mark.parametrize("staged", ["before the block", "inside the block", "inside a nested one"])
def test_joined_statements_commit_with_the_transaction(engine: DuckDBEngine, staged: str) -> None:
    if staged == "before the block":
        engine.join_next_commit(MARK, (1,))
    with engine.transaction():
        _insert(engine, 1)
        if staged == "inside the block":
            engine.join_next_commit(MARK, (1,))
        with engine.transaction():
            if staged == "inside a nested one":
                engine.join_next_commit(MARK, (1,))
        assert _rows(engine, "marks") == []  # waits for the outermost commit
    assert (_rows(engine, "marks"), _rows(engine, "changes")) == ([1], [1])
    assert engine.joining() == []


def test_joined_statements_are_dropped_with_a_rollback(engine: DuckDBEngine) -> None:
    engine.join_next_commit(MARK, (1,))
    with pytest.raises(Boom):
        _insert_then(engine, Boom())
    assert (_rows(engine, "marks"), _rows(engine, "changes"), engine.joining()) == ([], [], [])


def test_a_failing_joined_statement_rolls_back_the_transaction(engine: DuckDBEngine) -> None:
    engine.join_next_commit("INSERT INTO missing VALUES (?)", (1,))
    with pytest.raises(StoreError), engine.transaction():
        _insert(engine, 1)
    assert _rows(engine, "changes") == []
    _insert(engine, 2)
    assert _rows(engine, "changes") == [2]


def test_the_commit_is_durable(tmp_path: Path) -> None:
    engine = DuckDBEngine.open(tmp_path / "store.duckdb")
    engine.execute("CREATE TABLE changes (n INTEGER)")
    with engine.transaction():
        _insert(engine, 7)
    engine.close()
    again = DuckDBEngine.open(tmp_path / "store.duckdb")
    assert _rows(again, "changes") == [7]
    again.close()


def test_a_failing_write_in_a_transaction_reports_its_own_error(engine: DuckDBEngine) -> None:
    # The table's rows are handed to the store as a view; in a transaction the failed statement
    # aborted, dropping the view fails too, and that error used to hide the one that said what
    # was wrong (a TransactionException "current transaction is aborted", not a StoreError).
    engine.execute("CREATE TABLE people (id VARCHAR PRIMARY KEY)")
    twice = pa.table({"id": ["a", "a"]})
    with pytest.raises(StoreError, match="duplicate key"):
        _insert_then(engine, lambda: engine.write("people", twice))
    assert _rows(engine, "changes") == []  # rolled back whole
    engine.write("people", pa.table({"id": ["b"]}))  # and the store takes the next write
    assert engine.query("SELECT id FROM people").to_pylist() == [{"id": "b"}]
