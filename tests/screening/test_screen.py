"""Screening against the real UN list: ranking, explanations, persistence, alerts."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.screening import Query, ScreeningIndex, screen_names
from aidtrace.screening.alerts import to_alerts
from aidtrace.screening.evidence import parse_birth_date
from aidtrace.screening.persist import load_index, save_index


def _top(index: ScreeningIndex, query: Query) -> tuple[str, float]:
    [result] = screen_names(index, [query])
    assert result.hits, query
    return result.hits[0].entry.source_id, result.hits[0].score


@pytest.mark.parametrize(
    ("name", "source_id"),
    [
        ("Abdul Ghani Baradar", "TAi.024"),
        ("عبدالغنی برادر", "TAi.024"),
        ("Mullah Abdul Ghani Baradar", "TAi.024"),
        ("Mulla Abd al-Ghani Biradar", "TAi.024"),
        ("محمد حسن آخوند", "TAi.002"),
        ("Muhammad Hasan Akhund", "TAi.002"),
        ("Sirajuddin Jallaloudine Haqqani", "TAi.144"),
    ],
)
def test_listed_people_are_found(un_index: ScreeningIndex, name: str, source_id: str) -> None:
    assert _top(un_index, Query(name))[0] == source_id


def test_scores_rank_inside_the_top_band(un_index: ScreeningIndex) -> None:
    plain = _top(un_index, Query("Abdul Ghani Baradar"))[1]
    dob = _top(un_index, Query("Abdul Ghani Baradar", birth_date=parse_birth_date("1968")))[1]
    conflict = Query("Abdul Ghani Baradar", birth_date=parse_birth_date("1990"))
    assert dob > plain
    assert dob < 1.0 or plain < 1.0
    [result] = screen_names(un_index, [conflict])
    assert all(h.score < plain for h in result.hits)


def test_explanation_and_alert(un_index: ScreeningIndex) -> None:
    [result] = screen_names(un_index, [Query("Mullah Abdul Ghani Baradar", "party:1")])
    hit = result.hits[0]
    why = hit.explanation.as_dict()
    assert why["titles_ignored"] == ["mullah"]
    assert {p["how"] for p in why["pairs"]} <= {"exact", "variant", "typo", "skeleton"}
    [alert, *_] = list(to_alerts([result], "un@1"))
    assert alert.subject == "party:1"
    assert alert.identity_key.startswith("un:TAi.024:")
    assert alert.evidence["hit"]["source_id"] == "TAi.024"  # type: ignore[index]


def test_no_match_for_unlisted_names(un_index: ScreeningIndex) -> None:
    [result] = screen_names(un_index, [Query("Patricia Lucas Wheeler"), Query("Zarghona Ahmadi")])[
        :1
    ]
    assert result.hits == ()


def test_index_round_trip(un_index: ScreeningIndex, tmp_path: Path) -> None:
    save_index(un_index, tmp_path / "index.json.gz")
    loaded = load_index(tmp_path / "index.json.gz")
    query = [Query("عبدالغنی برادر")]
    assert screen_names(loaded, query)[0].as_dict() == screen_names(un_index, query)[0].as_dict()
