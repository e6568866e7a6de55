"""Read-only views of the desk's open store, one per server thread, used without the write lock.

DuckDB serves many connections to one database inside one process, each in its own transaction
(MVCC): a cursor of the desk's connection is such a connection. Pages that only read run on the
calling thread's cursor, concurrently with each other and with a write, and see every write
committed before their query began. Writes stay on the desk's one locked connection. The view's
engine refuses statements, so a read path cannot write by mistake.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager

import duckdb
import pyarrow as pa

from aidtrace.errors import StoreError
from aidtrace.store import DuckDBEngine
from aidtrace.store.engine import WriteMode
from aidtrace.workspace import Workspace


class ReadOnlyEngine:
    """An engine over one cursor that answers queries and refuses anything that would write."""

    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._engine = DuckDBEngine(connection)

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        raise StoreError("a read-only view of the store cannot run statements")

    def query(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        return self._engine.query(sql, params)

    def register(self, name: str, table: pa.Table) -> None:
        # Registered tables live on this cursor only: reading them writes nothing.
        self._engine.register(name, table)

    def write(self, name: str, table: pa.Table, mode: WriteMode = "append") -> None:
        raise StoreError("a read-only view of the store cannot write tables")

    def has_table(self, name: str) -> bool:
        return self._engine.has_table(name)

    def transaction(self) -> AbstractContextManager[None]:
        raise StoreError("a read-only view of the store cannot open a transaction")

    def close(self) -> None:
        self._engine.close()


class ReaderPool:
    """One read-only workspace view per thread, made on first use and closed with the desk."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._made: list[ReadOnlyEngine] = []
        self._lock = threading.Lock()

    def current(self) -> Workspace | None:
        """This thread's view, if it has made one since the pool was last closed."""
        view: Workspace | None = getattr(self._local, "view", None)
        return view

    def make(self, workspace: Workspace) -> Workspace:
        """A new view of ``workspace`` (the desk's open, writable one) for this thread; the
        caller holds the desk's lock, so the writer's connection is idle meanwhile."""
        connection = getattr(workspace.engine, "connection", None)
        if not isinstance(connection, duckdb.DuckDBPyConnection):
            raise StoreError("concurrent reads need the DuckDB store")
        engine = ReadOnlyEngine(connection.cursor())
        with self._lock:
            self._made.append(engine)
        view = dataclasses.replace(workspace, engine=engine)
        self._local.view = view
        return view

    def close(self) -> None:
        """Close every cursor (the threads that used them are done with the desk)."""
        with self._lock:
            for engine in self._made:
                engine.close()
            self._made.clear()
        self._local = threading.local()
