"""The yente candidate-generation positives and negatives, with birth dates and nationalities,
screened by aidtrace and by nomenklatura logic-v2 in the same run.

    .venv/bin/python benchmarks/screening/yente_peer.py [--negatives N]

aidtrace screens each query against its index of the UN list (as ``population.yente_benchmark``).
logic-v2 is a pair scorer with no search of its own (yente puts it behind a search index), so
its candidates come from a plain token search written here, the way a search index finds them:
the UN persons sharing a name word or its metaphone with the query, the 20 sharing the rarest
words first, to which the entries aidtrace itself found (at 0.5 or above) are added, so logic-v2
is never short of the candidate aidtrace scored. Each query counts as a hit for a system when its
best candidate reaches the threshold. The peer runs in its own venv (``PEER_PYTHON``).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import population  # noqa: E402
from rigour.text.phonetics import metaphone  # noqa: E402

from aidtrace.names import analyse  # noqa: E402
from aidtrace.screening import Query, build_index, screen_names  # noqa: E402
from aidtrace.watchlists.formats import parse_file  # noqa: E402
from aidtrace.watchlists.model import DateInterval, EntitySchema, ListEntry  # noqa: E402

PEER_PYTHON = Path(os.environ.get("PEER_PYTHON", "/work/peer-venv/bin/python"))
FILES = ("positives_un_treated.csv", "positives_un_untreated.csv", "negatives_global.csv")
SEARCH_LIMIT = 20  # candidates a search returns per query
FLOOR = 0.5
SWEEP = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
_WORD = re.compile(r"\w+")


def _keys(name: str) -> set[str]:
    """Search keys of a name: its words (folded) and the metaphone of the Latin ones."""
    keys = set()
    for word in _WORD.findall(name.casefold()):
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
        if len(word) < 2 or word.isdigit():
            continue
        keys.add("w:" + word)
        if word.isascii():
            code = metaphone(word)
            if len(code) >= 2:
                keys.add("m:" + code)
    return keys


class Search:
    """An inverted index of the UN persons' names, ranked by the rarity of shared keys."""

    def __init__(self, entries: list[ListEntry]) -> None:
        self.postings: dict[str, set[int]] = defaultdict(set)
        for k, entry in enumerate(entries):
            for name in entry.names:
                for key in _keys(name.full):
                    self.postings[key].add(k)
        self.idf = {key: math.log(len(entries) / len(ids)) for key, ids in self.postings.items()}

    def find(self, name: str) -> list[int]:
        scores: Counter[int] = Counter()
        for key in _keys(name):
            for k in self.postings.get(key, ()):
                scores[k] += self.idf[key]
        return [k for k, _ in scores.most_common(SEARCH_LIMIT)]


def _rows(name: str) -> list[dict[str, str]]:
    with (population.YENTE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _dates(intervals: Iterable[DateInterval]) -> list[str]:
    out: list[str] = []
    for d in intervals:
        if d.start == d.end:
            out.append(d.start.isoformat())
        elif (d.start.year, d.start.month) == (d.end.year, d.end.month):
            out.append(d.start.isoformat()[:7])
        elif d.end.year - d.start.year <= 5:
            out.extend(str(y) for y in range(d.start.year, d.end.year + 1))
    return out


def _entity(entry: ListEntry) -> dict[str, object]:
    return {
        "names": [n.full for n in entry.names],
        "birthDate": _dates(entry.birth_dates),
        "nationality": list(entry.nationalities),
    }


def _sweep(best: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        f"{t:.2f}": {key: round(sum(1 for s in scores if s >= t) / len(scores), 4)
                     for key, scores in best.items()}
        for t in SWEEP
    }  # fmt: skip


def run(negatives: int | None = None) -> dict[str, object]:
    entries = [e for e in parse_file(population.UN_2026) if e.schema is EntitySchema.PERSON]
    queries: dict[str, list[Query]] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for f in FILES:
        queries[f] = population.read_queries(f, True)
        rows[f] = _rows(f)
        if negatives is not None and f.startswith("negatives"):
            queries[f], rows[f] = queries[f][:negatives], rows[f][:negatives]
    population_names = [analyse(q.name) for qs in queries.values() for q in qs]
    index = build_index(entries, population_names)
    position = {id(e): k for k, e in enumerate(entries)}
    search = Search(entries)
    ours: dict[str, list[float]] = {}
    jobs: list[dict[str, object]] = []
    started = time.perf_counter()
    for f, qs in queries.items():
        key = f.removesuffix(".csv")
        ours[key] = []
        results = screen_names(index, qs, FLOOR, limit=5)
        for n, (result, row) in enumerate(zip(results, rows[f], strict=True)):
            ours[key].append(result.hits[0].score if result.hits else 0.0)
            found = {position[id(h.entry)] for h in result.hits if id(h.entry) in position}
            candidates = sorted(set(search.find(row["full_name"])) | found)
            query = {"names": [row["full_name"]], "birthDate": [row["date_of_birth"]] if
                     row["date_of_birth"] else [], "nationality": [row["nationality"]] if
                     row["nationality"] else []}  # fmt: skip
            jobs.append({"file": key, "n": n, "query": query, "candidates": candidates})
    ours_s = time.perf_counter() - started
    theirs = _peer(entries, jobs)
    peer: dict[str, list[float]] = {k: [0.0] * len(v) for k, v in ours.items()}
    for job, score in zip(jobs, theirs["scores"], strict=True):
        peer[str(job["file"])][int(str(job["n"]))] = score
    return {
        "list": "UN 2026-02-27 (persons)",
        "queries": {k: len(v) for k, v in ours.items()},
        "pairs_scored_by_logic_v2": sum(len(j["candidates"]) for j in jobs),  # type: ignore[arg-type]
        "aidtrace_s": round(ours_s, 1),
        "logic_v2_s": theirs["seconds"],
        "aidtrace": _sweep(ours),
        "logic_v2": _sweep(peer),
    }


def _peer(entries: list[ListEntry], jobs: list[dict[str, object]]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "jobs.json", Path(tmp) / "scores.json"
        src.write_text(json.dumps({"entities": [_entity(e) for e in entries], "jobs": jobs}))
        script = HERE / "peer_yente.py"
        subprocess.run([str(PEER_PYTHON), str(script), str(src), str(out)], check=True)
        return dict(json.loads(out.read_text()))


if __name__ == "__main__":
    limit = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--negatives" else None
    report = run(limit)
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    one, five, fifteen = os.getloadavg()
    report["machine"] = {
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_1_5_15": [round(one, 2), round(five, 2), round(fifteen, 2)],
    }
    results["yente_side_by_side"] = report
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in report.items()}, indent=1))
