"""Re-score kept demo worlds after a change to the import-screening decision or the ghost rules.

    .venv/bin/python benchmarks/detection/rescore.py keep --scale 20000 --seed 1 [--noise 1]
    .venv/bin/python benchmarks/detection/rescore.py score --scale 20000 --seed 1 --seed 2 ...

A whole demo at 20,000 beneficiaries takes minutes; most of it (generating the world, sealing
the people, linkage, the flow monitors) does not change when only the rule that turns a
screening hit into an alert, or the rule that raises a ghost household, changes. ``keep`` runs
the whole demo once into ``$DETECTION_SCRATCH/<scale>-<seed>`` (default ``/work/scratch-detect``),
keeps its workspace and records every screening result the import produced (hits at or above
the floor the decision looks at, before the decision) with the population it counted.
``score`` then decides those hits again with the current ``aidtrace.people.screening`` rules,
runs the ghost indicators and alerts again on the kept workspace, keeps every other stored alert
as it was, and scores the lot against the world's ground truth: precision and recall of the
watchlist and ghost kinds, and all alerts per 1,000 beneficiaries.

A change to the screening *scorer* (names, rarity, evidence points) is not seen by ``score``:
the recorded hits carry the old scores. Figures for results.md come from ``run.py``, which runs
the whole demo; this is for iterating. Only tuning seeds (1–20) may be kept and scored here.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

SCRATCH = Path(os.environ.get("DETECTION_SCRATCH", "/work/scratch-detect"))
TUNING = range(1, 21)
RECORDED = "screening.pkl"
IMPORT_MONITOR = "screening-at-import"
GHOSTS_MONITOR = "integrity.ghosts"
KINDS = ("watchlist_party", "ghost_beneficiary")


def world(scale: str, seed: int) -> Path:
    if seed not in TUNING:
        raise SystemExit(f"seed {seed} is not a tuning seed (1-20): evaluation seeds stay unseen")
    return SCRATCH / f"{scale}-{seed}"


def keep(scale: str, seed: int, noise: int) -> dict[str, Any]:
    """Run the whole demo into a kept directory, recording the import's screening results."""
    import aidtrace.people.screening as import_screening
    from aidtrace.demo.job import run_demo

    recorded: list[Any] = []
    registers: dict[str, Any] = {}  # person kind → the import's namesake counts
    suppress = import_screening.suppress_cleared

    def recording(results: Iterable[Any], memory: Any) -> Iterator[Any]:
        for result in suppress(results, memory):
            if result.hits:
                recorded.append(result)
            yield result

    call = import_screening.ImportScreening.__call__

    def counting(self: Any, records: Sequence[Any]) -> Any:
        found = call(self, records)
        if records:
            registers[records[0].kind] = self.namesakes
        return found

    import_screening.suppress_cleared = recording  # type: ignore[assignment]
    import_screening.ImportScreening.__call__ = counting  # type: ignore[method-assign]
    target = world(scale, seed)
    started = time.perf_counter()
    out = run_demo(target / "demo", seed=seed, scale=scale, noise=noise)
    seconds = round(time.perf_counter() - started, 1)
    with (target / RECORDED).open("wb") as file:
        pickle.dump({"results": recorded, "registers": registers}, file)
    summary = {
        "seed": seed,
        "scale": scale,
        "noise": noise,
        "seconds": seconds,
        "beneficiaries": out.scenario.beneficiaries,
        "kinds": {k.kind.value: [k.planted, k.found, k.alerts, k.true_alerts]
                  for k in out.evaluation.kinds},
    }  # fmt: skip
    (target / "kept.json").write_text(json.dumps(summary) + "\n", encoding="utf-8")
    return summary


def import_alerts(recorded: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """The recorded screening results decided again with the current rules, as alerts."""
    from aidtrace.people.screening import decided

    registers = recorded["registers"]
    alerts = []
    for kind, namesakes in registers.items():
        mine = [r for r in recorded["results"] if (r.query.subject or "").startswith(kind + ":")]
        for hit in decided(mine, namesakes=current(namesakes)):
            evidence = json.dumps({"entry_id": hit.entry_id})
            alerts.append(("sanctions_match", hit.person_id, evidence))
    return alerts


def current(namesakes: Any) -> Any:
    """A kept register's counts as today's ``Namesakes`` (a world kept before a field was added
    has the field's default)."""
    from dataclasses import fields

    from aidtrace.screening.population import Namesakes

    kept = vars(namesakes)
    return Namesakes(**{f.name: kept[f.name] for f in fields(Namesakes) if f.name in kept})


def ghost_alerts(workspace: Any) -> list[tuple[str, str, str | None]]:
    """The ghost monitor run again on the kept workspace."""
    from aidtrace.integrity.monitor import GhostsMonitor
    from aidtrace.monitors import RunContext

    alerts = GhostsMonitor().run(RunContext(workspace, {}))
    return [(a.kind.value, a.subject, json.dumps(a.evidence, default=str)) for a in alerts]


def score(scale: str, seed: int) -> dict[str, Any]:
    """Precision and recall of one kept world under the current rules."""
    from aidtrace.demo.scoring import score as score_alerts
    from aidtrace.demo.truth import read_ground_truth
    from aidtrace.workspace import Workspace

    target = world(scale, seed)
    kept = json.loads((target / "kept.json").read_text(encoding="utf-8"))
    with (target / RECORDED).open("rb") as file:
        recorded = pickle.load(file)
    truth = read_ground_truth(target / "demo" / "scenario" / "ground_truth.json")
    with Workspace.open(target / "demo" / "workspace", read_only=True) as workspace:
        rows = workspace.engine.query(
            "SELECT monitor, kind, subject, CAST(evidence AS VARCHAR) AS evidence FROM alerts"
        ).to_pylist()
        alerts = [
            (r["kind"], r["subject"], r["evidence"])
            for r in rows
            if r["monitor"] != IMPORT_MONITOR and r["monitor"] != GHOSTS_MONITOR
        ]
        alerts += import_alerts(recorded) + ghost_alerts(workspace)
    result = score_alerts(truth, alerts)
    kinds = {k.kind.value: [k.planted, k.found, k.alerts, k.true_alerts] for k in result.kinds}
    return {"seed": seed, "scale": scale, "noise": kept.get("noise", 1),
            "beneficiaries": kept["beneficiaries"],
            "alerts": len(alerts), "kinds": kinds, "kept": kept["kinds"]}  # fmt: skip


def record(run: dict[str, Any]) -> None:
    """Keep a re-scored world's figures for results.md (``run.py`` writes them as sections of
    their own: they are not whole runs)."""
    from run import RESCORED, commit, load_runs, markdown

    kept = {k: v for k, v in run["kinds"].items() if k in KINDS}
    entry = {"seed": run["seed"], "scale": run["scale"], "noise": run["noise"],
             "commit": commit(), "beneficiaries": run["beneficiaries"],
             "alerts": run["alerts"], "kinds": kept}  # fmt: skip
    runs = json.loads(RESCORED.read_text(encoding="utf-8")) if RESCORED.exists() else []
    RESCORED.write_text(json.dumps([*runs, entry], indent=1) + "\n", encoding="utf-8")
    (RESCORED.parent / "results.md").write_text(markdown(load_runs()), encoding="utf-8")


def line(run: dict[str, Any]) -> str:
    per = 1000 * run["alerts"] / run["beneficiaries"]
    parts = [f"seed {run['seed']:>2} scale {run['scale']}: {per:5.2f} alerts per 1,000"]
    for kind in KINDS:
        planted, found, alerts, true = run["kinds"][kind]
        before = run["kept"][kind]
        parts.append(
            f"{kind} P {true}/{alerts} R {found}/{planted} (kept run: P {before[3]}/{before[2]} "
            f"R {before[1]}/{before[0]})"
        )
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("keep", "score"))
    parser.add_argument("--scale", default="20000")
    parser.add_argument("--seed", type=int, action="append", dest="seeds", required=True)
    parser.add_argument("--noise", type=int, default=1)
    parser.add_argument(
        "--record", action="store_true", help="add the scores to rescored.json and results.md"
    )
    args = parser.parse_args()
    totals = {k: [0, 0, 0, 0] for k in KINDS}
    for seed in args.seeds:
        if args.step == "keep":
            print(json.dumps(keep(args.scale, seed, args.noise)), file=sys.stderr)
            continue
        run = score(args.scale, seed)
        print(line(run))
        if args.record:
            record(run)
        for kind in KINDS:
            totals[kind] = [a + b for a, b in zip(totals[kind], run["kinds"][kind], strict=True)]
    if args.step == "score":
        for kind, (planted, found, alerts, true) in totals.items():
            print(f"all: {kind} P {true}/{alerts} R {found}/{planted}")


if __name__ == "__main__":
    main()
