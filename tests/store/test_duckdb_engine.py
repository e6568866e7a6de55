"""The DuckDB store across processes: one writer or many readers, and a clear busy error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aidtrace.errors import StoreError
from aidtrace.store import DuckDBEngine, StoreBusy

# Holds the file open (for writing, or reading with "read") until its standard input closes.
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("ready", flush=True)
sys.stdin.read()
"""


@contextmanager
def held(path: Path, access: str) -> Iterator[int]:
    args = [sys.executable, "-c", HOLDER, str(path), access]
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        yield child.pid
    finally:
        child.communicate(timeout=30)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    engine = DuckDBEngine.open(path)
    engine.execute("CREATE TABLE t (a INT)")
    engine.execute("INSERT INTO t VALUES (1)")
    engine.close()
    return path


@pytest.mark.parametrize(
    ("holder", "read_only"), [("write", True), ("write", False), ("read", False)]
)
def test_a_held_store_is_busy_and_names_the_process(
    store: Path, holder: str, read_only: bool
) -> None:
    with held(store, holder) as pid, pytest.raises(StoreBusy) as caught:
        DuckDBEngine.open(store, read_only=read_only)
    assert caught.value.pid == pid
    assert caught.value.program is not None
    assert f"PID {pid}" in str(caught.value)


def test_readers_share_the_store_across_processes(store: Path) -> None:
    with held(store, "read"):
        engine = DuckDBEngine.open(store, read_only=True)
        assert engine.query("SELECT a FROM t").column("a").to_pylist() == [1]
        with pytest.raises(StoreError, match="read-only"):
            engine.execute("INSERT INTO t VALUES (2)")
        engine.close()


def test_a_reader_in_the_writing_process_shares_its_database(store: Path) -> None:
    writer = DuckDBEngine.open(store)
    reader = DuckDBEngine.open(store, read_only=True)
    writer.execute("INSERT INTO t VALUES (2)")
    assert reader.query("SELECT count(*) AS n FROM t").column("n")[0].as_py() == 2
    reader.close()
    writer.close()


def test_a_file_that_is_no_database_is_not_busy(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store") as caught:
        DuckDBEngine.open(path, read_only=True)
    assert not isinstance(caught.value, StoreBusy)
