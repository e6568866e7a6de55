"""Witnessed audit log benchmark: events appended, marked in the store and checkpointed with one
witness on loopback (a separate `aidtrace witness serve` process), and an outsider's check of a
1,000,000-event export with the public key alone.

Run: .venv/bin/python -m benchmarks.audit.witness_bench [--events 20000] [--export-events 1000000]
Targets (issue 20): >= 1,000 events/s appended and checkpointed with one witness on loopback;
verifying 1M events from an export <= 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aidtrace import audit
from aidtrace.audit.checkpoint import Checkpoint, log_verifier, sign_checkpoint
from aidtrace.audit.export import (
    CHECKPOINT_FILE,
    ENTRIES_FILE,
    FORMAT,
    FORMAT_FILE,
    check_export,
)
from aidtrace.audit.head import signing_key
from aidtrace.audit.merkle import MerkleTree, leaf_hash
from aidtrace.audit.witness import init_witness, trust_log
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import AlertRaised, encode
from aidtrace.workspace import Workspace

AT = datetime(2026, 5, 4, tzinfo=UTC)


def alert(i: int) -> AlertRaised:
    """A realistic entry: an alert event as the pipeline records it (~330 bytes encoded)."""
    return AlertRaised(
        at=AT, actor="screening", alert_id=f"{i:024x}", alert_kind="sanctions_hit",
        monitor="screening", monitor_version="3", evidence_hash=f"{i:064x}", status="open",
        run_id="r" * 32, list_snapshot="s" * 16,
    )  # fmt: skip


# What `aidtrace witness serve DIR --port 0` runs, without loading the rest of the CLI.
SERVE = """
import sys, time
from pathlib import Path
from aidtrace.audit.witness import Witness
from aidtrace.audit.witness_server import make_server
server = make_server(Witness(Path(sys.argv[1]), clock=lambda: int(time.time())))
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def start_witness(directory: Path, vkey: str) -> tuple[subprocess.Popen[str], str, str]:
    """A witness process on a free loopback port; its process, URL and vkey."""
    witness_vkey = init_witness(directory, "bench.example/witness").vkey()
    trust_log(directory, vkey)
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(directory)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    url = f"http://127.0.0.1:{proc.stdout.readline().strip()}"
    return proc, url, witness_vkey


def bench_witnessed(root: Path, n: int, batch: int, change: bool) -> dict[str, Any]:
    """``n`` events in batches, each batch checkpointed and cosigned; with ``change``, each batch
    is followed by the one-row store change its events record (whose commit carries the log's
    mark and the witness's reply), as every caller does."""
    name = f"{batch}-{'change' if change else 'alone'}"
    ws = Workspace.create(root / f"ws-{name}", key_file=root / f"keys-{name}" / "root.key")
    proc, url, witness_vkey = start_witness(root / f"witness-{name}", audit.log_vkey(ws))
    try:
        add_witness(ws, url, witness_vkey, "bench")
        ws.engine.execute("CREATE TABLE bench_changes (batch INTEGER)")
        chunks = [[alert(i) for i in range(s, min(n, s + batch))] for s in range(0, n, batch)]
        cpu, started = time.process_time(), time.perf_counter()
        for i, chunk in enumerate(chunks):
            audit.record_many(ws, chunk)
            if change:
                ws.engine.execute("INSERT INTO bench_changes VALUES (?)", (i,))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        status = audit.witness_status(ws)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        ws.close()
    return {
        "events": n, "batch": batch, "with_change": change, "seconds": seconds,
        "events_per_s": n / seconds, "cpu_seconds": cpu, "checkpoints": len(chunks),
        "cosigned_latest": list(status.cosigned), "tree_size": status.tree_size,
    }  # fmt: skip


def bench_export(root: Path, n: int) -> dict[str, Any]:
    """Write an export of ``n`` events (as `audit export` lays it out), then check it."""
    key = signing_key(b"\x42" * 32)
    origin = "aidtrace.local/audit/bench"
    out = root / "export"
    out.mkdir()
    leaves = bytearray()
    with (out / ENTRIES_FILE).open("wb") as fh:
        for start in range(0, n, 50_000):
            for i in range(start, min(n, start + 50_000)):
                entry = encode(alert(i))
                fh.write(len(entry).to_bytes(4, "big") + entry)
                leaves += leaf_hash(entry)
    tree = MerkleTree(bytes(leaves))
    note = sign_checkpoint(Checkpoint(origin, tree.size, tree.root()), key)
    (out / CHECKPOINT_FILE).write_text(note.render())
    (out / FORMAT_FILE).write_text(FORMAT + "\n")
    started = time.perf_counter()
    done = check_export(out, [log_verifier(origin, key)])
    seconds = time.perf_counter() - started
    return {
        "events": done.entries, "bytes": (out / ENTRIES_FILE).stat().st_size,
        "seconds": seconds, "events_per_s": done.entries / seconds,
    }  # fmt: skip


def render(r: dict[str, Any]) -> str:
    lines = [
        "# Witnessed audit log benchmark",
        "",
        f"Machine: {r['machine']}. Python {r['python']}. The whole run: "
        f"{r['cpu_seconds']:,.1f} CPU seconds (this process), peak memory "
        f"{r['peak_rss_mib']:,.0f} MiB.",
        "",
        "Events appended through `audit.record_many` into a workspace (log append with fsyncs, "
        "the store's mark, a C2SP checkpoint signed and sent to one witness, a separate "
        "witness process on loopback, with its consistency proof; the "
        "cosignature checked and kept) — target: at least 1,000 events/s.",
        "",
        f'Code at commit `{r["commit"]}`. "with the change": each batch followed by the one-row '
        "store change its events record, whose commit carries the log's mark and the witness's "
        'reply (what every caller does); "alone": batches only, the mark and replies waiting '
        "for a commit. CPU: this process only (the witness is a separate process).",
        "",
        "| batch | store change | events | checkpoints cosigned | seconds | events/s | CPU s |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for w in r["witnessed"]:
        lines.append(
            f"| {w['batch']:,} | {'with the change' if w['with_change'] else 'alone'} | "
            f"{w['events']:,} | {w['checkpoints']:,} | {w['seconds']:.1f} | "
            f"{w['events_per_s']:,.0f} | {w['cpu_seconds']:.2f} |"
        )
    e = r["export"]
    lines += [
        "",
        f"An outsider's check of an export (`audit verify --export`, public key only) of "
        f"{e['events']:,} events ({e['bytes'] / 1e6:,.0f} MB): {e['seconds']:.1f} s "
        f"({e['events_per_s']:,.0f} events/s) — target: at most 30 s.",
    ]
    return "\n".join(lines) + "\n"


def _commit() -> str:
    """The checkout's commit; a tree exported without git names it with ``--commit``."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--export-events", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--commit", help="the commit measured (default: git rev-parse HEAD)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        os.environ.setdefault("AIDTRACE_KEY_DIR", str(root / "keys"))
        results: dict[str, Any] = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs)",
            "python": platform.python_version(),
            "commit": args.commit or _commit(),
            "witnessed": [
                bench_witnessed(root, args.events, b, change)
                for b in (100, 1_000)
                for change in (True, False)
            ],
            "export": bench_export(root, args.export_events),
        }
        usage = resource.getrusage(resource.RUSAGE_SELF)
        results["cpu_seconds"] = usage.ru_utime + usage.ru_stime
        results["peak_rss_mib"] = usage.ru_maxrss / 1024
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "witness_results.json").write_text(json.dumps(results, indent=1) + "\n")
    (args.out / "witness_results.md").write_text(render(results))
    print(render(results))


if __name__ == "__main__":
    main()
