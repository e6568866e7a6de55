"""Duplicate detection on the demo scenario, scored against its ground truth.

    .venv/bin/python benchmarks/integrity/demo_linkage.py DEMO_DIR TOKENS.parquet [--engine spark]

Reads the token Parquet written by ``make_tokens.py`` (linkage sees tokens only), trains the
model unsupervised, predicts, clusters, and scores the auto-linked pairs against the member pairs
of every planted ``duplicate_beneficiary``. Pairs that join a ghost household's copied roster to
the roster it was copied from are reported apart (they are true copies, scored as ghosts).
Prints one JSON object: timings (wall and CPU), peak memory, precision, recall, F1.
"""

from __future__ import annotations

import argparse
import json
import resource
import threading
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from aidtrace.integrity import linkage
from aidtrace.integrity.backends import db_api, training_api
from aidtrace.integrity.clusters import groups
from aidtrace.integrity.compact import compact
from aidtrace.integrity.tokenshape import TOKEN_COLUMNS


def truth_pairs(demo: Path) -> tuple[set[frozenset[str]], set[str]]:
    """The true duplicate pairs (person ids) and every member of a copied-roster ghost."""
    data = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    pairs: set[frozenset[str]] = set()
    copied: set[str] = set()
    for plant in data["plants"]:
        if plant["kind"] == "duplicate_beneficiary":
            for a, b in plant["detail"]["member_pairs"]:
                pairs.add(frozenset((f"beneficiary:{a}", f"beneficiary:{b}")))
        indicators = plant["detail"].get("indicators", [])
        if plant["kind"] == "ghost_beneficiary" and "copied_roster" in indicators:
            copied.update(f"beneficiary:{m}" for m in plant["ids"].get("member_ids", []))
    return pairs, copied


def cluster_pairs(result: linkage.LinkageResult) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups(result.clusters) for p in combinations(g, 2)}


def score(
    found: set[frozenset[str]], true: set[frozenset[str]], copied: set[str]
) -> dict[str, Any]:
    ghost_copies = {p for p in found - true if p & copied}
    judged = found - ghost_copies
    tp = len(judged & true)
    precision = tp / len(judged) if judged else 0.0
    recall = tp / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_pairs": len(true),
        "found_pairs": len(judged),
        "true_positives": tp,
        "copied_roster_pairs_found": len(ghost_copies),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


class RssTrace:
    """Samples this process's resident memory, to say in which phase the peak falls."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.phase = every, "load"
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), _rss_mb())

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) // 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("demo", type=Path)
    parser.add_argument("tokens", type=Path)
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--model", type=Path, help="score with this trained model (JSON)")
    parser.add_argument("--pairs", type=Path, help="write the scored pairs here (Parquet)")
    args = parser.parse_args()
    trace = RssTrace()
    # What the duplicates monitor loads: the columns linkage reads, tokens as integers (the
    # conversion is timed, the read from disk is not).
    tokens = pq.read_table(args.tokens, columns=list(TOKEN_COLUMNS))
    wall, cpu = time.perf_counter(), _cpu()
    tokens = compact(tokens)
    trace.phase = "train"
    if args.model:
        model = linkage.Model.from_json(args.model.read_text(encoding="utf-8"))
    else:
        model = linkage.train(tokens, training_api())
    trained = time.perf_counter() - wall
    trace.phase = "predict"
    result = linkage.predict(tokens, model, db_api(args.engine))
    total = time.perf_counter() - wall
    trace.phase = "score"
    if args.pairs:
        pq.write_table(result.pairs, args.pairs)
    true, copied = truth_pairs(args.demo)
    report = {
        "engine": args.engine,
        "records": tokens.num_rows,
        "train_s": round(trained, 1),
        "total_s": round(total, 1),
        "cpu_s": round(_cpu() - cpu, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_by_phase": trace.stop(),
        "scored_pairs": result.pairs.num_rows,
        **score(cluster_pairs(result), true, copied),
    }
    print(json.dumps(report))
    if not args.model:
        out = args.tokens.with_suffix(".model.json")
        out.write_text(model.to_json(), encoding="utf-8")


if __name__ == "__main__":
    main()
