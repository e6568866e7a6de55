"""The engine seam: the few operations the heavy steps need, whatever runs them.

Core code emits SQL in DuckDB's dialect and hands Arrow tables across; a backend executes.
DuckDB is the embedded default. The Spark backend (linkage, batch screening and flow analytics at
national scale) implements the same protocol, transpiling the SQL with sqlglot, so a monitor never
knows which engine it runs on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import pyarrow as pa

from aidtrace.errors import StoreError

WriteMode = Literal["append", "replace"]


class StoreBusy(StoreError):
    """Another process holds the store (DuckDB admits one writing process, or many reading ones).

    ``pid`` and ``program`` name the holding process when the store told them."""

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        pid: int | None = None,
        program: str | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.pid = pid
        self.program = program


@runtime_checkable
class Engine(Protocol):
    """What a backend must provide. Kept deliberately small (Splink's DatabaseAPI is the model)."""

    name: str

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run a statement that returns nothing (DDL, INSERT … SELECT)."""

    def query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        """Run a query and return its result as an Arrow table."""

    def register(self, name: str, table: pa.Table) -> None:
        """Expose an Arrow table to SQL under ``name`` for the life of the engine."""

    def write(self, name: str, table: pa.Table, mode: WriteMode = "append") -> None:
        """Persist an Arrow table as (or into) table ``name``."""

    def has_table(self, name: str) -> bool:
        """Whether a persistent table or view of that name exists."""

    def transaction(self) -> AbstractContextManager[None]:
        """Run the ``with`` block as one transaction: committed when the block ends, rolled back
        if it raises. One opened inside another joins it (see ``StatementTransactions``)."""

    def close(self) -> None:
        """Release the engine's resources."""


@runtime_checkable
class Joinable(Protocol):
    """An engine with transactions that a bookkeeping statement can join, so that it commits
    with the change it vouches for, or not at all (the audit log's mark; see ``audit.mark``)."""

    def join_next_commit(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run ``sql`` in the next transaction the engine commits (dropped on rollback)."""

    def joining(self) -> list[tuple[str, tuple[object, ...]]]:
        """The statements waiting for that commit (what this connection will have written)."""

    def drop_joining(self) -> None:
        """Forget the statements waiting for that commit: the change they vouch for will not
        come (the workspace is closing on an error)."""


class _Commits(threading.local):
    begun = 0  # outermost transactions this thread has begun to commit


_COMMITS = _Commits()


def commits_begun() -> int:
    """How many outermost transactions this thread has begun to commit. Once one has, its
    change is on its way into the store: whatever stops work so as to leave the store as it was
    (the import memory limit) must let that finish, or it would report as not done what is."""
    return _COMMITS.begun


class StatementTransactions:
    """``Engine.transaction()`` for a backend that spells transactions as statements
    (``BEGIN TRANSACTION``, ``COMMIT``, ``ROLLBACK``, run through its ``execute``).

    Nesting is flat: an inner ``transaction()`` joins the outer one, and only the outermost
    commits. An exception leaving an inner block dooms the whole transaction: the outer block
    rolls back when it ends, and raises ``StoreError`` if it would otherwise have committed,
    so a caller that catches the inner failure cannot commit half of the work."""

    _depth = 0
    _doomed = False

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        raise NotImplementedError  # the backend's own

    def transaction(self) -> AbstractContextManager[None]:
        return self._joined() if self._depth else self._outermost()

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        self.execute("BEGIN TRANSACTION")
        self._depth, self._doomed = 1, False
        try:
            yield
        except BaseException:
            self._finish("ROLLBACK")
            raise
        if self._doomed:
            self._finish("ROLLBACK")
            raise StoreError("rolled back: a part of the transaction failed")
        _COMMITS.begun += 1
        self._finish("COMMIT")

    @contextmanager
    def _joined(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        except BaseException:
            self._doomed = True
            raise
        finally:
            self._depth -= 1

    def _finish(self, sql: str) -> None:
        try:
            self.execute(sql)
        finally:
            self._depth = 0
