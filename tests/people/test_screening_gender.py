"""Beneficiaries and staff are screened at import with their recorded gender: a woman who bears
a listed man's name scores lower than a man who bears it, and an unrecorded gender says
nothing."""

from __future__ import annotations

import pytest

from aidtrace.people.importer import NameRecord, name_record
from aidtrace.people.layout import BENEFICIARIES
from aidtrace.people.screening import person_query, screen_records
from aidtrace.screening import build_index
from aidtrace.screening.evidence import Agreement
from aidtrace.screening.score import EVIDENCE_POINTS
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

LISTED = ListEntry(
    "test", "E.1", EntitySchema.PERSON,
    (EntryName("Khairullah Sattar Noorzai", NameQuality.PRIMARY),), gender="Male",
)  # fmt: skip


def _record(gender: str) -> NameRecord:
    return NameRecord("b1", "beneficiary", "Khairullah", "Sattar", "Noorzai", "", "", None,
                      "AF0101", gender=gender)  # fmt: skip


@pytest.mark.parametrize(
    ("recorded", "read"),
    [
        ("female", "female"),
        ("F", "female"),
        ("M", "male"),
        ("", None),
        ("?", None),
        ("زن", "female"),
        ("نامعلوم", None),
    ],
)
def test_the_recorded_gender_goes_into_the_query(recorded: str, read: str | None) -> None:
    assert person_query(_record(recorded), "Khairullah Sattar Noorzai").gender == read


def test_the_importer_carries_the_row_gender() -> None:
    row = {"given_name": "Khairullah", "gender": "female", "district_code": "AF0101"}
    assert name_record(BENEFICIARIES, "b1", row).gender == "female"


def test_gender_moves_the_score_of_an_import_hit() -> None:
    index = build_index([LISTED])
    scores = {}
    for gender in ("male", "female", ""):
        [hit] = screen_records(index, [_record(gender)], threshold=0.5)
        scores[gender] = hit.score
    points = EVIDENCE_POINTS["gender"]
    assert scores["male"] - scores[""] == pytest.approx(points[Agreement.EXACT], abs=1e-9)
    assert scores["female"] - scores[""] == pytest.approx(points[Agreement.CONFLICT], abs=1e-9)
