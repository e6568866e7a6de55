"""Planting against a real list (the UN consolidated XML in the shared data) and a synthetic one."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from aidtrace.demo import IdField, PlantKind, Scenario, generate
from aidtrace.demo.geography import build_districts
from aidtrace.demo.names import NamePool
from aidtrace.demo.need import caseload
from aidtrace.demo.synthetic_list import Births, write_synthetic_list
from aidtrace.demo.watchlist import read_listed
from aidtrace.places.gazetteer import afghanistan, places_named
from aidtrace.watchlists.formats import parse_file


def test_plants_variants_of_real_listed_names(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "watchlists" / "un" / "un_consolidated_2026-02-27.xml"
    scenario = generate(tmp_path, seed=2, scale="2k", watchlist=source)
    assert scenario.truth.watchlist["source"] == source.name
    assert (tmp_path / "watchlist.xml").read_bytes() == source.read_bytes()
    text = source.read_text(encoding="utf-8")  # parsed once already, by the generator
    plants = list(scenario.truth.of_kind(PlantKind.WATCHLIST_PARTY))
    roles = {p.detail["role"] for p in plants}
    assert {"beneficiary", "staff", "vendor"} <= roles
    for plant in plants:
        assert f"<REFERENCE_NUMBER>{plant.detail['listed_ref']}</REFERENCE_NUMBER>" in text
        assert plant.detail["listed_ref"][:2] == "TA"  # the Taliban list first: the Afghan case
        assert plant.detail["written_name"] != plant.detail["listed_name"]
        if "perso_arabic" in plant.detail["variations"]:
            assert plant.detail["written_name_fa"] in text
    assert any(p.ids.get(IdField.ORG) for p in plants)


def test_synthetic_list_parses_to_what_planting_used(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    districts = build_districts(random.Random(1), ["Karim"], caseload(None).districts)
    births = Births(random.Random(6), districts)
    listed = write_synthetic_list(path, random.Random(5), NamePool(), births)
    parsed = {e.source_id: e for e in parse_file(path)}
    assert set(parsed) == {x.ref for x in listed}
    assert {x.ref: x for x in read_listed(path)} == {x.ref: x for x in listed}
    assert all(parsed[x.ref].primary_name.title() == x.full for x in listed if x.person)
    # every listed man has a place of birth, as nearly every Taliban-list entry does: a
    # district ("Panjwayi District, Kandahar Province") or a province, read back to its P-code
    people = [x for x in listed if x.person]
    assert all(x.born_in for x in people)
    assert {len(x.born_in) for x in people} == {4, 6}
    assert all(places_named(parsed[x.ref].birth_places) == (x.born_in,) for x in people)


def test_the_list_is_the_same_with_or_without_places_of_birth(tmp_path: Path) -> None:
    districts = build_districts(random.Random(1), ["Karim"], caseload(None).districts)
    plain = write_synthetic_list(tmp_path / "a.xml", random.Random(5), NamePool())
    births = Births(random.Random(6), districts)
    placed = write_synthetic_list(tmp_path / "b.xml", random.Random(5), NamePool(), births)
    assert [replace(x, born_in="") for x in placed] == plain


def test_real_list_places_of_birth_are_read_to_p_codes(shared_data: Path) -> None:
    source = shared_data / "watchlists" / "un" / "un_consolidated_2026-02-27.xml"
    listed = {x.ref: x for x in read_listed(source)}
    # "Pashmul village, Panjwai District, Kandahar Province, Afghanistan"
    panjwayi = afghanistan().locate("Panjwai, Kandahar")
    assert panjwayi is not None
    assert listed["TAi.002"].born_in == panjwayi.pcode == "AF2704"
    taliban = [x for x in listed.values() if x.ref.startswith("TAi")]
    assert sum(bool(x.born_in) for x in taliban) > 0.8 * len(taliban)


def _year(row: dict[str, str]) -> int:
    """The Gregorian birth year a row gives (year, Solar Hijri year or age at registration)."""
    if row.get("birth_year"):
        return int(row["birth_year"])
    if row.get("birth_year_sh"):
        return int(row["birth_year_sh"]) + 621
    return int(row["registered_on"][:4]) - int(row["age"])


def test_a_planted_listed_person_gives_about_the_listed_birth_year(
    scenario: Scenario, files: dict[str, list[dict[str, str]]]
) -> None:
    """A listed man on a register states his own age, as anyone would: his birth year is the
    list's give or take the register's rounding (an age heaped on five, a calendar's year)."""
    born = {x.ref: x.born for x in read_listed(scenario.watchlist)}
    rows = {r["member_id"]: r for r in files["beneficiaries"]}
    rows |= {r["staff_id"]: r for r in files["staff"]}
    plants = [p for p in scenario.truth.of_kind(PlantKind.WATCHLIST_PARTY) if p.detail["role"]
              in ("beneficiary", "staff")]  # fmt: skip
    assert {p.detail["role"] for p in plants} == {"beneficiary", "staff"}
    for plant in plants:
        [person] = plant.ids.get(IdField.MEMBER) or plant.ids[IdField.STAFF]
        listed = born[plant.detail["listed_ref"]]
        assert listed is not None
        assert abs(_year(rows[person]) - listed) <= 3
