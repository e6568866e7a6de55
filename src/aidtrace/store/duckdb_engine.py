"""The DuckDB backend of the engine seam: the embedded default store."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from aidtrace.errors import StoreError
from aidtrace.store.engine import StatementTransactions, StoreBusy, WriteMode

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# DuckDB's words when another process holds the file's lock, naming that process.
_LOCK_HELD = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
_OTHER_MODE = "different configuration than existing connections"
# Statements that open or end an explicit transaction (how callers spell them).
_BEGIN = re.compile(r"^\s*(BEGIN|START)\b", re.IGNORECASE)
_COMMIT = re.compile(r"^\s*(COMMIT|END)\b", re.IGNORECASE)
_ROLLBACK = re.compile(r"^\s*(ROLLBACK|ABORT)\b", re.IGNORECASE)

Config = dict[str, str | bool | int | float | list[str]]


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


def _connect(path: Path, read_only: bool, config: Config) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.ConnectionException as exc:
        if not (read_only and _OTHER_MODE in str(exc)):
            raise
    # This process has the file open for writing already (one database per file and process):
    # a reader shares that database, as it cannot lock the file against its own process.
    return duckdb.connect(str(path), read_only=False, config=config)


def _open_error(exc: duckdb.Error, path: Path | None) -> StoreError:
    held = _LOCK_HELD.search(str(exc))
    if held is None:
        return StoreError(f"cannot open the store: {exc}", source=path)
    pid, program = int(held["pid"]), Path(held["program"]).name
    return StoreBusy(
        f"in use by another process ({program}, PID {pid})", source=path, pid=pid, program=program
    )


class DuckDBEngine(StatementTransactions):
    """Runs SQL on one DuckDB connection (a file, or memory for tests).

    ``transaction()`` commits what joined the next commit (``join_next_commit``) inside the
    transaction it commits, and drops it on rollback."""

    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self._joining: list[tuple[str, tuple[object, ...]]] = []
        self._in_transaction = False

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        temp_directory: Path | None = None,
        memory_limit: str | None = None,
        read_only: bool = False,
    ) -> DuckDBEngine:
        """Open (or create) a DuckDB file; ``None`` gives an in-memory store.

        ``read_only`` opens an existing file for reading alone, which other reading processes
        may do at the same time. Raises ``StoreBusy`` while another process holds the file
        against this kind of opening."""
        config: Config = {}
        if temp_directory is not None:
            # Spill files stay inside the workspace so that the privacy scan can see them.
            config["temp_directory"] = str(temp_directory)
        if memory_limit is not None:
            config["memory_limit"] = memory_limit
        try:
            if path is None:
                return cls(duckdb.connect(":memory:", config=config))
            return cls(_connect(path, read_only, config))
        except duckdb.Error as exc:
            raise _open_error(exc, path) from exc

    def join_next_commit(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run ``sql`` in the next transaction this engine commits: the open one, else the one
        the next statement commits in, else one of its own when the engine closes. A rollback
        drops it with the change it was to vouch for."""
        self._joining.append((sql, tuple(params)))

    def joining(self) -> list[tuple[str, tuple[object, ...]]]:
        return list(self._joining)

    def drop_joining(self) -> None:
        self._joining = []

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        if _BEGIN.match(sql):
            self._run(sql, params)
            self._in_transaction = True
        elif _COMMIT.match(sql) or _ROLLBACK.match(sql):
            self._end(sql, params, commit=_COMMIT.match(sql) is not None)
        elif self._joining and not self._in_transaction:
            self._in_one_transaction(sql, params)
        else:
            self._run(sql, params)

    def _end(self, sql: str, params: Sequence[object], *, commit: bool) -> None:
        joining, self._joining = self._joining, []
        self._in_transaction = False
        if commit:
            try:
                for statement, values in joining:
                    self._run(statement, values)
            except BaseException:
                self._run("ROLLBACK", ())
                raise
        self._run(sql, params)

    def _in_one_transaction(self, sql: str, params: Sequence[object]) -> None:
        """A statement outside any transaction, committed together with what joins it."""
        with self.transaction():
            self._run(sql, params)

    def _run(self, sql: str, params: Sequence[object]) -> None:
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
        except BaseException:
            # In a transaction the failed statement aborted, unregistering fails too, and its
            # error would hide the one that says what went wrong; the rollback drops the view.
            with contextlib.suppress(duckdb.Error):
                self.connection.unregister(tmp)
            raise
        self.connection.unregister(tmp)

    def has_table(self, name: str) -> bool:
        table = self.query(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", (name,)
        )
        return bool(table.column("n")[0].as_py())

    def close(self) -> None:
        try:
            if self._joining and not self._in_transaction:
                self._in_one_transaction("SELECT 1", ())  # what joined no change commits alone
        finally:
            self.connection.close()
