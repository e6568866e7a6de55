"""Linkage pairs as alerts: one per family registered twice, raised only when an identifier
could check the link, with the review band in the evidence rather than in the queue."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from aidtrace.integrity import linkage
from aidtrace.integrity.evidence import cluster_alerts
from aidtrace.integrity.linkage import Band

NAMES_AGREE = {"given_name": 3, "lineage": 3, "birth_year": 2, "gender": 1, "district": 1}
NOT_RECORDED = -1


def pair(
    a: str,
    b: str,
    households: tuple[str, str],
    *,
    band: Band = Band.AUTO_LINK,
    probability: float = 0.99,
    tazkira: int = NOT_RECORDED,
    phone: int = NOT_RECORDED,
    kinds: tuple[str, str] = ("beneficiary", "beneficiary"),
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id_l": a,
        "person_id_r": b,
        "household_id_l": households[0],
        "household_id_r": households[1],
        "kind_l": kinds[0],
        "kind_r": kinds[1],
        "list_id_l": "L1",
        "list_id_r": "L2",
        "agency_l": "AGY-01",
        "agency_r": "AGY-02",
        "match_probability": probability,
        "match_weight": 10.0,
        "evidence": 20.0,
        "band": band.value,
        "same_household": households[0] == households[1] and kinds[0] == "beneficiary",
        "gamma_tazkira": tazkira,
        "gamma_phone": phone,
    }
    row.update({f"gamma_{k}": v for k, v in NAMES_AGREE.items()})
    return row


def alerts(model: linkage.Model, rows: list[dict[str, Any]]) -> list[Any]:
    result = linkage.LinkageResult(pa.Table.from_pylist(rows), pa.table({}))
    return list(cluster_alerts(result, model, "m1", "integrity.duplicates", "2"))


# A family of three registered again: head (tazkira agrees), wife, son.
FAMILY = [
    pair("beneficiary:B1", "beneficiary:B4", ("H1", "H2"), tazkira=2, probability=0.999),
    pair("beneficiary:B2", "beneficiary:B5", ("H1", "H2"), probability=0.97),
    pair("beneficiary:B3", "beneficiary:B6", ("H1", "H2"), phone=0, probability=0.95),
]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the whole family is one alert, not one per member
        (FAMILY, [("duplicate_person", "cluster:beneficiary:B1", 6)]),
        # names, year and place alone: a namesake family or a copied roster, not raised
        ([{**r, "gamma_tazkira": -1, "gamma_phone": -1} for r in FAMILY], []),
        # ... unless a review-band pair between the same households could be checked: the
        # head's phone changed, so he scores under his children's links
        (
            [
                *[{**r, "gamma_tazkira": -1, "gamma_phone": -1} for r in FAMILY[1:]],
                pair("beneficiary:B1", "beneficiary:B4", ("H1", "H2"), band=Band.REVIEW, phone=0),
            ],
            [("duplicate_person", "cluster:beneficiary:B2", 4)],
        ),
        # the review band is never an alert of its own
        ([pair("beneficiary:B7", "beneficiary:B8", ("H3", "H4"), band=Band.REVIEW, tazkira=1)], []),
        # a household listing a member twice: one alert for the household
        (
            [
                pair("beneficiary:B1", "beneficiary:B2", ("H1", "H1"), tazkira=2),
                pair("beneficiary:B1", "beneficiary:B3", ("H1", "H1"), phone=1),
            ],
            [("repeated_member", "household:H1", 3)],
        ),
        # ... but not on the household's shared phone alone
        ([pair("beneficiary:B1", "beneficiary:B2", ("H1", "H1"), phone=1)], []),
        # two families linked to each other are two alerts
        (
            [*FAMILY, pair("beneficiary:B7", "beneficiary:B8", ("H3", "H4"), tazkira=2)],
            [
                ("duplicate_person", "cluster:beneficiary:B1", 6),
                ("duplicate_person", "cluster:beneficiary:B7", 2),
            ],
        ),
    ],
)
def test_one_alert_per_family(
    model: linkage.Model, rows: list[dict[str, Any]], expected: list[tuple[str, str, int]]
) -> None:
    found = [(a.kind, a.subject, len(a.evidence["cluster"])) for a in alerts(model, rows)]
    assert found == expected


def test_the_family_alert_shows_the_records_side_by_side(model: linkage.Model) -> None:
    review = pair("beneficiary:B2", "beneficiary:B6", ("H1", "H2"), band=Band.REVIEW)
    (alert,) = alerts(model, [*FAMILY, review])
    evidence = alert.evidence
    assert evidence["households"] == ["H1", "H2"]
    assert [(p["a"], p["b"]) for p in evidence["pairs"]] == [  # type: ignore[index]
        ("beneficiary:B1", "beneficiary:B4"),
        ("beneficiary:B2", "beneficiary:B5"),
        ("beneficiary:B3", "beneficiary:B6"),
    ]
    assert evidence["pairs"][0]["fields"]["tazkira"] != "not recorded"  # type: ignore[index]
    records = {r["person_id"]: r for r in evidence["records"]}  # type: ignore[union-attr]
    assert records["beneficiary:B4"]["household_id"] == "H2"
    assert records["beneficiary:B4"]["agency"] == "AGY-02"
    assert [(p["a"], p["b"]) for p in evidence["review_pairs"]] == [  # type: ignore[index]
        ("beneficiary:B2", "beneficiary:B6")
    ]
    assert alert.score == pytest.approx(0.999)
    assert "2 households" in alert.summary


def test_a_staff_record_linked_to_a_beneficiary_joins_its_household(
    model: linkage.Model,
) -> None:
    staff = pair(
        "beneficiary:B1", "staff:S1", ("H1", "EMP-1"), kinds=("beneficiary", "staff"), phone=1
    )
    (alert,) = alerts(model, [*FAMILY, staff])
    assert "staff:S1" in alert.evidence["cluster"]  # type: ignore[operator]
    assert alert.evidence["households"] == ["H1", "H2"]
