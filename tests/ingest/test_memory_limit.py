"""The import memory limit: an import past it is refused whole, in one line, and stores nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.config import load_config, write_config
from aidtrace.ingest.memory import MemoryLimitExceeded, import_memory_limit, resident_bytes
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
    big = _write_people(tmp_path / "big.csv", 100_000)

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


def test_default_limit_is_two_gigabytes(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init").returncode == 0
    assert load_config(tmp_path / "ws").import_memory_limit == 2048


def _sleep() -> None:
    time.sleep(0.5)


def _allocation_refused() -> None:
    raise MemoryError


def _ctrl_c() -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("limit_mib", "body", "raised"),
    [
        # this process holds far more than 1 MiB: the watch trips while the body runs
        (1, _sleep, MemoryLimitExceeded),
        # an allocation the system refused is reported the same way
        (1 << 20, _allocation_refused, MemoryLimitExceeded),
        # an officer's Ctrl+C stays a Ctrl+C
        (1 << 20, _ctrl_c, KeyboardInterrupt),
        # within the limit: nothing happens
        (1 << 20, _sleep, None),
    ],
)
def test_the_watch(
    tmp_path: Path, limit_mib: int, body: Callable[[], None], raised: type[BaseException] | None
) -> None:
    before = signal.getsignal(signal.SIGUSR1)
    source = tmp_path / "list.csv"
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
