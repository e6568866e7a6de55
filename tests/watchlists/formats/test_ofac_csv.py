"""The OFAC CSV set parser against the real 2021 SDN and 2025 consolidated files."""

from __future__ import annotations

import functools
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import get_format, parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

SDN = "watchlists/ofac/sdn_2021-07/sdn.csv"
CONS = "watchlists/ofac/non_sdn/cons_prim.csv"


@functools.cache
def _parsed(path: Path) -> dict[str, ListEntry]:
    return {e.source_id: e for e in parse_file(path)}


@pytest.fixture
def sdn(shared_data: Path) -> dict[str, ListEntry]:
    return _parsed(shared_data / SDN)


def test_sdn_counts_match_the_readme(sdn: dict[str, ListEntry]) -> None:
    assert len(sdn) == 8976
    assert Counter(e.schema for e in sdn.values()) == {
        EntitySchema.PERSON: 4620,
        EntitySchema.ORGANIZATION: 3673,
        EntitySchema.VESSEL: 406,
        EntitySchema.AIRCRAFT: 277,
    }
    assert sum("SDGT" in e.programmes for e in sdn.values()) == 1709
    assert {e.list_name for e in sdn.values()} == {"ofac_sdn"}


def test_every_alt_and_address_row_is_joined(shared_data: Path, sdn: dict[str, ListEntry]) -> None:
    strong = sum(1 for e in sdn.values() for n in e.names if n.quality is NameQuality.STRONG)
    assert 11_900 <= strong <= 11_910  # 11,910 rows, a few repeating another alias verbatim
    assert sum(len(e.addresses) for e in sdn.values()) > 11_000


def test_remarks_become_fields(sdn: dict[str, ListEntry]) -> None:
    zawahiri = sdn["2676"]
    assert zawahiri.primary_name == "Ayman AL ZAWAHIRI".replace("Ayman", "Dr. Ayman")
    assert [(d.start, d.end) for d in zawahiri.birth_dates] == [(date(1951, 6, 19),) * 2]
    assert ("passport", "1084010", "eg") in {
        (i.kind, i.number, i.country) for i in zawahiri.identifiers
    }
    jan = sdn["16450"]
    assert {i.number for i in jan.identifiers if i.kind == "tazkira"} == {
        "932995",
        "283528",
        "128086",
    }
    assert jan.nationalities == ("af",)
    weak = [n.full for n in sdn["306"].names if n.quality is NameQuality.WEAK]
    assert weak == ["BNC"]


def test_multiple_programmes_are_split(sdn: dict[str, ListEntry]) -> None:
    multi = [e for e in sdn.values() if len(e.programmes) > 1]
    assert multi
    assert all("]" not in p and "[" not in p for e in multi for p in e.programmes)


def test_consolidated_set(shared_data: Path) -> None:
    path = shared_data / CONS
    fmt = sniff_format(path)
    assert fmt.name == "ofac_csv"
    assert [m.name for m in fmt.members(path)] == [
        "cons_prim.csv",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    ]
    entries = list(parse_file(path))
    assert len(entries) == 442
    assert {e.list_name for e in entries} == {"ofac_cons"}


BAD = {
    "broken quoting": (
        '1,"NAME, A",individual,"SDGT" x",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\n',
        "quoting",
    ),
    "wrong width": ('1,"NAME, A",individual,SDGT\n', "expected 12 fields"),
    "unterminated": (
        '1,"NAME, A",individual,"SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\n',
        "quoting",
    ),
    "binary": ("1,\x00\x01,x\n", "binary"),
    "bad type": ('1,"X",spaceship,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\n', "SDN_Type"),
    "10 MB remarks": (
        f'1,"X",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{"x" * (10 << 20)}"\n',
        "a field is longer than 131,072 characters",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_csv_is_refused(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    good = '2,"GOOD, One",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    path = tmp_path / "sdn.csv"
    path.write_text(good + text, encoding="utf-8")
    with pytest.raises(InputError, match=expected) as info:
        list(parse_file(path))
    assert info.value.source == str(path)
    assert info.value.record == "line 2" or case == "unterminated"


def test_cp1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    row = '7,"MUÑOZ, José",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'
    path.write_bytes(row.encode("cp1252"))
    (entry,) = parse_file(path)
    assert entry.primary_name == "José MUÑOZ"


def test_set_member_files_are_optional(tmp_path: Path, shared_data: Path) -> None:
    shutil.copy(shared_data / SDN, tmp_path / "SDN.CSV")
    fmt = get_format("ofac_csv")
    assert fmt.members(tmp_path / "SDN.CSV") == (tmp_path / "SDN.CSV",)
    assert sum(1 for _ in fmt.parse(tmp_path / "SDN.CSV")) == 8976
