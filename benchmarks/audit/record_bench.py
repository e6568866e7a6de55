"""How long one ``audit.record`` takes in a workspace, alone and with the store change it
records (an officer's action: one event, then one row), against the floor of one fsync.

Run: .venv/bin/python -m benchmarks.audit.record_bench [--calls 300] [--out FILE.json]
Only the public API is used (``Workspace.create``, ``audit.record``, ``engine.execute``), so
the same script measures an earlier commit too (``PYTHONPATH=<its src>``). The workspace goes
under ``BENCH_TMP`` (default: the system's temporary directory), which must be on the disk
being measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from aidtrace import audit
from aidtrace.events import CaseAssigned
from aidtrace.workspace import Workspace

AT = datetime(2026, 5, 4, tzinfo=UTC)


def _event(i: int) -> CaseAssigned:
    return CaseAssigned(at=AT, actor="amina", case_id=f"case-{i:06d}", assignee="bilal")


def _times(n: int, step: Callable[[int], object]) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        step(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "calls": len(ms),
        "median_ms": statistics.median(ms),
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))],
        "mean_ms": statistics.fmean(ms),
    }


def bench(root: Path, calls: int) -> dict[str, object]:
    ws = Workspace.create(root / "ws", key_file=root / "keys" / "root.key")
    ws.engine.execute("CREATE TABLE bench_changes (i INTEGER, changed_at TIMESTAMPTZ)")
    audit.record(ws, _event(-1))  # the audit key is made on first need: not timed

    def with_change(i: int) -> None:
        audit.record(ws, _event(i))
        ws.engine.execute("INSERT INTO bench_changes VALUES (?, ?)", (i, AT))

    def change_only(i: int) -> None:
        ws.engine.execute("INSERT INTO bench_changes VALUES (?, ?)", (i, AT))

    results = {
        "record_alone": _summary(_times(calls, lambda i: audit.record(ws, _event(i)))),
        "record_and_its_change": _summary(_times(calls, with_change)),
        "store_change_alone": _summary(_times(calls, change_only)),
        "fsync_330_bytes": _summary(_times(calls, _fsync_writer(root))),
    }
    ws.close()
    return results


def _fsync_writer(root: Path) -> Callable[[int], None]:
    fd = os.open(root / "fsync.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(i: int) -> None:
        os.write(fd, b"x" * 330)
        os.fsync(fd)

    return write


def _commit() -> str:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("AIDTRACE_KEY_DIR", tempfile.mkdtemp(dir=os.environ.get("BENCH_TMP")))
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        start = os.getloadavg()[0]
        results: dict[str, object] = {
            "source": audit.__file__,
            "checkout_commit": _commit(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs)",
            "python": platform.python_version(),
            "load_average_at_start": start,
            **bench(Path(tmp), args.calls),
            "load_average_at_end": os.getloadavg()[0],
        }
    text = json.dumps(results, indent=1)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
