"""The UN consolidated XML parser against both real snapshots."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from aidtrace.watchlists.formats import get_format, parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"
UN_2025 = "watchlists/un/un_consolidated_2025-04-19.xml"


@functools.cache
def _parsed(path: Path) -> dict[str, ListEntry]:
    return {e.source_id: e for e in parse_file(path)}


@pytest.fixture
def un_2026(shared_data: Path) -> dict[str, ListEntry]:
    return _parsed(shared_data / UN_2026)


@pytest.mark.parametrize(
    ("name", "persons", "entities", "prefixes"),
    [
        (UN_2026, 730, 273, {"TAi": 135, "TAe": 5, "QDi": 252, "QDe": 89}),
        (UN_2025, 684, 193, {"TAi": 135, "TAe": 5, "QDi": 254, "QDe": 89}),
    ],
)
def test_counts_match_the_readme(
    shared_data: Path, name: str, persons: int, entities: int, prefixes: dict[str, int]
) -> None:
    entries = list(parse_file(shared_data / name))
    kinds = Counter(e.schema for e in entries)
    assert kinds == {EntitySchema.PERSON: persons, EntitySchema.ORGANIZATION: entities}
    by_prefix = Counter(e.source_id[:3] for e in entries)
    assert {p: by_prefix[p] for p in prefixes} == prefixes


def test_sniffed_and_header(shared_data: Path) -> None:
    fmt = sniff_format(shared_data / UN_2026)
    assert fmt.name == "un_xml"
    header = fmt.header(shared_data / UN_2025)
    assert header.list_name == "un"
    assert header.published is not None
    assert header.published.isoformat().startswith("2025-04-19T23:00:04")


def test_taliban_leader_in_full(un_2026: dict[str, ListEntry]) -> None:
    entry = un_2026["TAi.002"]
    assert entry.primary_name == "MOHAMMAD HASSAN AKHUND"
    assert [p.value for p in entry.names[0].parts] == ["MOHAMMAD", "HASSAN", "AKHUND"]
    original = [n for n in entry.names if n.quality is NameQuality.ORIGINAL_SCRIPT]
    assert [(n.full, n.script) for n in original] == [("محمد حسن آخوند", "Arabic")]
    assert entry.programmes == ("UN 1988 Taliban",)
    assert entry.titles == ("Mullah", "Haji")
    assert entry.nationalities == ("af",)
    assert entry.listed_on == date(2001, 1, 25)
    assert [(d.start, d.end) for d in entry.birth_dates] == [
        (date(1955, 1, 1), date(1958, 12, 31)),
        (date(1945, 1, 1), date(1950, 12, 31)),
    ]
    assert "Kandahar Province" in entry.birth_places[0]
    assert entry.raw.startswith("<INDIVIDUAL>")
    assert "TAi.002" in entry.raw


def test_programmes_and_alias_qualities(un_2026: dict[str, ListEntry]) -> None:
    assert un_2026["QDi.196"].programmes == ("UN 1267 ISIL/Al-Qaida",)
    assert un_2026["TAe.010"].programmes == ("UN 1988 Taliban",)
    assert un_2026["TAe.010"].schema is EntitySchema.ORGANIZATION
    qualities = Counter(n.quality for e in un_2026.values() for n in e.names)
    assert qualities[NameQuality.PRIMARY] == 1003
    assert qualities[NameQuality.WEAK] == 615
    scripts = sum(1 for e in un_2026.values() if any(n.script != "Latin" for n in e.names))
    assert scripts >= 378


def test_tazkira_numbers_are_extracted(un_2026: dict[str, ListEntry]) -> None:
    tazkiras = {i.number for e in un_2026.values() for i in e.identifiers if i.kind == "tazkira"}
    assert {"2132370", "812673", "545167", "55130", "300786", "4414"} <= tazkiras


def test_approximate_year_is_widened(un_2026: dict[str, ListEntry]) -> None:
    approx = [
        d for e in un_2026.values() for d in e.birth_dates if d.text.startswith("approximately")
    ]
    assert approx
    assert all(d.end.year - d.start.year == 2 for d in approx if len(d.text) == 18)


def test_named_format_is_used_without_sniffing(shared_data: Path) -> None:
    assert get_format("un_xml").name == "un_xml"
    first = next(iter(parse_file(shared_data / UN_2025, format="un_xml")))
    assert first.list_name == "un"
