"""Screening benchmark, aidtrace side by side with nomenklatura logic-v2 on the same data.

    .venv/bin/python benchmarks/screening/run.py [accuracy] [yente] [latency] [speed]

Writes results.json and results.md beside this file. The peer runs in its own venv (create it
with setup_peer.sh; PEER_PYTHON overrides the default /work/peer-venv/bin/python); without it the
peer columns are left empty. Timings are on a shared 2-core machine.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import metrics  # noqa: E402
import pairs as bench_pairs  # noqa: E402
import population  # noqa: E402
import results_md  # noqa: E402

from aidtrace.screening.score import DEFAULT_THRESHOLD  # noqa: E402

PEER_PYTHON = Path(os.environ.get("PEER_PYTHON", "/work/peer-venv/bin/python"))
PEER_THRESHOLD = 0.70
SWEEP = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)  # thresholds both systems are read at


def peer_scores(pairs: list[bench_pairs.Pair]) -> tuple[list[float], list[float]] | None:
    """logic-v2 scores and per-pair microseconds, or None when the peer venv is missing."""
    if not PEER_PYTHON.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "pairs.csv", Path(tmp) / "scores.csv"
        with src.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "schema", "name1", "name2"])
            writer.writerows([i, p.schema, p.name1, p.name2] for i, p in enumerate(pairs))
        script = HERE / "peer_logic_v2.py"
        subprocess.run([str(PEER_PYTHON), str(script), str(src), str(out)], check=True)
        with out.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    return [float(r["score"]) for r in rows], [float(r["micros"]) for r in rows]


def best_per_key(
    pairs: list[bench_pairs.Pair], scores: list[float]
) -> tuple[list[bench_pairs.Pair], list[float]]:
    """One row per key (or per pair without a key), at its best score."""
    best: dict[str, tuple[bench_pairs.Pair, float]] = {}
    for i, (pair, score) in enumerate(zip(pairs, scores, strict=True)):
        key = pair.key or str(i)
        if key not in best or score > best[key][1]:
            best[key] = (pair, score)
    return [p for p, _ in best.values()], [s for _, s in best.values()]


def evaluate(all_pairs: list[bench_pairs.Pair], with_peer: bool = True) -> dict[str, object]:
    rarity = bench_pairs.rarity_of(all_pairs)
    pairs, ours = best_per_key(all_pairs, [bench_pairs.our_score(p, rarity) for p in all_pairs])
    labels = [p.is_match for p in pairs]
    report: dict[str, object] = {
        "aidtrace": {
            "threshold": DEFAULT_THRESHOLD,
            "overall": metrics.prf(labels, ours, DEFAULT_THRESHOLD),
            "by_group": metrics.by_group(pairs, labels, ours, DEFAULT_THRESHOLD, _group),
            "by_script": metrics.by_group(pairs, labels, ours, DEFAULT_THRESHOLD, _script),
        }
    }
    peer = peer_scores(all_pairs) if with_peer else None
    if peer is not None:
        scores, micros = peer
        scores = best_per_key(all_pairs, scores)[1]
        report["logic_v2"] = {
            "threshold": PEER_THRESHOLD,
            "overall": metrics.prf(labels, scores, PEER_THRESHOLD),
            "by_group": metrics.by_group(pairs, labels, scores, PEER_THRESHOLD, _group),
            "by_script": metrics.by_group(pairs, labels, scores, PEER_THRESHOLD, _script),
            "micros_per_pair_median": round(statistics.median(micros), 1),
        }
    report["sweep"] = {
        f"{t:.2f}": {
            "aidtrace": metrics.prf(labels, ours, t),
            **({"logic_v2": metrics.prf(labels, scores, t)} if peer is not None else {}),
        }
        for t in SWEEP
    }
    report["aidtrace_calibration"] = metrics.calibration(labels, ours)
    report["misses"] = [
        {"name1": p.name1, "name2": p.name2, "is_match": p.is_match, "score": round(s, 3)}
        for p, s in zip(pairs, ours, strict=True)
        if (s >= DEFAULT_THRESHOLD) != p.is_match
    ]
    return report


def _group(pair: bench_pairs.Pair) -> str:
    return f"{pair.set}/{pair.group}"


def _script(pair: bench_pairs.Pair) -> str:
    return pair.script


def machine_load() -> dict[str, object]:
    """When and under what load a section ran: the 2 cores are shared with other jobs."""
    one, five, fifteen = os.getloadavg()
    return {
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_1_5_15": [round(one, 2), round(five, 2), round(fifteen, 2)],
    }


def main(sections: list[str]) -> None:
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    if "accuracy" in sections:
        results["name_bench"] = evaluate(bench_pairs.name_bench())
        results["cross_script"] = evaluate(bench_pairs.cross_script())
        results["name_bench"]["machine"] = results["cross_script"]["machine"] = machine_load()
    if "yente" in sections:
        results["yente"] = population.yente_benchmark()
        results["yente"]["machine"] = machine_load()
    if "latency" in sections:
        results["latency"] = population.latency_benchmark()
        results["latency"]["machine"] = machine_load()
    if "speed" in sections:
        results["speed"] = population.speed_benchmark()
        results["speed"]["machine"] = machine_load()
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (HERE / "results.md").write_text(results_md.render_markdown(results))


SECTIONS = ("accuracy", "yente", "latency", "speed")

if __name__ == "__main__":
    asked = sys.argv[1:] or ["accuracy", "yente", "speed"]
    unknown = [a for a in asked if a not in SECTIONS]
    if unknown:  # --help included: print the usage and write nothing
        sys.exit(f"{__doc__.strip()}\n\nunknown section(s): {' '.join(unknown)}")
    main(asked)
