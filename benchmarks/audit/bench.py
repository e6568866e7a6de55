"""Audit log benchmark: durable append throughput, verification of a million events, proof sizes.

Run: .venv/bin/python -m benchmarks.audit.bench [--events 1000000] [--out benchmarks/audit]
Timings are wall-clock on whatever machine runs it (the committed results: 2 shared cores,
other jobs running). Baselines measured in the same run give the floor: hashing alone, and
an fsync loop alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aidtrace.audit.head import signing_key
from aidtrace.audit.log import AuditLog
from aidtrace.audit.merkle import MerkleTree
from aidtrace.audit.proof import inclusion_proof
from aidtrace.audit.verify import load_tree, verify_log
from aidtrace.events import AlertRaised, encode

KEY = signing_key(b"\x42" * 32)


def new_log(directory: Path) -> AuditLog:
    return AuditLog(directory, signer=lambda: KEY, clock=lambda: datetime.now(UTC))


def events(start: int, n: int) -> list[bytes]:
    """Realistic entries: alert events as the pipeline records them (~330 bytes each)."""
    at = datetime(2026, 5, 4, tzinfo=UTC)
    return [
        encode(
            AlertRaised(
                at=at, actor="screening", alert_id=f"{i:024x}", alert_kind="sanctions_hit",
                monitor="screening", monitor_version="3", evidence_hash=f"{i:064x}",
                status="open", run_id="r" * 32, list_snapshot="s" * 16,
            )
        )
        for i in range(start, start + n)
    ]  # fmt: skip


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bench_single(root: Path, n: int) -> dict[str, float]:
    log, batch = new_log(root / "single"), events(0, n)
    seconds = timed(lambda: [log.append([e]) for e in batch])
    return {"events": n, "seconds": seconds, "events_per_s": n / seconds}


def bench_batched(root: Path, n: int, batch: int) -> dict[str, float]:
    log = new_log(root / f"batched-{batch}")
    chunks = [events(i, batch) for i in range(0, n, batch)]
    seconds = timed(lambda: [log.append(c) for c in chunks])
    return {"events": n, "batch": batch, "seconds": seconds, "events_per_s": n / seconds}


def baseline_fsync(root: Path, n: int) -> dict[str, float]:
    """Floor for one durable write per event: append 330 bytes and fsync, nothing else."""
    fd = os.open(root / "fsync.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    blob = b"x" * 330

    def loop() -> None:
        for _ in range(n):
            os.write(fd, blob)
            os.fsync(fd)

    seconds = timed(loop)
    os.close(fd)
    return {"events": n, "seconds": seconds, "events_per_s": n / seconds}


def baseline_hash(entries: list[bytes]) -> dict[str, float]:
    """Floor for verification: one SHA-256 per entry, nothing else."""
    seconds = timed(lambda: [hashlib.sha256(b"\x00" + e).digest() for e in entries])
    return {"events": len(entries), "seconds": seconds}


def bench_verify(root: Path, n: int) -> dict[str, object]:
    log = new_log(root / "million")
    build = timed(lambda: [log.append(events(i, 20_000)) for i in range(0, n, 20_000)])
    verify = timed(lambda: verify_log(log, None))
    load = timed(lambda: load_tree(log))
    prove = timed(lambda: inclusion_proof(log, n // 3))
    return {
        "events": n,
        "log_bytes": log.path("log.bin").stat().st_size,
        "build_seconds": build,
        "build_events_per_s": n / build,
        "verify_seconds": verify,
        "verify_events_per_s": n / verify,
        "proof_seconds_incl_index_load": prove,
        "index_load_seconds": load,
        "inclusion_proof_json_bytes": len(json.dumps(inclusion_proof(log, n // 2))),
    }


def proof_sizes() -> list[dict[str, object]]:
    """Proof lengths in hashes (32 bytes each) against ceil(log2 n), on random leaf hashes."""
    out = []
    for n in (10, 1_000, 100_000, 1_000_003, 4_000_037):
        tree = MerkleTree(os.urandom(32 * n))
        samples = sorted({0, n // 7, n // 2, n - 1})
        paths = [len(tree.inclusion_path(i)) for i in samples]
        cons = [len(tree.consistency_proof(m)) for m in (1, n // 3, n - 1)]
        out.append(
            {
                "tree_size": n,
                "ceil_log2_n": math.ceil(math.log2(n)),
                "inclusion_path_hashes": paths,
                "consistency_proof_hashes": cons,
            }
        )
    return out


def render(r: dict[str, Any]) -> str:
    """results.md: the figures the manual's benchmark page includes."""
    v, rate = r["verify"], "events_per_s"
    lines = [
        "# Audit log benchmark",
        "",
        f"Machine: {r['machine']}; load average {r['load_average_at_start']:.1f} at the start "
        f"and {r['load_average_at_end']:.1f} at the end. "
        f"Python {r['python']}.",
        "",
        "| what | events | events/s |",
        "|---|---:|---:|",
        f"| durable append, one event per call (1 fsync + signature each) | "
        f"{r['append_single_durable']['events']:,} | {r['append_single_durable'][rate]:,.0f} |",
        f"| baseline: 330-byte append + fsync, nothing else | "
        f"{r['baseline_fsync_only']['events']:,} | {r['baseline_fsync_only'][rate]:,.0f} |",
    ]
    for batch in (100, 1000, 10000):
        b = r[f"append_batched_{batch}"]
        lines.append(f"| durable append, batches of {batch:,} | {b['events']:,} | {b[rate]:,.0f} |")
    base = r["baseline_sha256_only"]
    lines += [
        f"| verify the whole log ({v['log_bytes'] / 1e6:,.0f} MB) | {v['events']:,} | "
        f"{v['verify_events_per_s']:,.0f} ({v['verify_seconds']:.1f} s) |",
        f"| baseline: SHA-256 of each entry only | {base['events']:,} | "
        f"{base['events'] / base['seconds']:,.0f} |",
        "",
        f"Inclusion proof at 1,000,000 entries: {v['inclusion_proof_json_bytes']:,} bytes of JSON, "
        f"{v['proof_seconds_incl_index_load']:.1f} s including loading the index and building "
        "the tree.",
        "",
        "| tree size | ceil(log2 n) | inclusion path (hashes) | consistency proof (hashes) |",
        "|---:|---:|---|---|",
    ]
    for p in r["proof_sizes"]:
        lines.append(
            f"| {p['tree_size']:,} | {p['ceil_log2_n']} | {p['inclusion_path_hashes']} | "
            f"{p['consistency_proof_hashes']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--render", type=Path, help="Only write results.md from this JSON")
    args = parser.parse_args()
    if args.render:
        results = json.loads(args.render.read_text())
        (args.out / "results.md").write_text(render(results) + _kept(args.out / "results.md"))
        return
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        results: dict[str, object] = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs)",
            "load_average_at_start": os.getloadavg()[0],
            "python": platform.python_version(),
            "append_single_durable": bench_single(root, args.single),
            "baseline_fsync_only": baseline_fsync(root, args.single),
            "append_batched_100": bench_batched(root, 100_000, 100),
            "append_batched_1000": bench_batched(root, 200_000, 1_000),
            "append_batched_10000": bench_batched(root, 200_000, 10_000),
            "baseline_sha256_only": baseline_hash(events(0, 200_000)),
            "verify": bench_verify(root, args.events),
            "proof_sizes": proof_sizes(),
        }
        results["load_average_at_end"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "results.md").write_text(render(results) + _kept(args.out / "results.md"))
    print(json.dumps(results, indent=2))


# Sections of results.md written by other harnesses (record_bench.py) start at this line and
# survive a rerun of this one.
KEPT = "<!-- measured by record_bench.py -->"


def _kept(path: Path) -> str:
    text = path.read_text() if path.exists() else ""
    return "\n" + text[text.index(KEPT) :] if KEPT in text else ""


if __name__ == "__main__":
    main()
