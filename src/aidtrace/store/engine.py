"""The engine seam: the few operations the heavy steps need, whatever runs them.

Core code emits SQL in DuckDB's dialect and hands Arrow tables across; a backend executes.
DuckDB is the embedded default. The Spark backend (linkage, batch screening and flow analytics at
national scale) implements the same protocol, transpiling the SQL with sqlglot, so a monitor never
knows which engine it runs on.
"""

from __future__ import annotations

from collections.abc import Sequence
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
