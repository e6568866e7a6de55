"""Screening whole populations: yente's candidate-generation fixtures against the UN list, and
speed against the full UN + OFAC SDN lists."""

from __future__ import annotations

import csv
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from aidtrace import compiled
from aidtrace.demo.names import NamePool
from aidtrace.names import analyse
from aidtrace.screening import Query, ScreeningIndex, build_index, screen_names
from aidtrace.screening.evidence import parse_birth_date
from aidtrace.screening.persist import load_index, save_index
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import screen_parallel
from aidtrace.watchlists.formats import parse_file

__all__ = [
    "afghan_population",
    "global_population",
    "latency_benchmark",
    "speed_benchmark",
    "yente_benchmark",
]

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


SWEEP_FLOOR = 0.5  # screened once at this threshold; every higher one is a filter of it
SWEEP = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def _best(index: ScreeningIndex, queries: Sequence[Query]) -> list[tuple[Query, float, str]]:
    """Each query's best score at ``SWEEP_FLOOR`` or above (0 for none) and the name it hit.
    The threshold only filters (``test_monotone``), so the hits at a higher threshold are these
    at or above it."""
    found = []
    for r in screen_names(index, queries, SWEEP_FLOOR, limit=1):
        top = r.hits[0] if r.hits else None
        found.append((r.query, top.score if top else 0.0, top.entry.primary_name if top else ""))
    return found


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
        best = {f.removesuffix(".csv"): _best(index, qs) for f, qs in queries.items()}
        for key, scored in best.items():
            hits = [(q, s, name) for q, s, name in scored if s >= DEFAULT_THRESHOLD]
            section[key] = {"n": len(scored), "with_hit": round(len(hits) / len(scored), 4)}
            if key.startswith("negatives"):
                section[key]["false_alerts"] = [  # type: ignore[index]
                    {"query": q.name, "hit": name, "score": round(s, 3)} for q, s, name in hits
                ][:25]
        section["missed_treated"] = [
            q.name for q, s, _ in best["positives_un_treated"] if s < DEFAULT_THRESHOLD
        ]
        section["sweep"] = {
            f"{t:.2f}": {key: round(sum(1 for _, s, _ in scored if s >= t) / len(scored), 4)
                         for key, scored in best.items()}
            for t in SWEEP
        }  # fmt: skip
        report[label] = section
    return report


def global_population(size: int, seed: int = 7) -> list[Query]:
    """``size`` names recombined from the 50,000 + US negatives: the given name of one person
    with the rest of another's, so the token mix is that of real names but almost every full
    name is new (a batch of repeats would only measure the name cache)."""
    names = [q.name.split() for q in read_queries("negatives_global.csv", False)]
    names += [q.name.split() for q in read_queries("negatives_us.csv", False)]
    names = [n for n in names if len(n) >= 2]
    rng = random.Random(seed)
    return [
        Query(f"{rng.choice(names)[0]} {' '.join(rng.choice(names)[1:])}", f"g:{i}",
              organisation=False)
        for i in range(size)
    ]  # fmt: skip


def afghan_population(size: int, seed: int = 7) -> list[Query]:
    """``size`` Afghan-style names from the demo's name pool (given, father's and grandfather's
    names, Zipf-weighted, four romanisations, a fifth in Perso-Arabic script): the people the
    product screens at import."""
    pool = NamePool()
    rng = random.Random(seed)
    queries = []
    for i in range(size):
        female = rng.random() < 0.5
        given = pool.given(pool.female_name(rng) if female else pool.male_name(rng), female)
        father, grandfather = (pool.male[pool.male_name(rng)] for _ in range(2))
        style = rng.randrange(5)
        if style == 4:
            name = f"{given.fa} {father.fa} {grandfather.fa}"
        else:
            name = " ".join(n.render(style) for n in (given, father, grandfather))
        queries.append(Query(name, f"a:{i}", organisation=False))
    return queries


def latency_benchmark() -> dict[str, object]:
    """Single queries against UN + OFAC SDN, on names never seen before (cold) and after ten
    thousand others (warm): the web box and the API."""
    index = build_index([*parse_file(UN_2026), *parse_file(OFAC_SDN)], snapshot="un+ofac_sdn")
    probes = global_population(13_000, seed=11)
    report: dict[str, object] = {"compiled_hot_path": compiled.in_use()}
    report["single_query_ms_cold"] = _latencies(index, probes[:3000])
    for query in probes[3000:]:
        screen_names(index, [query])
    report["single_query_ms_warm"] = _latencies(index, probes[:3000])
    return report


def speed_benchmark(size: int = 1_000_000, workers: int = 2) -> dict[str, object]:
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
        index.vocabulary  # noqa: B018 - part of loading: derived from the names
        load_s = time.perf_counter() - started
        file_mb = path.stat().st_size / 1e6
    report: dict[str, object] = {
        "entries": len(entries),
        "names_indexed": len(index.names),
        "vocabulary_tokens": len(index.vocabulary.tokens),
        "parse_s": round(parse_s, 2),
        "index_build_s": round(build_s, 2),
        "index_save_s": round(save_s, 2),
        "index_load_s": round(load_s, 2),
        "index_file_mb": round(file_mb, 1),
        "load_average_before": os.getloadavg()[0],
        "compiled_hot_path": compiled.in_use(),  # mypyc build of the screening modules in use
    }
    probes = global_population(13_000, seed=11)
    report["single_query_ms_cold"] = _latencies(index, probes[:3000])
    for query in probes[3000:]:
        screen_names(index, [query])
    report["single_query_ms_warm"] = _latencies(index, probes[:3000])
    for label, make in (("global", global_population), ("afghan", afghan_population)):
        queries = make(size)
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        hits = sum(1 for r in screen_parallel(index, queries, DEFAULT_THRESHOLD, 5, workers)
                   if r.hits)  # fmt: skip
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        report[f"batch_{label}"] = {
            "names": len(queries),
            "distinct_names": len({q.name for q in queries}),
            "workers": workers,
            "seconds": round(seconds, 1),
            "names_per_s": round(len(queries) / seconds),
            "cpu_seconds": round(cpu, 1),
            "names_per_cpu_s": round(len(queries) / cpu),
            "projected_s_for_1m_on_2_free_cores": round(1_000_000 / len(queries) * cpu / 2, 1),
            "with_hit": hits,
            "load_average_after": os.getloadavg()[0],
        }
    report["load_average_after"] = os.getloadavg()[0]
    report["peak_rss_mb_parent"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report["peak_rss_mb_worker"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )
    return report


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers (the pool is closed by then)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _latencies(index: ScreeningIndex, queries: Sequence[Query]) -> dict[str, float]:
    latencies = []
    for query in queries:
        started = time.perf_counter()
        screen_names(index, [query])
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "p50": round(statistics.median(latencies), 2),
        "p99": round(latencies[int(len(latencies) * 0.99)], 2),
        "max": round(latencies[-1], 2),
    }
