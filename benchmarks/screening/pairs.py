"""The labelled name pairs of the benchmark: nomenklatura name_bench, cross-script pairs from the
UN and UK lists and from Watchman, scored by aidtrace (and, in run.py, by the peer)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rigour.text.scripts import text_scripts

from aidtrace.names import TokenRarity, analyse
from aidtrace.screening import Query
from aidtrace.screening.score import score_entry
from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
NAME_BENCH = DATA / "benchmarks/nomenklatura_name_bench/cases.csv"
WATCHMAN = DATA / "benchmarks/watchman_cross_script/cross_script_pairs.csv"
UN_2026 = DATA / "watchlists/un/un_consolidated_2026-02-27.xml"
UK_SAMPLE = DATA / "watchlists/uk/uk_sanctions_list_sample_2026-09-10.xml"


@dataclass(frozen=True)
class Pair:
    set: str
    group: str  # a category to break results down by
    schema: str
    name1: str  # the query
    name2: str  # the list-side name
    is_match: bool
    key: str = ""  # pairs sharing a key count once, at their best score (one query, one entry)

    @property
    def script(self) -> str:
        scripts = text_scripts(self.name1 + " " + self.name2) - {"Latin"}
        return "Latin" if not scripts else "+".join(sorted(scripts))


def name_bench() -> list[Pair]:
    with NAME_BENCH.open(encoding="utf-8") as fh:
        return [
            Pair("name_bench", r["case_group"], r["schema"], r["name1"], r["name2"],
                 r["is_match"] == "true")
            for r in csv.DictReader(fh)
        ]  # fmt: skip


def watchman() -> list[Pair]:
    with WATCHMAN.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = csv.reader(lines)
    next(rows)
    return [Pair("watchman", r[3], "Person", r[0], r[1], True) for r in rows]


def _original_vs_latin(entries: list[ListEntry], label: str) -> Iterator[Pair]:
    """Each non-Latin name against the same party's Latin names (a match: the best of them
    counts, as screening scores an entry by its best name) and against another party's Latin
    names (a non-match)."""
    rng = random.Random(7)
    for n, entry in enumerate(entries):
        originals = [x.full for x in entry.names if text_scripts(x.full) - {"Latin"}]
        others = [e for e in entries if e.schema is entry.schema and e is not entry]
        for k, original in enumerate(originals):
            other = rng.choice(others)
            for side, party, match in (("same party", entry, True), ("other party", other, False)):
                for latin in _latin_names(party):
                    key = f"{label}:{n}:{k}:{side}"
                    yield Pair(
                        label,
                        f"{side} · {entry.schema.value}",
                        entry.schema.value,
                        original,
                        latin,
                        match,
                        key,
                    )


def _latin_names(entry: ListEntry) -> list[str]:
    return [x.full for x in entry.names if not (text_scripts(x.full) - {"Latin"})]


def cross_script() -> list[Pair]:
    un = list(parse_file(UN_2026))
    uk = list(parse_file(UK_SAMPLE))
    return [*_original_vs_latin(un, "un_original_script"), *_original_vs_latin(uk, "uk_non_latin"),
            *watchman()]  # fmt: skip


def rarity_of(pairs: list[Pair]) -> TokenRarity:
    """Rarity over the list-side names, as an index over those names would count it."""
    rarity = TokenRarity()
    rarity.add(analyse(p.name2, p.schema != "Person") for p in pairs)
    return rarity


def our_score(pair: Pair, rarity: TokenRarity) -> float:
    """aidtrace's full score for a query name against a one-name list entry."""
    org = pair.schema != "Person"
    schema = EntitySchema.PERSON if not org else EntitySchema.ORGANIZATION
    entry = ListEntry("bench", "1", schema, (EntryName(pair.name2, NameQuality.PRIMARY),))
    names = [(analyse(pair.name2, org), NameQuality.PRIMARY)]
    scored = score_entry(Query(pair.name1), analyse(pair.name1, org), entry, names, rarity)
    return scored[0] if scored else 0.0
