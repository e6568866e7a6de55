"""Detection over many demo worlds: precision and recall per planted kind, with their spread.

    .venv/bin/python benchmarks/detection/run.py [--set tuning|evaluation] [--scale 3000 ...]
                                                 [--seeds N] [--report-only]

Two disjoint sets of seeds:

- *tuning seeds* 1–20 may be looked at freely while rules and thresholds are chosen;
- *evaluation seeds* 101–120 are never inspected while choosing rules or thresholds. Their
  figures are the ones the README shows; a rule changed after looking at them makes them
  tuning seeds, and the set must then move to seeds not seen before.

Each run is the whole ``aidtrace demo`` (generate, import, every monitor, score against the
ground truth) in a fresh child process and a temporary directory. Runs are appended to
``runs.json`` beside this script as they finish, so a long protocol can be resumed; the
summary (``results.md``) gives, per seed set, scale and planted kind, the mean, minimum and 10th
percentile of precision and recall, and alerts per 1,000 beneficiaries.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs.json"
SEEDS = {"tuning": range(1, 21), "evaluation": range(101, 121)}

CHILD = """
import json, sys, time
from pathlib import Path
from aidtrace.demo.job import run_demo
t = time.perf_counter()
out = run_demo(Path(sys.argv[1]) / "demo", seed=int(sys.argv[2]), scale=sys.argv[3])
print(json.dumps({
    "seconds": round(time.perf_counter() - t, 1),
    "beneficiaries": out.scenario.beneficiaries,
    "alerts": sum(out.alert_counts.values()),
    "kinds": {k.kind.value: [k.planted, k.found, k.alerts, k.true_alerts]
              for k in out.evaluation.kinds},
}))
"""


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def run_one(seed: int, scale: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="aidtrace-detection-") as tmp:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, tmp, str(seed), scale],
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seed": seed, "scale": scale, "commit": commit(), **result}


def load_runs() -> list[dict[str, Any]]:
    return json.loads(RUNS.read_text(encoding="utf-8")) if RUNS.exists() else []


def save_runs(runs: list[dict[str, Any]]) -> None:
    RUNS.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")


def p10(values: list[float]) -> float:
    """The 10th percentile (inclusive method; the lowest value for fewer than ten runs)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[0]


def spread(values: list[float]) -> str:
    if not values:
        return "n/a | n/a | n/a"
    return f"{statistics.fmean(values):.2f} | {min(values):.2f} | {p10(values):.2f}"


def kind_rows(runs: list[dict[str, Any]]) -> list[str]:
    """One table row per planted kind: precision and recall over the runs that planted it."""
    rows = []
    per_thousand = [1000 * r["alerts"] / r["beneficiaries"] for r in runs]
    kinds = sorted({k for r in runs for k in r["kinds"]})
    for kind in kinds:
        counts = [r["kinds"][kind] for r in runs if kind in r["kinds"]]
        recall = [found / planted for planted, found, _, _ in counts if planted]
        precision = [true / alerts for _, _, alerts, true in counts if alerts]
        alerts = [1000 * c[2] / r["beneficiaries"] for r, c in zip(runs, counts, strict=True)]
        planted = sum(c[0] for c in counts)
        found = sum(c[1] for c in counts)
        rows.append(
            f"| {kind} | {planted} | {found} | {spread(precision)} | {spread(recall)} | "
            f"{statistics.fmean(alerts):.2f} |"
        )
    rows.append(f"| **all alerts** | | | | | | | | | {statistics.fmean(per_thousand):.2f} |")
    return rows


HEADER = (
    "| planted kind | planted | found | precision mean | min | p10 | recall mean | min | p10 "
    "| alerts per 1,000 beneficiaries |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def markdown(runs: list[dict[str, Any]]) -> str:
    lines = [
        "# Detection over many demo worlds\n",
        "Produced by `benchmarks/detection/run.py` (see its docstring for the protocol). Tuning "
        "seeds 1–20 may be inspected; evaluation seeds 101–120 are never inspected while rules "
        "or thresholds are chosen. Precision is over the runs that raised an alert of the kind, "
        "recall over the runs that planted it; p10 is the 10th percentile over runs.\n",
    ]
    for name, seeds in SEEDS.items():
        for scale in sorted({r["scale"] for r in runs}, key=lambda s: (len(s), s)):
            chosen = [r for r in runs if r["scale"] == scale and r["seed"] in seeds]
            if not chosen:
                continue
            commits = ", ".join(sorted({r["commit"] for r in chosen}))
            seconds = statistics.fmean(r["seconds"] for r in chosen)
            lines.append(
                f"## {name} seeds, scale {scale}: {len(chosen)} runs "
                f"(seeds {', '.join(str(r['seed']) for r in chosen)})\n"
            )
            lines.append(f"Commit {commits}; {seconds:.0f} s per run on average.\n")
            lines.append(HEADER)
            lines.extend(kind_rows(chosen))
            lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=list(SEEDS), action="append", dest="sets")
    parser.add_argument("--scale", action="append", dest="scales")
    parser.add_argument("--seeds", type=int, default=20, help="the first N seeds of each set")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    runs = load_runs()
    if not args.report_only:
        done = {(r["seed"], r["scale"]) for r in runs}
        for name in args.sets or list(SEEDS):
            for scale in args.scales or ["3000"]:
                for seed in list(SEEDS[name])[: args.seeds]:
                    if (seed, scale) in done:
                        continue
                    started = time.perf_counter()
                    runs.append(run_one(seed, scale))
                    save_runs(runs)
                    took = time.perf_counter() - started
                    print(f"{name} seed {seed} scale {scale}: {took:.0f} s", file=sys.stderr)
    (HERE / "results.md").write_text(markdown(runs), encoding="utf-8")


if __name__ == "__main__":
    main()
