"""Time and peak memory of `aidtrace.demo.generate` at several scales.

Each scale runs in a fresh child process (so peak RSS is that run's alone) writing into a temporary
directory; results go to ``results.json`` and ``results.md`` beside this script.

    .venv/bin/python benchmarks/demo/run.py [--commit REV] small 100k 1m
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = """
import json, resource, sys, time
from aidtrace.demo import generate
t = time.perf_counter()
s = generate(sys.argv[1], seed=1, scale=sys.argv[2])
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": round(time.perf_counter() - t, 1),
    "cpu_seconds": round(u.ru_utime + u.ru_stime, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "households": s.households, "beneficiaries": s.beneficiaries, "files": s.files,
    "donor_usd_per_week": round(s.weekly_usd), "planted": s.truth.counts()}))
"""


def run(scale: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, out, scale], check=True, capture_output=True, text=True
        )
        result: dict[str, object] = json.loads(done.stdout)
        result["output_mb"] = round(sum(p.stat().st_size for p in Path(out).iterdir()) / 2**20, 1)
    return {"scale": scale, **result}


COLUMNS = (
    "scale",
    "households",
    "beneficiaries",
    "ledger rows",
    "output MB",
    "seconds",
    "CPU s",
    "peak RSS MB",
    "donor US$/week",
)


def markdown(results: list[dict[str, object]], machine: str) -> str:
    lines = [
        f"# `aidtrace demo generate`: time and peak memory\n\n{machine}\n",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in results:
        files = r["files"]
        assert isinstance(files, dict)
        cells = (
            r["scale"],
            f"{r['households']:,}",
            f"{r['beneficiaries']:,}",
            f"{files['ledger.csv']:,}",
            r["output_mb"],
            r["seconds"],
            r.get("cpu_seconds", ""),
            r["peak_rss_mb"],
            f"{r['donor_usd_per_week']:,}",
        )
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    args = sys.argv[1:]
    commit = ""
    if args[:1] == ["--commit"]:  # a tree exported without git names its commit
        commit, args = args[1], args[2:]
    scales = args or ["small", "100k", "1m"]
    at = f" at commit `{commit}`" if commit else ""
    machine = (
        f"Measured {time.strftime('%Y-%m-%d')}{at} on {platform.machine()}, {os.cpu_count()} "
        f"cores (shared with other jobs), Python {platform.python_version()}; one process, "
        "seed 1. CPU s: user and system time of the generating process."
    )
    results = [run(s) for s in scales]
    for r in results:
        print(r)
    (HERE / "results.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=1) + "\n"
    )
    (HERE / "results.md").write_text(markdown(results, machine))


if __name__ == "__main__":
    main()
