"""The OFAC advanced-XML parser against a hand-made fixture in the published schema."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, NameQuality

ADVANCED = (
    Path(__file__).resolve().parents[2] / "fixtures" / "watchlists" / "sdn_advanced_sample.xml"
)


def test_sniffed_with_issue_date() -> None:
    fmt = sniff_format(ADVANCED)
    assert fmt.name == "ofac_advanced_xml"
    assert fmt.header(ADVANCED).published == datetime(2026, 3, 2)


def test_parties_resolved_through_the_lookup_tables() -> None:
    entries = {e.source_id: e for e in parse_file(ADVANCED)}
    assert [(k, e.schema) for k, e in entries.items()] == [
        ("6635", EntitySchema.PERSON),
        ("6912", EntitySchema.ORGANIZATION),
        ("15036", EntitySchema.VESSEL),
    ]
    omar = entries["6635"]
    assert [(n.full, n.quality) for n in omar.names] == [
        ("Mohammed OMAR", NameQuality.PRIMARY),
        ("محمد عمر", NameQuality.ORIGINAL_SCRIPT),
        ("Mullah Mohammed Omar AKHUND", NameQuality.STRONG),
        ("Amir al-Munineen", NameQuality.WEAK),
    ]
    assert [p.tag for p in omar.names[0].parts] == ["given", "family"]
    assert [(d.start, d.end) for d in omar.birth_dates] == [(date(1955, 1, 1), date(1958, 12, 31))]
    assert omar.birth_places == ("Hotak, Kandahar Province, Afghanistan",)
    assert omar.nationalities == ("af",)
    assert ("tazkira", "932995", "af") in {(i.kind, i.number, i.country) for i in omar.identifiers}
    assert (omar.programmes, omar.listed_on, omar.gender) == (("SDGT",), date(2001, 9, 23), "Male")
    assert omar.titles == ("Commander of the Faithful",)
    assert entries["6912"].addresses == ("Chohar Mir Road, Kandahari Bazaar, Quetta, Pakistan",)
    vessel = entries["15036"]
    assert {(i.kind, i.number) for i in vessel.identifiers} == {
        ("imo", "9562233"),
        ("call_sign", "D6A2983"),
    }
    assert vessel.nationalities == ("km",)


def test_party_without_fixed_ref(tmp_path: Path) -> None:
    text = ADVANCED.read_text(encoding="utf-8").replace(
        '<DistinctParty FixedRef="6912">', "<DistinctParty>"
    )
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="without FixedRef"):
        list(parse_file(path))
