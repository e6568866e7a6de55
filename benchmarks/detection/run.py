"""Detection over many demo worlds: precision and recall per planted kind, with their spread.

    .venv/bin/python benchmarks/detection/run.py [--set tuning|evaluation] [--scale 3000 ...]
                                                 [--noise 0|1|2] [--seeds N] [--skip K]
                                                 [--per-process N] [--report-only]

Two disjoint sets of seeds:

- *tuning seeds* 1–20 may be looked at freely while rules and thresholds are chosen;
- *evaluation seeds* 101–120 are never inspected while choosing rules or thresholds. Their
  figures are the ones the README shows; a rule changed after looking at them makes them
  tuning seeds, and the set must then move to seeds not seen before.

Each run is the whole ``aidtrace demo`` (generate, import, every monitor, score against the
ground truth) in a fresh child process and a temporary directory, at the generator's noise
level (``--noise``, by default the demo's own default: a register as messy as a real one);
``--per-process N`` runs N seeds one after another in one child, each in a directory of its own,
so that they share the process's start (imports, tables read once per process) and nothing else.
Each run records its wall and CPU seconds, peak memory, and whether the compiled screening modules
ran (a stale build runs them as plain Python, at about twice the CPU).
Runs are appended to ``runs.json`` beside this script as they finish, so a long protocol can be
resumed; a run is known by its seed, scale and noise level (runs recorded without a noise level
were made on the clean generator, level 0), and a later run of the same seed, scale and level
(on newer code) replaces the earlier one in the summary while ``runs.json`` keeps both. The
summary (``results.md``) gives, per seed set, scale, noise level and planted kind, the mean,
minimum and 10th percentile of precision and recall, and alerts per 1,000 beneficiaries; and per
innocent pattern of the noisy world (namesakes, family phones, late reports…) how many cases drew
a false alert, and of which kind.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs.json"
SEEDS = {"tuning": range(1, 21), "evaluation": range(101, 121)}

# One child process runs one or more seeds (``--per-process``), printing a line per seed as it
# finishes. Seconds are wall time; CPU seconds are the process's and its waited children's.
CHILD = """
import json, resource, shutil, sys, time
from pathlib import Path
from aidtrace import compiled
from aidtrace.demo.job import run_demo

def cpu():
    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)

root, scale, noise = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for seed in map(int, sys.argv[4:]):
    t, c = time.perf_counter(), cpu()
    out = run_demo(root / f"demo-{seed}", seed=seed, scale=scale, noise=noise)
    innocent = getattr(out.evaluation, "innocent", ())
    traceless = {}
    for plant in out.scenario.truth.plants:
        txns = {str(k): v for k, v in plant.ids.items()}.get("txn_ids")
        if txns is not None and not txns:
            traceless[plant.kind.value] = traceless.get(plant.kind.value, 0) + 1
    print(json.dumps({
        "seed": seed,
        "traceless": traceless,
        "seconds": round(time.perf_counter() - t, 1),
        "cpu_seconds": round(cpu() - c, 1),
        "compiled": compiled.in_use(),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "beneficiaries": out.scenario.beneficiaries,
        "alerts": sum(out.alert_counts.values()),
        "kinds": {k.kind.value: [k.planted, k.found, k.alerts, k.true_alerts]
                  for k in out.evaluation.kinds},
        "innocent": {p.pattern.value: [p.cases, p.alerted, p.false_alerts, dict(p.by_kind)]
                     for p in innocent},
    }), flush=True)
    shutil.rmtree(root / f"demo-{seed}")
"""


def commit() -> str:
    """The commit the runs use: ``DETECTION_COMMIT`` when the code is an exported tree of one
    (``git archive``, put first on ``PYTHONPATH``), else this checkout's HEAD, marked ``+dirty``
    when its ``src/`` holds uncommitted changes."""
    given = os.environ.get("DETECTION_COMMIT")
    if given:
        return given
    git = ["git", "-C", str(HERE)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    status = [*git, "status", "--porcelain", "--", str(HERE.parents[1] / "src")]
    dirty = subprocess.run(status, capture_output=True, text=True).stdout.strip()
    return (head.stdout.strip() or "unknown") + ("+dirty" if dirty else "")


def default_noise() -> int:
    """The demo generator's default noise level."""
    from aidtrace.demo.noise import DEFAULT_NOISE

    return DEFAULT_NOISE


def run_one(seed: int, scale: str, noise: int) -> dict[str, Any]:
    """One seed in a fresh child process."""
    return next(run_batch([seed], scale, noise))


def run_batch(seeds: list[int], scale: str, noise: int) -> Iterator[dict[str, Any]]:
    """Several seeds one after another in one fresh child process, each run given as it
    finishes. The seeds share the process's start (imports, the name tables read once per
    process), never a world or a workspace: each run is a demo of its own in its own
    directory, and scores as it would alone."""
    with (
        tempfile.TemporaryDirectory(prefix="aidtrace-detection-") as tmp,
        tempfile.TemporaryFile("w+") as errors,
    ):
        args = [sys.executable, "-c", CHILD, tmp, scale, str(noise), *map(str, seeds)]
        with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("{"):
                    result: dict[str, Any] = json.loads(line)
                    yield {"scale": scale, "noise": noise, "commit": commit(), **result}
        if child.returncode:
            errors.seek(0)
            raise subprocess.CalledProcessError(child.returncode, args[:2], stderr=errors.read())


def load_runs() -> list[dict[str, Any]]:
    """Every recorded run; one recorded before noise levels existed ran on the clean world."""
    runs = json.loads(RUNS.read_text(encoding="utf-8")) if RUNS.exists() else []
    for run in runs:
        run.setdefault("noise", 0)
    return runs


def record_run(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Add one run to ``runs.json`` and return them all. Read and written again under a lock,
    so two invocations working on different seeds can share the file."""
    with (Path(tempfile.gettempdir()) / "aidtrace-detection-runs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        runs = [*load_runs(), run]
        fresh = RUNS.with_suffix(".json.tmp")
        fresh.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
        fresh.replace(RUNS)
    return runs


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


def innocent_rows(runs: list[dict[str, Any]]) -> list[str]:
    """One row per innocent pattern: cases, cases named by a false alert, and by which kinds."""
    patterns = sorted({p for r in runs for p in r.get("innocent", {})})
    rows = []
    for pattern in patterns:
        counts = [r["innocent"][pattern] for r in runs if pattern in r.get("innocent", {})]
        cases = sum(c[0] for c in counts)
        alerted = sum(c[1] for c in counts)
        false = sum(c[2] for c in counts)
        kinds: dict[str, int] = {}
        for c in counts:
            for kind, n in c[3].items():
                kinds[kind] = kinds.get(kind, 0) + n
        share = f"{alerted / cases:.2f}" if cases else "n/a"
        named = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))
        rows.append(f"| {pattern} | {cases} | {alerted} | {share} | {false} | {named or '–'} |")
    return rows


INNOCENT_HEADER = (
    "| innocent pattern | cases | cases alerted | share alerted | false alerts | by alert kind |"
    "\n|---|---:|---:|---:|---:|---|"
)

HEADER = (
    "| planted kind | planted | found | precision mean | min | p10 | recall mean | min | p10 "
    "| alerts per 1,000 beneficiaries |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def latest(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last recorded run of each seed, scale and noise level, in the order recorded."""
    last = {(r["seed"], r["scale"], r["noise"]): r for r in runs}
    return [r for r in runs if last[(r["seed"], r["scale"], r["noise"])] is r]


def markdown(runs: list[dict[str, Any]]) -> str:
    runs = latest(runs)
    lines = [
        "# Detection over many demo worlds\n",
        "Produced by `benchmarks/detection/run.py` (see its docstring for the protocol). Tuning "
        "seeds 1–20 may be inspected; evaluation seeds 101–120 are never inspected while rules "
        "or thresholds are chosen. Precision is over the runs that raised an alert of the kind, "
        "recall over the runs that planted it; p10 is the 10th percentile over runs. A section's "
        "figures are those of the commits it names (a seed run again on newer code counts once, "
        "with its latest run); seconds per run are wall time on a machine shared with other "
        "jobs.\n",
    ]
    scales = sorted({r["scale"] for r in runs}, key=lambda s: (len(s), s))
    for noise in sorted({r["noise"] for r in runs}, reverse=True):
        for name, seeds in SEEDS.items():
            for scale in scales:
                chosen = [
                    r
                    for r in runs
                    if r["scale"] == scale and r["seed"] in seeds and r["noise"] == noise
                ]
                if chosen:
                    lines.extend(section(name, scale, noise, chosen))
    lines.extend(rescored_sections())
    return "\n".join(lines) + "\n"


RESCORED = HERE / "rescored.json"


def rescored_sections() -> list[str]:
    """The tuning worlds re-scored by ``rescore.py`` (a kept world's import screening and
    ghost alerts decided again on newer rules), one section per scale, after the whole runs."""
    if not RESCORED.exists():
        return []
    runs = latest(json.loads(RESCORED.read_text(encoding="utf-8")))
    lines = []
    for scale in sorted({r["scale"] for r in runs}, key=lambda s: (len(s), s)):
        chosen = sorted((r for r in runs if r["scale"] == scale), key=lambda r: r["seed"])
        noise = ", ".join(sorted({str(r["noise"]) for r in chosen}))
        lines += [
            f"## tuning seeds, scale {scale}, noise {noise}, re-scored: {len(chosen)} runs "
            f"(seeds {', '.join(str(r['seed']) for r in chosen)})\n",
            f"Commit {commit_line(chosen)}. Worlds kept from a whole run (`rescore.py keep`), "
            "their import screening and ghost alerts decided again on the commit named "
            "(`rescore.py score --record`); every other alert as the kept run raised it. "
            "Only the kinds re-scored are shown; all alerts per 1,000 count every kind.\n",
            HEADER,
            *kind_rows(chosen),
            "",
        ]
    return lines


def commit_line(chosen: list[dict[str, Any]]) -> str:
    """The commits of a section's runs, each with its seeds when there are several."""
    seeds: dict[str, list[int]] = {}
    for run in sorted(chosen, key=lambda r: r["seed"]):
        seeds.setdefault(run["commit"], []).append(run["seed"])
    if len(seeds) == 1:
        return next(iter(seeds))
    return ", ".join(f"{c} (seeds {', '.join(map(str, s))})" for c, s in sorted(seeds.items()))


def cost_line(chosen: list[dict[str, Any]]) -> str:
    """Seconds per run: wall time (on a shared machine, as loaded as it was), and where the runs
    recorded them, CPU seconds, peak memory and whether the compiled screening modules ran (a
    stale build runs as plain Python, about twice the CPU)."""
    line = f"{statistics.fmean(r['seconds'] for r in chosen):.0f} s per run on average (wall)"
    timed = [r for r in chosen if "cpu_seconds" in r]
    if not timed:
        return line
    plain = sum(not r["compiled"] for r in timed)
    return (
        f"{line}, {statistics.fmean(r['cpu_seconds'] for r in timed):.0f} CPU-s and at most "
        f"{max(r['peak_mib'] for r in timed):,} MiB over the {len(timed)} runs that recorded "
        "them" + (f", {plain} of them without the compiled screening modules" if plain else "")
    )


def section(name: str, scale: str, noise: int, chosen: list[dict[str, Any]]) -> list[str]:
    """The tables of one seed set at one scale and noise level."""
    commits = commit_line(chosen)
    world = "clean world" if noise == 0 else f"noise {noise}"
    lines = [
        f"## {name} seeds, scale {scale}, {world}: {len(chosen)} runs "
        f"(seeds {', '.join(str(r['seed']) for r in sorted(chosen, key=lambda r: r['seed']))})\n",
        f"Commit {commits}; {cost_line(chosen)}.\n",
        HEADER,
        *kind_rows(chosen),
        "",
    ]
    traceless = [
        f"{kind} {sum(r.get('traceless', {}).get(kind, 0) for r in chosen)} (seeds "
        + ", ".join(
            str(r["seed"])
            for r in sorted(chosen, key=lambda r: r["seed"])
            if r.get("traceless", {}).get(kind)
        )
        + ")"
        for kind in sorted({k for r in chosen for k in r.get("traceless", {})})
    ]
    if traceless:
        lines += [
            "Planted with no transaction of their own in the ledger (an overpriced vendor "
            "that received no order leaves nothing to find, and counts as missed): "
            + "; ".join(traceless)
            + ".\n"
        ]
    innocent = innocent_rows(chosen)
    if innocent:
        lines += [
            "False alerts on innocent patterns (a case is alerted when a false alert names "
            "its records):\n",
            INNOCENT_HEADER,
            *innocent,
            "",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=list(SEEDS), action="append", dest="sets")
    parser.add_argument("--scale", action="append", dest="scales")
    parser.add_argument("--seeds", type=int, default=20, help="the first N seeds of each set")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first K of those")
    parser.add_argument(
        "--noise", type=int, default=None, help="the generator's noise level [its default]"
    )
    parser.add_argument(
        "--per-process",
        type=int,
        default=1,
        help="seeds run one after another in one child process (sharing its start) [1]",
    )
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    runs = load_runs()
    noise = default_noise() if args.noise is None else args.noise
    if not args.report_only:
        at = commit()  # a seed run on older code is run again on this one
        done = {(r["seed"], r["scale"], r["noise"]) for r in runs if r.get("commit") == at}
        for name in args.sets or list(SEEDS):
            for scale in args.scales or ["3000"]:
                todo = [
                    seed
                    for seed in list(SEEDS[name])[args.skip : args.seeds]
                    if (seed, scale, noise) not in done
                ]
                runs = run_pending(name, todo, scale, noise, max(1, args.per_process)) or runs
    (HERE / "results.md").write_text(markdown(runs), encoding="utf-8")


def run_pending(
    name: str, seeds: list[int], scale: str, noise: int, per_process: int
) -> list[dict[str, Any]]:
    """Run ``seeds`` in child processes of ``per_process`` seeds each, recording each run as it
    finishes; returns every recorded run (none when there was nothing to run)."""
    runs: list[dict[str, Any]] = []
    for start in range(0, len(seeds), per_process):
        for run in run_batch(seeds[start : start + per_process], scale, noise):
            runs = record_run(run)
            print(
                f"{name} seed {run['seed']} scale {scale} noise {noise}: {run['seconds']:.0f} s, "
                f"{run['cpu_seconds']:.0f} CPU-s, compiled {run['compiled']}",
                file=sys.stderr,
            )
    return runs


if __name__ == "__main__":
    main()
