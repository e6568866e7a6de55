"""The import memory limit: an import past it is refused whole, in one line, and stores nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.hostile.files import write_csv_many_people

from aidtrace.config import load_config, write_config
from aidtrace.errors import StoreError
from aidtrace.ingest.memory import (
    MemoryLimitExceeded,
    import_memory_limit,
    resident_bytes,
    store_memory_limit,
)
from aidtrace.workspace import Workspace

AIDTRACE = [sys.executable, "-m", "aidtrace.cli"]
LIMIT_MIB = 400


def _write_people(path: Path, rows: int) -> Path:
    lines = ["Id,Given", "#beneficiary+id,#beneficiary+name+given"]
    lines += [f"X{i},Ahmad Karim{i % 97}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIDTRACE_KEY_DIR": str(tmp_path / "keys"), "COLUMNS": "300"}
    return subprocess.run(
        [*AIDTRACE, "-w", str(tmp_path / "ws"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _stored(workspace: Path) -> tuple[int, int]:
    """(people stored, imports journalled) in the workspace."""
    with Workspace.open(workspace, read_only=True) as ws:
        people = ws.engine.query("SELECT count(*) AS n FROM people").column("n")[0].as_py()
        imports = ws.engine.query("SELECT count(*) AS n FROM imports").column("n")[0].as_py()
    return int(people), int(imports)


def test_import_over_the_limit_refused_in_one_line_and_nothing_stored(tmp_path: Path) -> None:
    # The CLI runs in a child process: the limit watches that process, not the test runner.
    assert _cli(tmp_path, "init").returncode == 0
    workspace = tmp_path / "ws"
    config = load_config(workspace)
    write_config(workspace, config.model_copy(update={"import_memory_limit": LIMIT_MIB}))
    # 100,000 people: within every input bound, but tokenising them takes over 600 MiB.
    big = write_csv_many_people(tmp_path / "big.csv")

    refused = _cli(tmp_path, "import", "beneficiaries", str(big))

    assert refused.returncode == 2, refused.stderr
    lines = [ln for ln in refused.stderr.splitlines() if ln.strip()]
    assert lines == [
        f"error: {big}: the import needs more than the 400 MiB import memory limit; nothing was "
        "imported (raise import_memory_limit in aidtrace.toml to import this file)"
    ]
    assert _stored(workspace) == (0, 0)

    small = _write_people(tmp_path / "small.csv", 1_000)
    done = _cli(tmp_path, "import", "beneficiaries", str(small))
    assert done.returncode == 0, done.stderr
    assert re.match(r".*small\.csv: 1,000 records", done.stdout)
    assert _stored(workspace) == (1_000, 1)


FIXTURES = Path(__file__).parents[1] / "fixtures" / "watchlists"


@pytest.mark.parametrize(
    "command",
    [
        ("import", "beneficiaries", "{tmp}/small.csv"),
        ("lists", "load", str(FIXTURES / "ConList.csv")),
    ],
)
def test_every_import_command_held_to_the_limit(tmp_path: Path, command: tuple[str, ...]) -> None:
    assert _cli(tmp_path, "init").returncode == 0
    workspace = tmp_path / "ws"
    config = load_config(workspace)
    # 50 MiB: less than the interpreter and the store take before reading a byte of the file
    write_config(workspace, config.model_copy(update={"import_memory_limit": 50}))
    _write_people(tmp_path / "small.csv", 10)
    args = [arg.format(tmp=tmp_path) for arg in command]

    refused = _cli(tmp_path, *args)

    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.strip() == (
        f"error: {args[-1]}: the import needs more than the 50 MiB import memory limit; nothing "
        "was imported (raise import_memory_limit in aidtrace.toml to import this file)"
    )
    assert _stored(workspace) == (0, 0)


def test_default_limit_is_two_gigabytes(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init").returncode == 0
    assert load_config(tmp_path / "ws").import_memory_limit == 2048


def _sleep() -> None:
    time.sleep(0.5)


def _grow(seconds: float = 30) -> None:
    held = b"x" * (256 << 20)  # written, so resident (a zeroed buffer need not be)
    # Keeps it for `seconds`, in short sleeps the watch's trip can land between: a watch that
    # works stops this long before, however slow the machine is to run it.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.01)
    del held


def _grow_a_moment() -> None:
    _grow(0.5)


def _allocation_refused() -> None:
    raise MemoryError


def _ctrl_c() -> None:
    raise KeyboardInterrupt


def _interrupted_library_fails_its_own_way() -> None:
    # The trip lands inside a library's call, which fails with an error of its own (as a store
    # statement interrupted in a transaction, then every later statement of it refused).
    try:
        _grow()
    except BaseException as interrupted:
        raise RuntimeError("current transaction is aborted") from interrupted


def _fails_within_the_limit() -> None:
    raise RuntimeError("a failure of its own")


@pytest.mark.parametrize(
    ("headroom_mib", "body", "raised"),
    [
        # the body takes 256 MiB more than there is room for: the watch stops it
        (64, _grow, MemoryLimitExceeded),
        # and says so, whatever error the interrupted library then raised
        (64, _interrupted_library_fails_its_own_way, MemoryLimitExceeded),
        # a failure within the limit stays that failure
        (1 << 20, _fails_within_the_limit, RuntimeError),
        # already past the limit on the way in: refused before the body starts
        (-10, _sleep, MemoryLimitExceeded),
        # an allocation the system refused is reported the same way
        (1 << 20, _allocation_refused, MemoryLimitExceeded),
        # an officer's Ctrl+C stays a Ctrl+C
        (1 << 20, _ctrl_c, KeyboardInterrupt),
        # within the limit: nothing happens
        (1 << 20, _grow_a_moment, None),
    ],
)
def test_the_watch(
    tmp_path: Path, headroom_mib: int, body: Callable[[], None], raised: type[BaseException] | None
) -> None:
    before = signal.getsignal(signal.SIGUSR1)
    source = tmp_path / "list.csv"
    used = resident_bytes()
    assert used is not None
    limit_mib = used // (1 << 20) + headroom_mib
    if raised is None:
        with import_memory_limit(limit_mib, source, every=0.01):
            body()
    else:
        with pytest.raises(raised) as info, import_memory_limit(limit_mib, source, every=0.01):
            body()
        if raised is MemoryLimitExceeded:
            assert info.value.source == str(source)  # type: ignore[attr-defined]
            assert f"the {limit_mib:,} MiB import memory limit" in str(info.value)
    assert signal.getsignal(signal.SIGUSR1) == before  # the process is as it was


def test_resident_memory_is_read() -> None:
    used = resident_bytes()
    assert used is not None
    assert used > 10 << 20


def _store_limit_text(ws: Workspace) -> str:
    table = ws.engine.query("SELECT current_setting('memory_limit') AS v")
    return str(table.column("v")[0].as_py())


@pytest.mark.parametrize(
    ("limit_mib", "inside"),
    [
        (400, "200.0 MiB"),  # half the import limit, below the store's own 4 GB
        (100_000, "3.7 GiB"),  # the store's own setting is the lower: kept
    ],
)
def test_store_buffer_pool_held_under_the_import_limit(
    workspace: Workspace, limit_mib: int, inside: str
) -> None:
    assert workspace.config.memory_limit == "4GB"
    with store_memory_limit(workspace, limit_mib):
        assert _store_limit_text(workspace) == inside
    assert _store_limit_text(workspace) == "3.7 GiB"


def test_a_buffer_pool_that_cannot_shrink_leaves_the_import_to_the_watch(
    workspace: Workspace,
) -> None:
    """DuckDB refuses a limit below what its buffer pool holds now: the import goes on (the
    watch on the whole process still applies) instead of failing with DuckDB's message."""
    workspace.engine.execute("CREATE TABLE filler AS SELECT range AS n FROM range(200000)")
    ran = False
    with store_memory_limit(workspace, 1):  # a share of 0 MiB: more than the pool can give back
        ran = True
    assert ran
    assert _store_limit_text(workspace) == "3.7 GiB"


def _until_the_watch_tripped() -> None:
    """Past the limit until the watch has tripped (its thread ends when it does), and a moment
    more, for the main thread to run the trip's handler."""
    held = b"x" * (256 << 20)
    deadline = time.monotonic() + 60
    while any(t.name == "import-memory-watch" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the watch never tripped"
        time.sleep(0.01)
    for _ in range(10):
        time.sleep(0.01)
    del held


def _table_and_room(ws: Workspace) -> int:
    """An empty table ``t`` (its commit before any watch), and a limit 64 MiB above what the
    process holds now."""
    ws.engine.execute("CREATE TABLE t (n INTEGER)")
    used = resident_bytes()
    assert used is not None
    return used // (1 << 20) + 64


def _rows(ws: Workspace) -> int:
    return int(ws.engine.query("SELECT count(*) AS n FROM t").column("n")[0].as_py())


def test_a_trip_before_the_commit_rolls_the_import_back(
    workspace: Workspace, tmp_path: Path
) -> None:
    engine = workspace.engine
    limit = _table_and_room(workspace)  # a commit before the watch: none of its own

    def load() -> None:
        with engine.transaction():
            engine.execute("INSERT INTO t VALUES (1)")
            _until_the_watch_tripped()

    with (
        pytest.raises(MemoryLimitExceeded),
        import_memory_limit(limit, tmp_path / "f.csv", every=0.01),
    ):
        load()
    assert _rows(workspace) == 0


def test_a_trip_once_the_commit_has_begun_lets_the_import_finish(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Stopped then, the import would be stored and say "nothing was imported"."""
    engine = workspace.engine
    limit = _table_and_room(workspace)
    before = signal.getsignal(signal.SIGUSR1)
    with import_memory_limit(limit, tmp_path / "f.csv", every=0.01):
        with engine.transaction():
            engine.execute("INSERT INTO t VALUES (1)")
        _until_the_watch_tripped()  # what follows the commit in the import (its result, a line)
    assert _rows(workspace) == 1
    assert signal.getsignal(signal.SIGUSR1) == before


def test_a_failure_after_the_commit_is_not_called_the_limit(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The records are stored: "nothing was imported" would be false, whatever failed after."""
    engine = workspace.engine
    limit = _table_and_room(workspace)

    def load() -> None:
        with engine.transaction():
            engine.execute("INSERT INTO t VALUES (1)")
        _until_the_watch_tripped()
        raise StoreError("reading the stored list back failed")

    watched = import_memory_limit(limit, tmp_path / "f.csv", every=0.01)
    with pytest.raises(StoreError, match="reading the stored list back"), watched:
        load()
    assert _rows(workspace) == 1
