"""How long `aidtrace --help` takes to answer, and which imports the time goes to.

    .venv/bin/python benchmarks/startup/bench.py [--runs 10] [--against DIR --revision REV]

Writes `benchmarks/startup/results.md` and `results.json` beside this file. Each run is a fresh
process, as a user typing the command gets; the first run (cold file cache) is not counted.

`--against DIR` also times the `src/` of another commit (`git archive REV src | tar -x -C DIR`),
its runs taking turns with this checkout's, both started the same way: on a busy machine the
two medians are comparable where the absolute figures are not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AIDTRACE = ROOT / ".venv" / "bin" / "aidtrace"
TARGET_S = 0.5
TOP = 10  # packages named in the import breakdown


def time_help(runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `aidtrace --help`, one fresh process per run, after one warm-up.

    CPU seconds (user + system of the child) depend far less on other work sharing the machine.
    """
    command = [str(AIDTRACE), "--help"]
    env = {**os.environ, "COLUMNS": "100"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


HELP = "import sys\nfrom aidtrace.cli import main\nsys.argv = ['aidtrace', '--help']\nmain()\n"


def _cpu_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def side_by_side(other: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of `--help` from this checkout's sources and from ``other``'s,
    their runs taking turns (after one warm-up each)."""
    trees = {"this": ROOT / "src", "other": other / "src"}
    envs = {k: {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(v)} for k, v in trees.items()}
    command = [sys.executable, "-c", HELP]
    for env in envs.values():
        subprocess.run(command, check=True, capture_output=True, env=env)
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
    for _ in range(runs):
        for name, env in envs.items():
            got[name].append(_cpu_of(command, env))
    return {
        name: {
            "median_s": round(statistics.median(w for w, _ in runs_), 3),
            "median_cpu_s": round(statistics.median(c for _, c in runs_), 3),
        }
        for name, runs_ in got.items()
    }


def side_by_side_lines(found: dict[str, dict[str, float]], commit: str, revision: str) -> list[str]:
    this, other = found["this"], found["other"]
    return [
        f"Side by side with commit `{revision}` (its `src/` on `PYTHONPATH`, the runs taking "
        "turns, both started as `python -c` calling the CLI):",
        "",
        "| commit | median wall s | median CPU s |",
        "|---|---:|---:|",
        f"| `{commit}` | {this['median_s']:.2f} | {this['median_cpu_s']:.2f} |",
        f"| `{revision}` | {other['median_s']:.2f} | {other['median_cpu_s']:.2f} |",
        "",
    ]


def import_times() -> dict[str, float]:
    """Seconds spent importing `aidtrace.cli`, by top-level package (its modules' own time).

    The total comes first; then the packages that took longest, largest first.
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import aidtrace.cli"],
        check=True,
        capture_output=True,
        text=True,
    )
    by_package: dict[str, float] = {}
    total = 0.0
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        name = fields[2].strip()
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(fields[0]) / 1e6
        if name == "aidtrace.cli":
            total = int(fields[1]) / 1e6
    largest = sorted(by_package.items(), key=lambda item: -item[1])[:TOP]
    return {"import aidtrace.cli (total)": total, **dict(largest)}


def peak_memory_mib() -> float:
    """The largest resident memory of the processes run so far (each one `aidtrace --help`)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def help_sources() -> list[str]:
    """The files of aidtrace that `aidtrace --help` imports, relative to the checkout."""
    probe = (
        "import sys\n"
        "from aidtrace.cli import main\n"
        "sys.argv = ['aidtrace', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "files = [m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'aidtrace']\n"
        "print('\\n'.join(sorted(f for f in files if f)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return [str(Path(f).resolve().relative_to(ROOT)) for f in done.stderr.split()]


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def report(
    times: list[float],
    cpu: list[float],
    peak_mib: float,
    imports: dict[str, float],
    against: tuple[str, dict[str, dict[str, float]]] | None = None,
) -> tuple[str, dict[str, object]]:
    median = statistics.median(times)
    commit = git("rev-parse", "--short", "HEAD")
    # only what the command runs counts: changes to modules it never imports do not
    changed = git("status", "--porcelain", "--", *help_sources())
    local = " (with uncommitted changes to modules it imports)" if changed else ""
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = "met" if median < TARGET_S else "**not met**"
    lines = [
        "# Start-up: `aidtrace --help`",
        "",
        f"Measured {at} at commit `{commit}`{local}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with other work (wall times vary with it; CPU times "
        f"much less); {len(times)} fresh processes after one warm-up "
        "(`benchmarks/startup/bench.py`).",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| median wall time | **{median:.2f}** |",
        f"| fastest / slowest run | {min(times):.2f} / {max(times):.2f} |",
        f"| median CPU time (user + system) | {statistics.median(cpu):.2f} |",
        f"| target | < {TARGET_S} ({verdict}) |",
        "",
        f"Peak resident memory of a run: {peak_mib:.0f} MiB.",
        "",
        *(side_by_side_lines(against[1], commit, against[0]) if against else []),
        "Where the time goes (`python -X importtime -c 'import aidtrace.cli'`, one run): the whole",
        "import, then the packages whose own modules took longest to import (a package's",
        "dependencies are counted under their own names):",
        "",
        "| import | seconds |",
        "|---|---:|",
        *(f"| `{name}` | {seconds:.2f} |" for name, seconds in imports.items()),
        "",
    ]
    data: dict[str, object] = {
        "at": at,
        "commit": commit,
        "uncommitted_src_changes": bool(local),
        "runs_s": [round(t, 3) for t in times],
        "cpu_s": [round(t, 3) for t in cpu],
        "median_s": round(median, 3),
        "median_cpu_s": round(statistics.median(cpu), 3),
        "peak_mib": round(peak_mib, 1),
        "target_s": TARGET_S,
        "import_s": {name: round(s, 3) for name, s in imports.items()},
    }
    if against:
        data["side_by_side"] = {"revision": against[0], **against[1]}
    return "\n".join(lines), data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--against", type=Path, help="another commit's tree, holding its src/")
    parser.add_argument("--revision", help="the commit --against was taken from")
    args = parser.parse_args()
    wall, cpu = time_help(args.runs)
    peak = peak_memory_mib()  # of the `aidtrace --help` runs alone
    against = None
    if args.against:
        against = (args.revision or str(args.against), side_by_side(args.against, args.runs))
    text, data = report(wall, cpu, peak, import_times(), against)
    (HERE / "results.md").write_text(text, encoding="utf-8")
    (HERE / "results.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
