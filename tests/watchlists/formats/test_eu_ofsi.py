"""EU FSF XML and OFSI ConList CSV, against hand-made fixtures in their published shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, NameQuality

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "watchlists"
EU = FIXTURES / "eu_fsf_sample.xml"
OFSI = FIXTURES / "ConList.csv"


def test_eu_entries() -> None:
    assert sniff_format(EU).name == "eu_xml"
    assert sniff_format(EU).header(EU).published is not None
    entries = {e.source_id: e for e in parse_file(EU)}
    assert list(entries) == ["EU.2801.31", "EU.3452.77", "EU.9001.12"]
    akhund = entries["EU.2801.31"]
    assert akhund.primary_name == "Mohammad Hassan Akhund"
    assert [(n.full, n.quality) for n in akhund.names[1:]] == [
        ("محمد حسن آخوند", NameQuality.ORIGINAL_SCRIPT),
        ("Mohammad Akhwand", NameQuality.WEAK),
    ]
    # circa 1955–1958 widens by a year each side; the exact date stays exact
    assert [(d.start, d.end) for d in akhund.birth_dates] == [
        (date(1954, 1, 1), date(1959, 12, 31)),
        (date(1958, 5, 12), date(1958, 5, 12)),
    ]
    assert akhund.programmes == ("EU AFG", "UN 1988 Taliban")
    assert akhund.identifiers[0].kind == "tazkira"
    assert entries["EU.3452.77"].schema is EntitySchema.ORGANIZATION
    ivan = entries["EU.9001.12"]
    assert (ivan.birth_dates[0].start, ivan.birth_dates[0].end) == (
        date(1971, 3, 1),
        date(1971, 3, 31),
    )


def test_ofsi_groups_rows_into_parties() -> None:
    assert sniff_format(OFSI).name == "ofsi_csv"
    entries = {e.source_id: e for e in parse_file(OFSI)}
    assert list(entries) == ["7172", "12703"]
    akhund = entries["7172"]
    assert akhund.titles == ("Mullah", "Haji")
    assert len(akhund.birth_dates) == 3
    assert "UN 1988 Taliban" in akhund.programmes
    assert {i.kind for i in akhund.identifiers} == {"passport", "tazkira"}
    weak = [n.full for n in entries["12703"].names if n.quality is NameQuality.WEAK]
    assert weak == ["Haji Salam Hawala"]


def test_ofsi_broken_row(tmp_path: Path) -> None:
    lines = OFSI.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ConList.csv"
    path.write_text("\n".join([*lines[:3], "AKHUND,MOHAMMAD,too few"]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected 36 fields") as info:
        list(parse_file(path))
    assert info.value.record == "line 4"
