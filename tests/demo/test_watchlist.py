"""Planting against a real list (the UN consolidated XML in the shared data) and a synthetic one."""

from __future__ import annotations

import random
from pathlib import Path

from aidtrace.demo import IdField, PlantKind, generate
from aidtrace.demo.names import NamePool
from aidtrace.demo.synthetic_list import write_synthetic_list
from aidtrace.demo.watchlist import read_listed
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
    listed = write_synthetic_list(path, random.Random(5), NamePool())
    parsed = {e.source_id: e for e in parse_file(path)}
    assert set(parsed) == {x.ref for x in listed}
    assert {x.ref: x for x in read_listed(path)} == {x.ref: x for x in listed}
    assert all(parsed[x.ref].primary_name.title() == x.full for x in listed if x.person)
