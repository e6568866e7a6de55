"""Screening whole populations: yente's candidate-generation fixtures against the UN list, and
speed against the full UN + OFAC SDN lists."""

from __future__ import annotations

import csv
import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from aidtrace.ingest.watchlists import parse_file
from aidtrace.names import analyse
from aidtrace.screening import Query, ScreeningIndex, build_index, screen_names
from aidtrace.screening.evidence import parse_birth_date
from aidtrace.screening.persist import load_index, save_index
from aidtrace.screening.score import DEFAULT_THRESHOLD

__all__ = ["speed_benchmark", "yente_benchmark"]

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
YENTE = DATA / "benchmarks/yente_candidate_generation"
UN_2026 = DATA / "watchlists/un/un_consolidated_2026-02-27.xml"
OFAC_SDN = DATA / "watchlists/ofac/sdn_2021-07/sdn.csv"


def read_queries(name: str, with_details: bool = True) -> list[Query]:
    with (YENTE / name).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [_query(f"{name}:{i}", row, with_details) for i, row in enumerate(rows)]


def _query(subject: str, row: dict[str, str], with_details: bool) -> Query:
    dob = row.get("date_of_birth") or ""
    birth = parse_birth_date(dob) if with_details and dob else None
    nationality = (row.get("nationality") or None) if with_details else None
    return Query(row["full_name"], subject, birth, nationality, organisation=False)


def _hit_rate(
    index: ScreeningIndex, queries: Sequence[Query]
) -> tuple[float, list[dict[str, object]]]:
    results = screen_names(index, queries, DEFAULT_THRESHOLD, limit=1)
    hits = [r for r in results if r.hits]
    examples = [
        {
            "query": r.query.name,
            "hit": r.hits[0].entry.primary_name,
            "score": round(r.hits[0].score, 3),
        }
        for r in hits
    ]
    return len(hits) / len(results), examples


def yente_benchmark() -> dict[str, object]:
    entries = list(parse_file(UN_2026))
    files = ("positives_un_treated.csv", "positives_un_untreated.csv", "negatives_global.csv")
    report: dict[str, object] = {"threshold": DEFAULT_THRESHOLD, "list": "UN 2026-02-27"}
    for details in (True, False):
        queries = {f: read_queries(f, details) for f in files}
        population = [analyse(q.name) for qs in queries.values() for q in qs]
        index = build_index(entries, population)
        label = "name_dob_nationality" if details else "name_only"
        section: dict[str, object] = {}
        for f, qs in queries.items():
            rate, examples = _hit_rate(index, qs)
            key = f.removesuffix(".csv")
            section[key] = {"n": len(qs), "with_hit": round(rate, 4)}
            if key.startswith("negatives"):
                section[key]["false_alerts"] = examples[:25]  # type: ignore[index]
        section["missed_treated"] = _missed(index, queries["positives_un_treated.csv"])
        report[label] = section
    return report


def _missed(index: ScreeningIndex, queries: Sequence[Query]) -> list[str]:
    return [r.query.name for r in screen_names(index, queries, DEFAULT_THRESHOLD, 1) if not r.hits]


_WORKER_INDEX: ScreeningIndex | None = None


def _screen_chunk(queries: Sequence[Query]) -> int:
    assert _WORKER_INDEX is not None
    return sum(1 for r in screen_names(_WORKER_INDEX, queries, DEFAULT_THRESHOLD, 5) if r.hits)


def speed_benchmark(batch_size: int = 100_000) -> dict[str, object]:
    global _WORKER_INDEX
    started = time.perf_counter()
    entries = [*parse_file(UN_2026), *parse_file(OFAC_SDN)]
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    index = build_index(entries, snapshot="un+ofac_sdn")
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.json.gz"
        started = time.perf_counter()
        save_index(index, path)
        save_s = time.perf_counter() - started
        started = time.perf_counter()
        index = load_index(path)
        load_s = time.perf_counter() - started
        size = path.stat().st_size
    queries = read_queries("negatives_global.csv") + read_queries("negatives_us.csv")
    queries = (queries * (batch_size // len(queries) + 1))[:batch_size]
    latencies = []
    for query in queries[:3000]:
        started = time.perf_counter()
        screen_names(index, [query])
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    _WORKER_INDEX = index
    one_core = _throughput(queries[:20_000], workers=1)
    two_cores = _throughput(queries, workers=2)
    return {
        "entries": len(entries),
        "names_indexed": len(index.names),
        "parse_s": round(parse_s, 2),
        "index_build_s": round(build_s, 2),
        "index_save_s": round(save_s, 2),
        "index_load_s": round(load_s, 2),
        "index_file_mb": round(size / 1e6, 1),
        "single_query_ms": {
            "p50": round(statistics.median(latencies), 2),
            "p99": round(latencies[int(len(latencies) * 0.99)], 2),
            "max": round(latencies[-1], 2),
        },
        "batch_names_per_s_1_core": round(one_core),
        "batch_names_per_s_2_cores": round(two_cores),
        "batch_size": len(queries),
        "projected_s_for_1m_on_2_cores": round(1_000_000 / two_cores),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _throughput(queries: list[Query], workers: int) -> float:
    chunks = [queries[i : i + 2000] for i in range(0, len(queries), 2000)]
    started = time.perf_counter()
    if workers == 1:
        for chunk in chunks:
            _screen_chunk(chunk)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_screen_chunk, chunks)
    return len(queries) / (time.perf_counter() - started)
