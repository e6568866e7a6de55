"""Batch screening on Spark in local mode, timed, with a projection to a cluster.

    .venv/bin/python benchmarks/screening/spark_batch.py [names.csv] [--cores 2] [--report out.json]

Without a CSV, a million Afghan names are drawn as the speed benchmark draws them
(``population.afghan_population``). The index is UN 2026-02-27 + OFAC SDN, built on the driver
and broadcast; the results are written as Parquet into a temporary directory of this run's own.
CPU seconds are those of the whole process tree (driver, JVM, Python workers), read from /proc
before the session stops; peak memory is the largest sum of the tree's resident sets, sampled
every second. Writes the ``spark`` section of results.json and results.md, or with ``--report``
only that JSON file (a run to be written up by hand, leaving the committed results alone).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import population  # noqa: E402
import results_md  # noqa: E402

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
    """Samples the process tree's resident set every second; ``peak`` is the largest seen."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.peak = max(self.peak, tree_rss_mib(os.getpid()))


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
        write_names(names, 1_000_000)
    peak = PeakMemory()
    peak.start()
    cpu_start, started = tree_cpu_seconds(os.getpid()), time.perf_counter()
    entries = [*parse_file(population.UN_2026), *parse_file(population.OFAC_SDN)]
    index = build_index(entries, snapshot="un+ofac_sdn")
    session = local_session(cores=cores, memory="3g", warehouse=work / "spark")
    ready = time.perf_counter()
    frame = session.read.csv(str(names), header=True)
    out = work / "screened.parquet"
    screen_frame(frame, index, DEFAULT_THRESHOLD, 5).write.parquet(str(out))
    done = time.perf_counter()
    cpu = tree_cpu_seconds(os.getpid()) - cpu_start
    peak.done.set()
    result = session.read.parquet(str(out))
    rows, with_hit = result.count(), result.where("hits > 0").count()
    partitions = frame.rdd.getNumPartitions()
    session.stop()
    screening_s = done - ready
    report = {
        "names": rows,
        "with_hit": with_hit,
        "cores": cores,
        "input_partitions": partitions,
        "index_and_session_s": round(ready - started, 1),
        "screening_s": round(screening_s, 1),
        "wall_s": round(done - started, 1),
        "cpu_s_process_tree": round(cpu, 1),
        "names_per_cpu_s": round(rows / cpu),
        "peak_rss_mib_process_tree": round(peak.peak),
        "compiled_hot_path": compiled.in_use(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "projection": projection(rows, cpu, screening_s),
    }
    if "--report" in args:
        Path(args[args.index("--report") + 1]).write_text(json.dumps(report, indent=1) + "\n")
        print(json.dumps(report, indent=1))
        return
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["spark"] = report
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (HERE / "results.md").write_text(results_md.render_markdown(results))
    print(json.dumps(report, indent=1))


def projection(names: int, cpu: float, screening_s: float) -> dict[str, object]:
    """Hours for a national register on a cluster, from the CPU cost per name measured here:
    names x CPU-s per name spread over the executors' cores, plus a fixed minute for the
    session, the broadcast and each worker loading the index. Assumes the per-name cost of this
    run (Afghan names; a register repeats names more, which the workers' memos turn to savings)
    and no other load on the cluster."""
    per_name = cpu / names
    table: dict[str, object] = {"cpu_s_per_million_names": round(per_name * 1e6)}
    for register in (10_000_000, 40_000_000):
        for cores in (16, 64, 256):
            minutes = (register * per_name / cores + 60) / 60
            table[f"{register // 1_000_000}M names on {cores} cores, min"] = round(minutes, 1)
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
