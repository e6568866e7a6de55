"""A statement that joins the next commit (the audit log's mark) commits with the change after
it, inside the caller's transaction or around its next statement, and never without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.errors import StoreError
from aidtrace.store import DuckDBEngine
from aidtrace.store.engine import Joinable

MARK = "INSERT INTO marks VALUES (?)"


def _marks(engine: DuckDBEngine) -> list[int]:
    return [int(r["n"]) for r in engine.query("SELECT n FROM marks ORDER BY n").to_pylist()]


def _changes(engine: DuckDBEngine) -> list[int]:
    return [int(r["n"]) for r in engine.query("SELECT n FROM changes ORDER BY n").to_pylist()]


@pytest.fixture
def engine(tmp_path: Path) -> DuckDBEngine:
    engine = DuckDBEngine.open(tmp_path / "store.duckdb")
    engine.execute("CREATE TABLE marks (n INTEGER)")
    engine.execute("CREATE TABLE changes (n INTEGER CHECK (n > 0))")
    return engine


def _autocommit(engine: DuckDBEngine) -> None:
    engine.execute("INSERT INTO changes VALUES (1)")


def _explicit(engine: DuckDBEngine) -> None:
    engine.execute("BEGIN TRANSACTION")
    engine.execute("INSERT INTO changes VALUES (1)")
    engine.execute("COMMIT")


def _joined_inside(engine: DuckDBEngine) -> None:
    engine.execute("BEGIN TRANSACTION")
    engine.execute("INSERT INTO changes VALUES (1)")
    engine.join_next_commit(MARK, (2,))  # staged after the change, inside its transaction
    engine.execute("COMMIT")


CHANGES: dict[str, Callable[[DuckDBEngine], None]] = {
    "autocommit statement": _autocommit,
    "explicit transaction": _explicit,
    "joined inside the transaction": _joined_inside,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_joined_statement_commits_with_the_next_change(engine: DuckDBEngine, change: str) -> None:
    assert isinstance(engine, Joinable)
    engine.join_next_commit(MARK, (1,))
    assert _marks(engine) == []  # waiting, not written
    assert engine.joining() == [(MARK, (1,))]
    CHANGES[change](engine)
    assert _marks(engine)[:1] == [1]
    assert _changes(engine) == [1]
    assert engine.joining() == []


def test_a_rolled_back_change_takes_its_mark_with_it(engine: DuckDBEngine) -> None:
    engine.join_next_commit(MARK, (1,))
    engine.execute("BEGIN TRANSACTION")
    engine.execute("INSERT INTO changes VALUES (1)")
    engine.execute("ROLLBACK")
    assert (_marks(engine), _changes(engine)) == ([], [])
    engine.execute("INSERT INTO changes VALUES (2)")  # a later change does not carry it
    assert _marks(engine) == []


def test_a_failed_autocommit_statement_takes_its_mark_with_it(engine: DuckDBEngine) -> None:
    engine.join_next_commit(MARK, (1,))
    with pytest.raises(StoreError):
        engine.execute("INSERT INTO changes VALUES (-1)")  # violates the check
    assert (_marks(engine), _changes(engine), engine.joining()) == ([], [], [])
    engine.execute("INSERT INTO changes VALUES (1)")  # the engine is usable afterwards
    assert _changes(engine) == [1]


def test_what_joined_no_change_commits_when_the_engine_closes(tmp_path: Path) -> None:
    engine = DuckDBEngine.open(tmp_path / "store.duckdb")
    engine.execute("CREATE TABLE marks (n INTEGER)")
    engine.join_next_commit(MARK, (7,))
    engine.close()
    again = DuckDBEngine.open(tmp_path / "store.duckdb")
    assert _marks(again) == [7]
    again.close()
