"""Inputs and a parity check for the whole-process runs of ``whole_process.md``.

    python whole_process.py names 100000 names.csv    # the Afghan demo names, as --file reads them
    python whole_process.py hits 20000 hits.jsonl     # every hit at 0.75 with its exact score
    python whole_process.py library 15000 WORKSPACE   # CPU-ms a name in one worker's place
    python whole_process.py import beneficiaries.csv WORKSPACE   # a whole import, timed

``names`` writes the file that ``/usr/bin/time -v aidtrace -w WS screen --file names.csv
--workers 2`` is timed on. ``hits`` screens the first names in this process against UN
2026-02-27 + OFAC SDN (party type ``any``, up to 10,000 hits a name) and writes one line per
name: its id and each hit's list, source id, score (``repr``, every digit) and explanation.
Two trees give byte-identical files when a change leaves the results alone; run it under each
tree (``PYTHONPATH=<tree>/build/site``) and compare with ``cmp``.

``library`` screens names as a ``--file`` worker does (party type ``any``, the workspace's saved
index, chunks of 1,000 with the worker's collector settings), 10,000 first to warm the memos and
then the given number, and prints the CPU time of each part. On a shared machine, run it for two
trees at the same time (one process each): both meet the same load, so their ratio holds where
run one after the other the load moves CPU seconds by more than a change does.

``import`` copies WORKSPACE (made by ``aidtrace init`` and ``aidtrace lists load`` of the UN and
OFAC SDN files, ``population.UN_2026`` and ``OFAC_SDN``) and times ``aidtrace import
beneficiaries FILE`` into the copy as a whole process under ``/usr/bin/time -v`` (the
``aidtrace`` beside this Python: run it with the tree's own environment), then prints its CPU
seconds (user + system of the process and its workers), wall time, peak memory and the alerts
it stored with a sha256 over them (subject, entry, score, severity, summary and evidence, in
that order): two trees that raise the same alerts print the same digest. The beneficiaries are
``aidtrace demo generate DIR --scale 100k``'s ``beneficiaries.csv`` or the first rows of it.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from population import OFAC_SDN, UN_2026, afghan_population

from aidtrace import compiled
from aidtrace.screening import Query, build_index
from aidtrace.screening.parties import by_kind
from aidtrace.screening.screen import CHUNK, WORKER_GC_THRESHOLD, NameMatches, iter_screen
from aidtrace.screening.workspace_index import current_index
from aidtrace.watchlists.formats import parse_file
from aidtrace.workspace import Workspace


def write_names(count: int, out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name"])
        for query in afghan_population(count, seed=7):
            writer.writerow([query.subject, query.name])


def write_hits(count: int, out: Path) -> None:
    index = build_index([*parse_file(UN_2026), *parse_file(OFAC_SDN)], snapshot="un+ofac_sdn")
    queries = [Query(q.name, q.subject) for q in afghan_population(count, seed=7)]
    started = time.process_time()
    lines = []
    for result in iter_screen(index, queries, 0.75, 10_000):
        hits = [
            (h.entry.list_name, h.entry.source_id, repr(h.score), repr(h.explanation))
            for h in result.hits
        ]
        lines.append(json.dumps([result.query.subject, hits], ensure_ascii=False))
    text = "\n".join(lines)
    out.write_text(text + "\n", encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()  # of the lines, without the last newline
    print(f"{count} names, {time.process_time() - started:.1f} CPU-s, sha256 {digest}")


WARM_UP = 10_000  # names screened before the measured ones, as a worker has after a while


def time_library(count: int, workspace: Path) -> None:
    with Workspace.open(workspace, read_only=True) as ws:
        index = current_index(ws)  # built and saved first where another tree saved it
    by_kind(index)
    queries = [Query(q.name, q.subject) for q in afghan_population(WARM_UP + count, seed=7)]
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    cache: NameMatches = {}
    for part, chosen in (("warm-up", queries[:WARM_UP]), ("measured", queries[WARM_UP:])):
        started = time.process_time()
        for at in range(0, len(chosen), CHUNK):
            for _ in iter_screen(index, chosen[at : at + CHUNK], 0.75, 5, cache):
                pass
            gc.freeze()  # as a worker does after each chunk
        spent = time.process_time() - started
        rate = 1000 * spent / len(chosen)
        print(f"{part}: {len(chosen)} names, {spent:.1f} CPU-s, {rate:.3f} CPU-ms a name")
    print(f"compiled: {compiled.in_use()}")


def time_import(people: Path, workspace: Path) -> None:
    aidtrace = Path(sys.executable).parent / "aidtrace"
    with tempfile.TemporaryDirectory(prefix="aidtrace-import-") as scratch:
        copy = Path(scratch) / "ws"
        shutil.copytree(workspace, copy)
        command = ["/usr/bin/time", "-v", str(aidtrace), "-w", str(copy),
                   "import", "beneficiaries", str(people)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"the import failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        timed = dict(re.findall(r"^\s*(.+?): (.+)$", done.stderr, re.MULTILINE))
        cpu = float(timed["User time (seconds)"]) + float(timed["System time (seconds)"])
        rss = int(timed["Maximum resident set size (kbytes)"]) // 1024
        wall = timed["Elapsed (wall clock) time (h:mm:ss or m:ss)"]
        with Workspace.open(copy, read_only=True) as ws:
            rows = ws.engine.query(
                "SELECT subject, identity_key, score, severity, summary, evidence FROM alerts "
                "ORDER BY subject, identity_key"
            ).to_pylist()
    text = "\n".join(repr(sorted(row.items())) for row in rows)
    digest = hashlib.sha256(text.encode()).hexdigest()
    print(f"{cpu:.1f} CPU-s, wall {wall}, peak {rss} MiB, {len(rows)} alerts, sha256 {digest}")
    print(f"compiled: {compiled.in_use()}")


if __name__ == "__main__":
    command, first, path = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    if command == "import":
        time_import(Path(first), path)
    else:
        {"names": write_names, "hits": write_hits, "library": time_library}[command](
            int(first), path
        )
