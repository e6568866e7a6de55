"""Place names in partner files resolve to P-codes through the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest.tabular import Column, TableSpec, check_table, read_table

SPEC = TableSpec(
    "visits",
    (
        Column("visit_id", "#activity+id"),
        Column("district_code", "#adm2+code"),
        Column("province_code", "#adm1+code", required=False),
    ),
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "visits.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_names_become_codes(tmp_path: Path) -> None:
    text = (
        "#activity+id,#adm1+name,#adm2+name\n"
        "V1,Faryab,Kohistan\nV2,Badakhshan,Kohistan\nV3,,Paghman\nV4,Herat,Injil\n"
    )
    rows = read_table(write(tmp_path, text), SPEC).to_pylist()
    assert [(r["district_code"], r["province_code"]) for r in rows] == [
        ("AF2910", "AF29"),
        ("AF1708", "AF17"),
        ("AF0102", "AF01"),
        ("AF3202", "AF32"),
    ]


def test_unresolvable_names_are_listed_row_by_row(tmp_path: Path) -> None:
    text = (
        "#activity+id,#adm1+name,#adm2+name\n"
        "V1,,Kohistan\nV2,Atlantis,Paghman\nV3,Kabul,Injil\nV4,Kabul,Paghman\n"
    )
    problems = check_table(write(tmp_path, text), SPEC).problems
    assert [(p.line, p.value) for p in problems] == [
        (2, "Kohistan"),
        (3, "Atlantis"),
        (4, "Injil"),
    ]
    assert "several provinces (Badakhshan, Faryab)" in problems[0].why
    assert "not a known province" in problems[1].why
    assert "is not a known district of Kabul (see" in problems[2].why


def test_a_required_district_is_found_through_its_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="required columns not found: district_code"):
        read_table(write(tmp_path, "#activity+id,#adm1+name\nV1,Kabul\n"), SPEC)
