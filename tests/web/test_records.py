"""Findings about records read side by side, field by field; one reveal shows all of them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.people.access import access_log
from aidtrace.web.recordview import records_detail
from aidtrace.workspace import Workspace

from .conftest import sign_in

PAIR = {"a": "beneficiary:B1", "b": "beneficiary:B2", "agencies": ["AGY-01", "AGY-02"],
        "lists": ["AGY-01/L1", "AGY-02/L7"], "band": "auto_link", "match_probability": 0.99,
        "fields": {"given_name": "romanisation variant", "phone": "not recorded"}}  # fmt: skip
PAYROLL = {"fields": {"father_name": "romanisation variant", "phone": "exact"},
           "records": [{"staff_id": "S1", "employer": "SUB-019", "salary_paid": 1665.0},
                       {"staff_id": "S2", "employer": "SUB-019", "salary_paid": 1665.0}],
           "paid_twice_usd": 1665.0}  # fmt: skip


@pytest.mark.parametrize(
    ("evidence", "records", "row", "compared"),
    [
        ({"pair": PAIR}, {"beneficiary:B1": {"agency": "AGY-01", "list": "AGY-01/L1"},
                          "beneficiary:B2": {"agency": "AGY-02", "list": "AGY-02/L7"}},
         "agency", {"given_name": "romanisation variant", "phone": "not recorded"}),
        ({"cluster": ["beneficiary:B1", "beneficiary:B2", "beneficiary:B3"], "pairs": [PAIR]},
         {"beneficiary:B1": {"agency": "AGY-01", "list": "AGY-01/L1"},
          "beneficiary:B2": {"agency": "AGY-02", "list": "AGY-02/L7"}, "beneficiary:B3": {}},
         "list", {"given_name": "romanisation variant", "phone": "not recorded"}),
        (PAYROLL, {"staff:S1": {"employer": "SUB-019", "salary paid": "1,665.000"},
                   "staff:S2": {"employer": "SUB-019", "salary paid": "1,665.000"}},
         "employer", {"father_name": "romanisation variant", "phone": "exact"}),
    ],
)  # fmt: skip
def test_records_side_by_side(
    evidence: dict[str, Any], records: dict[str, Any], row: str, compared: dict[str, str]
) -> None:
    detail = records_detail(evidence)
    assert detail["records"] == records
    assert row in detail["record_fields"]
    assert detail["comparisons"][0]["fields"] == compared


def test_a_family_registered_twice_lists_its_records_and_review_pairs() -> None:
    evidence = {
        "cluster": ["beneficiary:B1", "beneficiary:B2"],
        "records": [
            {"person_id": "beneficiary:B1", "agency": "AGY-03", "household_id": "H1"},
            {"person_id": "beneficiary:B2", "agency": "AGY-03", "household_id": "H2"},
        ],
        "pairs": [PAIR],
        "review_pairs": [{**PAIR, "band": "clerical_review"}],
        "households": ["H1", "H2"],
    }
    detail = records_detail(evidence)
    assert detail["records"] == {
        "beneficiary:B1": {"agency": "AGY-03", "household id": "H1"},
        "beneficiary:B2": {"agency": "AGY-03", "household id": "H2"},
    }
    labels = [c["label"] for c in detail["comparisons"]]
    assert labels == [
        "beneficiary:B1 ↔ beneficiary:B2",
        "beneficiary:B1 ↔ beneficiary:B2 (to review)",
    ]


def test_rows_of_rows_become_tables() -> None:
    evidence = {
        "enumerator_id": "S1",
        "households": [
            {"household_id": "H1", "indicators": {"never_seen": {"distributions": 4}}},
            {"household_id": "H2", "indicators": {"never_seen": {"distributions": 3}}},
        ],
    }
    (table,) = records_detail(evidence)["tables"]
    assert table["columns"] == ["household id", "indicators · never seen · distributions"]
    assert [r["household id"] for r in table["rows"]] == ["H1", "H2"]


def test_indicators_are_tables_not_a_dump() -> None:
    evidence = {"indicators": {"payroll_without_attendance": {"days_present": "0", "paid": 810.0}}}
    (indicator,) = records_detail(evidence)["indicators"]
    assert indicator == {
        "name": "payroll without attendance",
        "facts": [("days present", "0"), ("paid", "810.000")],
    }


def _alert(path: Path, kind: str) -> dict[str, Any]:
    with Workspace.open(path, read_only=True) as ws:
        row = ws.engine.query(
            "SELECT alert_id, subject, evidence FROM alerts WHERE kind = ? "
            "ORDER BY length(evidence) DESC, alert_id LIMIT 1",
            (kind,),
        ).to_pylist()[0]
    return {**row, "evidence": json.loads(str(row["evidence"]))}


def _cells(html: str, testid: str) -> str:
    table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    return re.sub(r"\s+", " ", table)


@pytest.mark.parametrize(
    ("kind", "row", "compared"),
    [
        ("payroll_duplicate", "employer", "romanisation variant"),
        ("duplicate_person", "agency", "lineage"),
        ("ghost_household", "", "never seen"),
    ],
)
def test_duplicate_pages_show_records_field_by_field(
    demo_client: TestClient, demo_template: Path, kind: str, row: str, compared: str
) -> None:
    alert = _alert(demo_template, kind)
    sign_in(demo_client, Role.ANALYST)
    response = demo_client.get(f"/alerts/{alert['alert_id']}")
    assert response.status_code == 200, response.text[:300]
    page = response.text
    if row:
        records = _cells(page, "records")
        assert f"<th>{row}</th>" in records
        assert records.count("<code>") >= 2  # a column (or a row) per record
        assert compared in _cells(page, "comparisons")
    else:
        assert compared in _cells(page, "table-households")
    assert "exact; " not in page  # no semicolon dump
    assert "variant; " not in page


def test_one_reveal_shows_every_record_of_the_alert(
    demo_client: TestClient, demo_template: Path
) -> None:
    alert = _alert(demo_template, "duplicate_person")
    members = alert["evidence"]["cluster"]
    token = sign_in(demo_client, Role.REVIEWER)
    reason = "comparing the registrations of this cluster"
    shown = demo_client.post(f"/alerts/{alert['alert_id']}/reveal",
                             data={"reason": reason, "csrf_token": token})  # fmt: skip
    assert shown.status_code == 200
    revealed = _cells(shown.text, "revealed")
    assert all(f"<th>{m}</th>" in revealed for m in members)
    assert "given name" in revealed
    desk = demo_client.app.state.desk  # type: ignore[attr-defined]
    with desk.workspace() as ws:
        rows = [r for r in access_log(ws) if r["actor"] == "reviewer"]
    assert sorted(str(r["record_id"]) for r in rows) == sorted(members)
    assert {r["reason"] for r in rows} == {reason}


def _ghost_sharing(path: Path) -> dict[str, Any]:
    """A ghost household alert of the demo whose households share a phone or tazkira."""
    with Workspace.open(path, read_only=True) as ws:
        rows = ws.engine.query(
            "SELECT alert_id, subject, evidence FROM alerts WHERE kind = 'ghost_household' "
            "ORDER BY alert_id"
        ).to_pylist()
    alerts = [{**r, "evidence": json.loads(str(r["evidence"]))} for r in rows]
    return next(a for a in alerts if a["evidence"].get("shared_with"))


def test_a_ghost_alert_carries_its_households_side_by_side(demo_template: Path) -> None:
    evidence = _ghost_sharing(demo_template)["evidence"]
    raised = [h["household_id"] for h in evidence["households"]]
    records = {r["household_id"]: r for r in evidence["records"]}
    assert list(records)[: len(raised)] == raised  # the alert's households, in its order
    # The demo's invented households were handed aid but never seen at a distribution.
    assert {records[h]["at_distributions"] for h in raised} == {"never seen"}
    assert all(records[h]["enumerator_id"] == evidence["enumerator_id"] for h in raised)
    assert all(records[h]["district"] and records[h]["registered_on"] for h in raised)
    (group,) = evidence["shared_with"]
    assert group["shared"] in ("phone", "tazkira")
    assert set(raised) <= set(group["households"]) <= set(records)


@pytest.mark.parametrize(
    ("tag", "seen", "heading"),
    [
        ("en", "never seen", "households on the same phone or tazkira"),
        ("fa-AF", "هرگز دیده نشده", "خانوارهای دارای همان تیلفون یا تذکره"),
        ("ps", "هېڅکله نه دی لیدل شوی", "هغه کورنۍ چې ورته تلیفون یا تذکره لري"),
    ],
)
def test_the_ghost_alert_page_shows_the_households_side_by_side(
    demo_client: TestClient, demo_template: Path, tag: str, seen: str, heading: str
) -> None:
    alert = _ghost_sharing(demo_template)
    sign_in(demo_client, Role.ANALYST)
    page = demo_client.get(f"/alerts/{alert['alert_id']}", headers={"accept-language": tag})
    assert page.status_code == 200, page.text[:300]
    records = _cells(page.text, "records")
    households = alert["evidence"]["shared_with"][0]["households"]
    assert all(f"<code>{h}</code>" in records for h in households)  # a row per household
    assert seen in records
    assert alert["evidence"]["enumerator_id"] in records
    assert heading in page.text
    shared = _cells(page.text, "table-shared-with")
    assert ", ".join(households) in shared
