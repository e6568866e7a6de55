"""Detection quality of the flow monitors against the demo scenario's ground truth.

For each seed: generate the scenario (``aidtrace.demo``), import its money-trail files into a
fresh workspace, run every ``flows.*`` monitor and score the alerts against
``ground_truth.json``, per planted kind:

* an alert of a mapped kind is a true positive when it names a plant of that kind — through the
  transaction ids in its evidence when both sides list transactions, otherwise through its
  subject being among the plant's ids (organisation, staff member, district);
* a plant is found when at least one alert names it.

Precision = true-positive alerts / alerts of the mapped kinds; recall = plants found / plants.
A plant whose records are not in the files at all (an overpriced vendor the scenario never
paid) cannot be detected by anything; it is counted apart, not as a miss.
Monitors that no plant exercises (Benford, loops, velocity…) are listed with their alert counts:
on this clean-but-for-the-plants scenario, every one of their alerts is a false alarm.

Run: ``.venv/bin/python benchmarks/flows/detection.py [--seeds 1 2 3] [--scale small]
[--name detection]``; writes ``<name>.json`` and ``<name>.md`` beside this file.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from aidtrace.alerts.model import Alert
from aidtrace.demo.scenario import generate
from aidtrace.demo.truth import GroundTruth, Plant
from aidtrace.ingest import get_importer
from aidtrace.monitors import MissingInput, RunContext, all_monitors
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

HERE = Path(__file__).resolve().parent

FILES = (
    ("organisations", "organisations.csv"),
    ("needs", "geography.csv"),
    ("prices", "prices.csv"),
    ("fx", "fx.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
    ("iati", "iati.xml"),
)

# planted kind -> the alert kinds that report it
KINDS = {
    "leakage": {"hop_gap", "leakage"},
    "split_payment": {"split_payment"},
    "round_payment": {"round_amount"},
    "duplicate_invoice": {"duplicate_invoice"},
    "overpriced_vendor": {"overpriced_vendor"},
    "vendor_concentration": {"vendor_concentration"},
    "delivery_skew": {"overserved_district", "underserved_district"},
}


def plant_ids(plant: Plant) -> set[str]:
    return {i for ids in plant.ids.values() for i in ids}


def plant_txns(plant: Plant) -> set[str]:
    return {i for field, ids in plant.ids.items() if field.value == "txn_ids" for i in ids}


def names(alert: Alert, plant: Plant) -> bool:
    """Whether the alert points at this plant (see the module docstring)."""
    txns = alert.evidence.get("txn_ids")
    if isinstance(txns, list) and txns and plant_txns(plant):
        return bool(set(map(str, txns)) & plant_txns(plant))
    return alert.subject in plant_ids(plant)


def in_the_data(plant: Plant) -> bool:
    """False for a plant whose records never made it into the files (an overpriced vendor that
    was never paid): nothing can detect it, and it is counted apart."""
    listed = [ids for field, ids in plant.ids.items() if field.value == "txn_ids"]
    return plant.kind.value != "overpriced_vendor" or not listed or bool(listed[0])


def score(alerts: list[Alert], truth: GroundTruth) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for planted, kinds in KINDS.items():
        plants = [p for p in truth.plants if p.kind.value == planted and in_the_data(p)]
        absent = sum(1 for p in truth.plants if p.kind.value == planted and not in_the_data(p))
        mine = [a for a in alerts if a.kind in kinds]
        tp = sum(any(names(a, p) for p in plants) for a in mine)
        found = sum(any(names(a, p) for a in mine) for p in plants)
        out[planted] = {"plants": len(plants), "found": found, "alerts": len(mine), "tp": tp,
                        "not_in_data": absent}  # fmt: skip
    return out


def run_seed(
    seed: int, scale: str, root: Path
) -> tuple[dict[str, dict[str, float]], dict[str, int], dict[str, float]]:
    data = root / f"scenario-{seed}"
    started = time.perf_counter()
    scenario = generate(data, seed=seed, scale=scale)
    timing = {"generate_s": time.perf_counter() - started}
    with Workspace.create(root / f"ws-{seed}", key_file=root / f"key-{seed}") as ws:
        started = time.perf_counter()
        for kind, name in FILES:
            get_importer(kind).load(ws, data / name, no_progress)
        timing["import_s"] = time.perf_counter() - started
        started = time.perf_counter()
        ctx = RunContext(ws)
        alerts: list[Alert] = []
        for name, monitor in all_monitors().items():
            if not name.startswith("flows."):
                continue
            try:
                alerts.extend(monitor.run(ctx))
            except MissingInput:  # contracts, funding flows: not among the scenario's files
                continue
        timing["monitors_s"] = time.perf_counter() - started
    mapped = {k for kinds in KINDS.values() for k in kinds}
    other: dict[str, int] = defaultdict(int)
    for a in alerts:
        if a.kind not in mapped:
            other[a.kind] += 1
    return score(alerts, scenario.truth), dict(other), timing


def summarise(per_seed: dict[int, dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    total: dict[str, dict[str, float]] = {}
    for scores in per_seed.values():
        for kind, s in scores.items():
            t = total.setdefault(
                kind, {"plants": 0, "found": 0, "alerts": 0, "tp": 0, "not_in_data": 0}
            )
            for key in t:
                t[key] += s[key]
    for t in total.values():
        t["precision"] = t["tp"] / t["alerts"] if t["alerts"] else float("nan")
        t["recall"] = t["found"] / t["plants"] if t["plants"] else float("nan")
    return total


def markdown(result: dict[str, object]) -> str:
    total = result["total"]
    assert isinstance(total, dict)
    lines = [
        "# Flow detection against the demo scenario",
        "",
        f"Seeds {result['seeds']}, scale `{result['scale']}`; generated by "
        "`benchmarks/flows/detection.py` (target: recall ≥ 0.9 at precision ≥ 0.8 per kind).",
        "",
        "| planted kind | plants | found | alerts | true alerts | precision | recall | "
        "plants not in the data |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, t in total.items():
        lines.append(
            f"| {kind} | {t['plants']:.0f} | {t['found']:.0f} | {t['alerts']:.0f} | "
            f"{t['tp']:.0f} | {t['precision']:.2f} | {t['recall']:.2f} | {t['not_in_data']:.0f} |"
        )
    lines += ["", "Alerts of kinds no plant exercises (all false alarms on this scenario):", ""]
    other = result["unplanted_alerts"]
    assert isinstance(other, dict)
    lines += [f"- `{k}`: {v}" for k, v in sorted(other.items())] or ["- none"]
    lines += ["", f"Timing per seed (2 shared cores): {result['timing']}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--scale", default="small")
    parser.add_argument("--name", default="detection", help="stem of the result files")
    args = parser.parse_args()
    per_seed: dict[int, dict[str, dict[str, float]]] = {}
    other: dict[str, int] = defaultdict(int)
    timing: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            scores, unplanted, timing[seed] = run_seed(seed, args.scale, Path(tmp))
            per_seed[seed] = scores
            for k, v in unplanted.items():
                other[k] += v
            print(seed, json.dumps(scores), dict(unplanted))
    result = {
        "seeds": args.seeds,
        "scale": args.scale,
        "total": summarise(per_seed),
        "per_seed": per_seed,
        "unplanted_alerts": dict(other),
        "timing": {s: {k: round(v, 2) for k, v in t.items()} for s, t in timing.items()},
    }
    (HERE / f"{args.name}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (HERE / f"{args.name}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
