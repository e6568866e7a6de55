"""Parse time and peak memory of every shared watchlist file, beside a raw-read baseline.

Each file is measured in a fresh subprocess (so caches and imports of one file do not help the
next): the wall time of ``list(parse_file(path))`` (best of ``--repeat`` runs, after one warm-up
run that also pays for rigour's country tables), the peak Python allocation during one parse
(tracemalloc) and the process's peak RSS. The baseline ("peer") is the same bytes read with the
standard library only — ``ElementTree.parse``, ``csv.reader`` or ``json.loads`` per line — i.e.
the floor any parser of that file pays before normalising anything.

    .venv/bin/python benchmarks/watchlists/bench_parse.py [--data ../shared/data] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = [
    ("un/un_consolidated_2026-02-27.xml", "un_xml"),
    ("un/un_consolidated_2025-04-19.xml", "un_xml"),
    ("ofac/sdn_2021-07/sdn.csv", "ofac_csv"),
    ("ofac/non_sdn/cons_prim.csv", "ofac_csv"),
    ("ofac/non_sdn/ofac_consolidated_non_sdn_2025-03-28.xml", "ofac_xml"),
    ("uk/uk_sanctions_list_sample_2026-09-10.xml", "uk_xml"),
    ("opensanctions/yente_t1/entities.ftm.json", "ftm_json"),
    ("opensanctions/yente_zala/entities.ftm.json", "ftm_json"),
    ("opensanctions/yente_t2_deltas/delta.json", "ftm_delta"),
]


def baseline(path: Path, fmt: str) -> int:
    """Read the file with the standard library only; returns a row/element count."""
    if fmt.endswith("xml"):
        return sum(1 for _ in ET.parse(path).getroot().iter())
    if fmt.endswith("csv"):
        with path.open(encoding="cp1252", newline="") as fh:
            return sum(1 for _ in csv.reader(fh))
    if fmt == "ftm_delta":
        return len(json.loads(path.read_text(encoding="utf-8")))
    return sum(1 for line in path.open(encoding="utf-8") if json.loads(line))


def measure_one(path: Path, fmt: str, repeat: int) -> dict[str, object]:
    from aidtrace.watchlists.formats import get_format

    parser = get_format(fmt)
    entries = len(list(parser.parse(path)))  # warm-up (imports, country tables)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        list(parser.parse(path))
        times.append(time.perf_counter() - start)
    base = []
    for _ in range(repeat):
        start = time.perf_counter()
        baseline(path, fmt)
        base.append(time.perf_counter() - start)
    tracemalloc.start()
    list(parser.parse(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    tracemalloc.start()
    baseline(path, fmt)
    base_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "file": path.name,
        "format": fmt,
        "bytes": path.stat().st_size,
        "entries": entries,
        "parse_s": round(min(times), 4),
        "baseline_s": round(min(base), 4),
        "parse_peak_mib": round(peak / 2**20, 2),
        "baseline_peak_mib": round(base_peak / 2**20, 2),
        "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=HERE.parents[2] / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("PATH", "FORMAT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(Path(args.one[0]), args.one[1], args.repeat)))
        return
    rows = []
    for rel, fmt in FILES:
        path = args.data / "watchlists" / rel
        cmd = [sys.executable, __file__, "--one", str(path), fmt, "--repeat", str(args.repeat)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        row = json.loads(out)
        row["file"] = rel
        rows.append(row)
        print(json.dumps(row))
    meta = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "note": "2 cores shared with other jobs; timings indicative, compare within a run",
        "repeat": args.repeat,
    }
    (HERE / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    lines = [
        "# Watchlist parse benchmark",
        "",
        f"{meta['machine']}; {meta['note']}.",
        f"Best of {args.repeat} runs after a warm-up; peak = tracemalloc peak during one parse.",
        "Baseline = the same bytes read by the standard library only (ElementTree.parse,",
        "csv.reader, json.loads): the floor before any normalisation. The parse keeps every",
        "entry (ListEntry objects, raw fragments included) while the baseline only counts;",
        "the OFAC CSV parse reads the four-file set (sdn, alt, add, comments), the baseline",
        "sdn.csv alone.",
        "",
        "| file | format | size | entries | parse s | baseline s "
        "| parse peak MiB | baseline peak MiB | max RSS MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['file']} | {r['format']} | {r['bytes']:,} | {r['entries']:,} | {r['parse_s']} "
            f"| {r['baseline_s']} | {r['parse_peak_mib']} | {r['baseline_peak_mib']} "
            f"| {r['process_max_rss_mib']} |"
        )
    (HERE / "results.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
