"""The UK Sanctions List XML parser against the real five-designation excerpt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aidtrace.watchlists.formats import parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, NameQuality

UK = "watchlists/uk/uk_sanctions_list_sample_2026-09-10.xml"


def test_all_five_designations(shared_data: Path) -> None:
    path = shared_data / UK
    assert sniff_format(path).name == "uk_xml"
    assert sniff_format(path).header(path).published is not None
    entries = {e.source_id: e for e in parse_file(path)}
    assert list(entries) == ["AFG0001", "AFG0006", "BEL0107", "DPR0075", "AQD0195"]
    assert entries["DPR0075"].schema is EntitySchema.VESSEL
    assert ("imo", "9562233") in {(i.kind, i.number) for i in entries["DPR0075"].identifiers}


def test_taliban_designation(shared_data: Path) -> None:
    entry = {e.source_id: e for e in parse_file(shared_data / UK)}["AFG0006"]
    assert entry.primary_name == "MOHAMMAD HASSAN AKHUND"
    assert [(d.start, d.end) for d in entry.birth_dates] == [
        (date(1958, 5, 12), date(1958, 5, 12)),
        (date(1945, 1, 1), date(1945, 12, 31)),
        (date(1946, 1, 1), date(1946, 12, 31)),
    ]
    assert "UN 1988 Taliban" in entry.programmes
    assert entry.titles == ("Mullah", "Haji")
    assert ("tazkira", "2132370") in {(i.kind, i.number) for i in entry.identifiers}
    assert [n.script for n in entry.names if n.quality is NameQuality.ORIGINAL_SCRIPT] == ["Arabic"]
    assert entry.listed_on == date(2001, 1, 25)


def test_alias_strength(shared_data: Path) -> None:
    entry = {e.source_id: e for e in parse_file(shared_data / UK)}["BEL0107"]
    assert [(n.full, n.quality) for n in entry.names] == [
        ("BNK (UK) Ltd", NameQuality.PRIMARY),
        ("BNK UK Limited", NameQuality.STRONG),
        ("BNK", NameQuality.WEAK),
    ]
