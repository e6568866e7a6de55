"""The embedded store (DuckDB) and the engine seam that heavy steps run through."""

from aidtrace.store.duckdb_engine import DuckDBEngine
from aidtrace.store.engine import Engine, StoreBusy, WriteMode

__all__ = ["DuckDBEngine", "Engine", "StoreBusy", "WriteMode"]
