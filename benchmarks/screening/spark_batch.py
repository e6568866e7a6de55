"""Batch screening on Spark in local mode, timed, with a projection to a cluster.

    .venv/bin/python benchmarks/screening/spark_batch.py [names.csv | --names 1000000]
        [--cores 2] [--partitions N] [--commit REV] [--report out.json] [--trace progress.tsv]

Without a CSV, ``--names`` Afghan names (a million by default) are drawn as the speed benchmark
draws them (``population.afghan_population``, seed 7: the first 100,000 of a million are the
100,000). ``--partitions``: how many parts the names are screened in (by default one per
core). The index is UN 2026-02-27 + OFAC SDN, built on the driver and broadcast; the results
are written as Parquet into a temporary directory of this run's own. CPU seconds are those of
the whole process tree (driver, JVM, Python workers), read from /proc before the session stops;
peak memory is the largest sum of the tree's resident sets, sampled every second. ``--commit``
names the commit of the aidtrace that ran (a compiled build exported from git has no history of
its own; by default this checkout's). The run is added to spark_results.json under its number of
names, or with ``--report`` written to that file alone; results.md is written up by hand (its
Spark section), never re-rendered from here.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Final

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import population  # noqa: E402

from aidtrace import compiled  # noqa: E402
from aidtrace.screening import build_index  # noqa: E402
from aidtrace.screening.score import DEFAULT_THRESHOLD  # noqa: E402
from aidtrace.screening.spark import local_session, screen_frame  # noqa: E402
from aidtrace.watchlists.formats import parse_file  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int) -> float:
    """User + system seconds of ``root`` and every live descendant, with what each has reaped."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15]) / TICKS
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def tree_pids(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return found


def tree_rss_mib(root: int) -> float:
    """The resident set of ``root`` and its live descendants, summed (shared pages counted in
    each process: an upper bound)."""
    total = 0
    for pid in tree_pids(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


class PeakMemory(threading.Thread):
    """Samples the process tree's resident set every second; ``peak`` is the largest seen.
    With a ``trace`` file, appends the elapsed seconds, the tree's CPU seconds and resident set
    every minute (what a long run had used, should it be stopped)."""

    def __init__(self, trace: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.done = threading.Event()
        self.trace = trace

    def run(self) -> None:
        started, ticks = time.perf_counter(), 0
        while not self.done.wait(1.0):
            rss = tree_rss_mib(os.getpid())
            self.peak = max(self.peak, rss)
            ticks += 1
            if self.trace is not None and ticks % 60 == 0:
                line = f"{time.perf_counter() - started:.0f} s\t"
                line += f"{tree_cpu_seconds(os.getpid()):.1f} CPU-s\t{rss:.0f} MiB\n"
                with self.trace.open("a", encoding="utf-8") as fh:
                    fh.write(line)


def worker_compiled(session: Any, cores: int) -> list[bool]:
    """Whether each Python worker runs the compiled hot path (it imports aidtrace afresh)."""
    flags: list[bool] = (
        session.sparkContext.parallelize(range(cores), cores).map(_compiled).collect()
    )
    return flags


def _compiled(_: int) -> bool:
    from aidtrace import compiled as worker

    return worker.in_use()


def commit_of(args: list[str]) -> str:
    if "--commit" in args:
        return args[args.index("--commit") + 1]
    done = subprocess.run(
        ["git", "-C", str(HERE), "describe", "--always", "--dirty", "--abbrev=7"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip() or "unknown"


def write_names(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name"])
        writer.writerows((q.subject, q.name) for q in population.afghan_population(size))


def main(args: list[str]) -> None:
    cores = int(args[args.index("--cores") + 1]) if "--cores" in args else 2
    files = [a for a in args if a.endswith(".csv")]
    work = Path(tempfile.mkdtemp(prefix="aidtrace-spark-bench-"))
    names = Path(files[0]) if files else work / "names.csv"
    if not files:
        write_names(names, int(args[args.index("--names") + 1]) if "--names" in args else 1_000_000)
    trace = Path(args[args.index("--trace") + 1]) if "--trace" in args else None
    parts = int(args[args.index("--partitions") + 1]) if "--partitions" in args else None
    peak = PeakMemory(trace)
    peak.start()
    cpu_start, started = tree_cpu_seconds(os.getpid()), time.perf_counter()
    entries = [*parse_file(population.UN_2026), *parse_file(population.OFAC_SDN)]
    index = build_index(entries, snapshot="un+ofac_sdn")
    session = local_session(cores=cores, memory="3g", warehouse=work / "spark")
    ready = time.perf_counter()
    workers_compiled = worker_compiled(session, cores)
    frame = session.read.csv(str(names), header=True)
    out = work / "screened.parquet"
    screened = screen_frame(frame, index, DEFAULT_THRESHOLD, 5, partitions=parts)
    screened.write.parquet(str(out))
    done = time.perf_counter()
    cpu = tree_cpu_seconds(os.getpid()) - cpu_start
    peak.done.set()
    result = session.read.parquet(str(out))
    rows, with_hit = result.count(), result.where("hits > 0").count()
    partitions = frame.rdd.getNumPartitions()
    session.stop()
    screening_s = done - ready
    report = {
        "commit": commit_of(args),
        "names": rows,
        "with_hit": with_hit,
        "cores": cores,
        "input_partitions": partitions,
        "screened_partitions": parts or cores,
        "index_and_session_s": round(ready - started, 1),
        "screening_s": round(screening_s, 1),
        "wall_s": round(done - started, 1),
        "cpu_s_process_tree": round(cpu, 1),
        "names_per_cpu_s": round(rows / cpu),
        "names_per_s_screening": round(rows / screening_s),
        "peak_rss_mib_process_tree": round(peak.peak),
        "compiled_hot_path": compiled.in_use(),
        "compiled_hot_path_workers": all(workers_compiled),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "projection": projection(rows, cpu),
    }
    if "--report" in args:
        Path(args[args.index("--report") + 1]).write_text(json.dumps(report, indent=1) + "\n")
        print(json.dumps(report, indent=1))
        return
    path = HERE / "spark_results.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[str(rows)] = report
    path.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=1))


# Seconds before a cluster's first partition is screened, the session running: the driver reads
# the workspace's saved index (6.3 CPU-s) and dumps it for the broadcast (9.4), the 7.7 MB
# broadcast reaches the executors, and each Python worker reads it (6.3). Measured apart with the
# compiled build at 7c57d1f (UN + OFAC SDN); the executors read in parallel, so it is paid once.
OVERHEAD_S: Final = 22.0


def projection(names: int, cpu: float) -> dict[str, object]:
    """A cluster sized from the CPU cost per name measured here: the register's names x CPU-s per
    name spread over the executors' cores, after ``OVERHEAD_S`` for the index. The cost per name
    is that of the whole local tree (driver, JVM, workers, the index built and loaded), so an
    upper bound for a cluster's cores; it assumes Afghan names like these (a register repeats
    names more, which the workers' memos turn to savings) and cores not shared with other work."""
    per_name = cpu / names
    table: dict[str, object] = {
        "cpu_s_per_million_names": round(per_name * 1e6),
        "names_per_core_s": round(1 / per_name),
    }
    for register, seconds in ((1_000_000, 60), (10_000_000, 600), (40_000_000, 3600)):
        cores = math.ceil(register * per_name / (seconds - OVERHEAD_S))
        table[f"cores for {register // 1_000_000}M names in {seconds} s"] = cores
    for register in (10_000_000, 40_000_000):
        for cores in (16, 64, 256):
            minutes = (register * per_name / cores + OVERHEAD_S) / 60
            table[f"{register // 1_000_000}M names on {cores} cores, min"] = round(minutes, 1)
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
