"""Inputs and a parity check for the whole-process runs of ``whole_process.md``.

    python whole_process.py names 100000 names.csv    # the Afghan demo names, as --file reads them
    python whole_process.py hits 20000 hits.jsonl     # every hit at 0.75 with its exact score

``names`` writes the file that ``/usr/bin/time -v aidtrace -w WS screen --file names.csv
--workers 2`` is timed on. ``hits`` screens the first names in this process against UN
2026-02-27 + OFAC SDN (party type ``any``, up to 10,000 hits a name) and writes one line per
name: its id and each hit's list, source id, score (``repr``, every digit) and explanation.
Two trees give byte-identical files when a change leaves the results alone; run it under each
tree (``PYTHONPATH=<tree>/build/site``) and compare with ``cmp``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from pathlib import Path

from population import OFAC_SDN, UN_2026, afghan_population

from aidtrace.screening import Query, build_index
from aidtrace.screening.screen import iter_screen
from aidtrace.watchlists.formats import parse_file


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


if __name__ == "__main__":
    command, size, path = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    {"names": write_names, "hits": write_hits}[command](size, path)
