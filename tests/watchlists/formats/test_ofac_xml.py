"""The OFAC sdn.xml-schema parser against the real 2025 consolidated (non-SDN) export."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, NameQuality

NON_SDN = "watchlists/ofac/non_sdn/ofac_consolidated_non_sdn_2025-03-28.xml"


def test_counts_and_header(shared_data: Path) -> None:
    path = shared_data / NON_SDN
    fmt = sniff_format(path)
    assert fmt.name == "ofac_xml"
    header = fmt.header(path)
    assert (header.list_name, header.published, header.record_count) == (
        "ofac_cons",
        datetime(2025, 3, 28),
        443,
    )
    entries = list(parse_file(path))
    assert len(entries) == 443
    assert Counter(e.schema for e in entries) == {
        EntitySchema.ORGANIZATION: 363,
        EntitySchema.PERSON: 80,
    }


def test_person_in_full(shared_data: Path) -> None:
    entry = {e.source_id: e for e in parse_file(shared_data / NON_SDN)}["9647"]
    assert entry.primary_name == "Mahmoud Khaled ZAHHAR"
    weak = [n.full for n in entry.names if n.quality is NameQuality.WEAK]
    assert weak == ["Mahmoud ZAHAR", "Mahmoud AL-ZAHAR"]
    assert entry.programmes == ("NS-PLC", "SDGT")
    assert entry.gender == "Male"
    assert entry.nationalities == ("ps",)
    assert entry.birth_dates[0].start.year == entry.birth_dates[0].end.year == 1945
    assert entry.raw.startswith("<ns0:sdnEntry") or entry.raw.startswith("<sdnEntry")


def test_record_count_mismatch_is_refused(shared_data: Path, tmp_path: Path) -> None:
    text = (shared_data / NON_SDN).read_text(encoding="utf-8")
    cut = text.rfind("<sdnEntry>")
    path = tmp_path / "cons.xml"
    path.write_text(text[:cut] + "</sdnList>\n", encoding="utf-8")
    with pytest.raises(InputError, match="Record_Count says 443 entries, the file has 442"):
        list(parse_file(path))
