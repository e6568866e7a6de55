"""The Afghan gazetteer: 34 provinces with OCHA P-codes, every spelling the published files use."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.places import afghanistan
from aidtrace.places.gazetteer import DISTRICT, PROVINCE


def test_thirty_four_provinces_with_their_pcodes() -> None:
    provinces = afghanistan().provinces()
    assert [p.pcode for p in provinces] == [f"AF{i:02d}" for i in range(1, 35)]
    assert provinces[0].name == "Kabul"
    assert provinces[-1].name == "Nimroz"


@pytest.mark.parametrize(
    ("name", "pcode"),
    [
        ("Hilmand", "AF30"),
        ("Helmand", "AF30"),
        ("Hirat", "AF32"),
        ("Herat", "AF32"),
        ("Paktya", "AF13"),
        ("Paktia", "AF13"),
        ("Sari pul", "AF22"),
        ("Sar-e-Pul", "AF22"),
        ("SAR E PUL", "AF22"),
        ("Daykundi", "AF24"),
        ("Dai Kundi", "AF24"),
        ("Daikundi", "AF24"),
        ("Panjshir", "AF08"),
        ("Urozgan", "AF25"),
        ("af01", "AF01"),
        ("Sar-e Pol", "AF22"),  # partners' spellings the desk met, once known only to the desk
        ("Saree Pol", "AF22"),
        ("Sar-i-Pol", "AF22"),
    ],
)
def test_spellings_resolve_to_one_province(name: str, pcode: str) -> None:
    place = afghanistan().resolve(name)
    assert place is not None
    assert (place.pcode, place.level) == (pcode, PROVINCE)


def test_a_district_code_resolves_within_its_province() -> None:
    place = afghanistan().resolve("AF0101")
    assert place is not None
    assert (place.level, place.province_code) == (DISTRICT, "AF01")


@pytest.mark.parametrize("name", ["Atlantis", "Kabulistan", ""])
def test_an_unknown_name_is_never_guessed(name: str) -> None:
    assert afghanistan().resolve(name) is None
    with pytest.raises(InputError) as caught:
        afghanistan().require(name, source="f.csv", record=7, column="Area")
    assert (caught.value.source, caught.value.record) == ("f.csv", 7)
    assert "not a known province" in caught.value.message


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Winterization in Kapisa, Parwan and Faryab provinces.", ["AF02", "AF03", "AF29"]),
        ("Cash for food in Ghor Province, Afghanistan", ["AF23"]),
        ("Emergency response in Herat and Hirat city", ["AF32"]),
        ("Nationwide COVID-19 response", []),
    ],
)
def test_provinces_named_in_free_text(text: str, codes: list[str]) -> None:
    assert [p.pcode for p in afghanistan().mentioned(text)] == codes


def test_every_province_has_its_districts() -> None:
    gazetteer = afghanistan()
    districts = gazetteer.districts()
    assert len(districts) == 401
    assert len({d.pcode for d in districts}) == 401
    # Every district lies in one of the 34 provinces, and each province has some.
    assert {d.province_code for d in districts} == {p.pcode for p in gazetteer.provinces()}
    assert [d.name for d in gazetteer.districts("AF01")][:3] == ["Kabul", "Paghman", "Chahar Asyab"]
    assert len(gazetteer.districts("AF17")) == 28  # Badakhshan


@pytest.mark.parametrize(
    ("name", "within", "pcode"),
    [
        ("Paghman", None, "AF0102"),
        ("پغمان", None, "AF0102"),  # Dari name
        ("Dehsabz", None, "AF0105"),  # spacing folded
        ("Deh Sabz", None, "AF0105"),
        ("Istalif", None, "AF0113"),  # a known other spelling
        ("Dara-i-Suf-i-Bala", None, "AF2007"),  # -i- and -e- connectors alike
        ("Chaghcharan", None, "AF2301"),  # the district's other name
        ("Lashkar Gah", None, "AF3001"),
        ("Kohistan", "AF29", "AF2910"),  # a shared name, resolved within its province
        ("Kohistan", "AF17", "AF1708"),
        ("AF2110", None, "AF2008"),  # the earlier edition's code for Khulm
        ("Spin Boldak", "AF27", "AF2711"),
    ],
)
def test_district_spellings(name: str, within: str | None, pcode: str) -> None:
    place = afghanistan().resolve(name, DISTRICT, within)
    assert place is not None
    assert place.pcode == pcode


@pytest.mark.parametrize("name", ["Kohistan", "Arghandab", "Baharak", "Dawlat Abad", "Surobi"])
def test_a_shared_district_name_is_never_guessed(name: str) -> None:
    gazetteer = afghanistan()
    assert len(gazetteer.named(name, DISTRICT)) >= 2
    assert gazetteer.resolve(name, DISTRICT) is None


def test_a_district_name_outside_the_given_province_is_not_found() -> None:
    assert afghanistan().resolve("Paghman", DISTRICT, within="AF32") is None


def test_dari_province_names() -> None:
    for name, pcode in [("هرات", "AF32"), ("كابل", "AF01"), ("سرپل", "AF22")]:
        place = afghanistan().resolve(name, PROVINCE)
        assert place is not None
        assert place.pcode == pcode


AFG = Path("real") / "afghanistan"


def test_every_place_the_published_files_name_resolves(shared_data: Path) -> None:
    """The HNO caseload's district codes and names, and every IPC area's title (provinces and
    their urban areas), resolve to the gazetteer's places."""
    gazetteer = afghanistan()
    with (shared_data / AFG / "hno" / "afg_hpc_needs_api_2024.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    districts = {(r["Admin 2 PCode"], r["Admin 2 Name"]) for r in rows if r["Admin 2 PCode"]}
    assert districts  # the file names districts
    for code, name in districts:
        place = gazetteer.by_code(code)
        assert place is not None
        assert place in gazetteer.named(name, DISTRICT)
    outlines = json.loads((shared_data / AFG / "ipc" / "ipc_afg.geojson").read_text("utf-8"))
    titles = {f["properties"]["title"] for f in outlines["features"]}
    unresolved = [
        t for t in titles if gazetteer.resolve(t.removesuffix(" Urban"), PROVINCE) is None
    ]
    assert unresolved == []
    assert len({gazetteer.resolve(t.removesuffix(" Urban"), PROVINCE) for t in titles}) == 34


@pytest.mark.parametrize(
    ("text", "pcode"),
    [
        ("Herat Province", "AF32"),
        ("Bamyan province", "AF10"),
        ("Kabul", "AF01"),  # a province's name is the province
        ("Kabul city", "AF0101"),  # unless a word says it is the town
        ("Kandahar City", "AF2701"),
        ("Jalalabad", "AF0601"),
        ("Jalalabad, Nangarhar", "AF0601"),
        ("Pul-e-Khumri", "AF0901"),  # a dash inside a name does not divide it
        ("Kohistan, Kapisa", "AF02"),  # no Kohistan district in Kapisa: the province stands
        ("Balkh Urban", "AF21"),
        ("ولسوالی پغمان", "AF0102"),
        ("Afghanistan", None),
        ("Kohistan", None),
        ("Herat; Kandahar", None),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_a_location_names_one_place(text: str, pcode: str | None) -> None:
    place = afghanistan().locate(text)
    assert (place.pcode if place else None) == pcode
