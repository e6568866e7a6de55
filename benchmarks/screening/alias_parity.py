"""The threshold only filters: a check over every alias of the UN consolidated list.

    .venv/bin/python benchmarks/screening/alias_parity.py [--limit N] [--party any|person|...]

The index holds each UN entry's primary name only; each of the list's other names (aliases,
weak aliases, original-script names: 3,118 on the 2026-02-27 list) is screened once at threshold
0 and once at each threshold of ``THRESHOLDS``. At a threshold T the hits must be exactly the
threshold-0 hits scoring T or more, with the same scores. A hit missing at T is a silent miss (a
blocking bound below the score); one found only at T, or scored otherwise, is a parity error too.
Prints every difference and the counts; exits 1 where there is any. Takes a few minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from aidtrace.screening import Query, ScreeningIndex, build_index, screen_names
from aidtrace.screening.query import PartyType, read_party
from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.model import ListEntry, NameQuality

UN_LIST = (
    Path(__file__).resolve().parents[3] / "shared/data/watchlists/un/un_consolidated_2026-02-27.xml"
)
THRESHOLDS = (0.6, 0.7, 0.75, 0.8)


def primary_only(entries: list[ListEntry]) -> list[ListEntry]:
    """Each entry with its primary name alone."""
    return [
        dataclasses.replace(e, names=tuple(n for n in e.names if n.quality is NameQuality.PRIMARY))
        for e in entries
    ]


def alias_queries(entries: list[ListEntry], party: PartyType) -> list[Query]:
    """Every name of the list but the primary ones, as queries named after their entry."""
    return [
        Query(n.full, f"{e.source_id}/{k}", party=party)
        for e in entries
        for k, n in enumerate(e.names)
        if n.quality is not NameQuality.PRIMARY
    ]


def hits(index: ScreeningIndex, query: Query, threshold: float) -> dict[str, float]:
    result = screen_names(index, [query], threshold, limit=100_000)[0]
    return {h.entry.source_id: round(h.score, 9) for h in result.hits}


def differences(index: ScreeningIndex, query: Query) -> list[str]:
    """How the query's hits at each threshold differ from its threshold-0 hits filtered."""
    everything = hits(index, query, 0.0)
    found = []
    for threshold in THRESHOLDS:
        expected = {k: s for k, s in everything.items() if s >= threshold}
        got = hits(index, query, threshold)
        for key in sorted(expected.keys() | got.keys()):
            if expected.get(key) != got.get(key):
                kind = "missing" if key not in got else "extra" if key not in expected else "score"
                found.append(
                    f"{kind} at {threshold}: {query.name!r} ({query.subject}) -> {key} "
                    f"at 0: {everything.get(key)}, at {threshold}: {got.get(key)}"
                )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="screen only the first N aliases")
    parser.add_argument("--party", default="any", help="the queries' party type (default any)")
    args = parser.parse_args(argv)
    entries = list(parse_file(UN_LIST))
    index = build_index(primary_only(entries))
    queries = alias_queries(entries, read_party(args.party))
    if args.limit:
        queries = queries[: args.limit]
    started, cpu = time.perf_counter(), time.process_time()
    misses = others = 0
    for query in queries:
        for line in differences(index, query):
            print(line, flush=True)
            if line.startswith("missing"):
                misses += 1
            else:
                others += 1
    print(
        f"{len(queries)} alias queries at 0 and {', '.join(map(str, THRESHOLDS))}: "
        f"{misses} missing, {others} other differences "
        f"({time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} CPU-s)"
    )
    return 1 if misses or others else 0


if __name__ == "__main__":
    sys.exit(main())
