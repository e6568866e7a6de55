"""The report says at its top what personal data it holds: the officer edition which fields
about how many people, the donor edition that it holds none."""

from __future__ import annotations

import re

from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cases import Outcome, decide, open_case
from aidtrace.keyring.freetext import KEY_DESTROYED
from aidtrace.keyring.shred import destroy_keys
from aidtrace.report import build_report
from aidtrace.workspace import Workspace

People = tuple[Workspace, list[dict[str, str]]]


def _statement(html: str) -> str:
    found = re.search(r'<section id="personal-data".*?</section>', html, flags=re.S)
    assert found, "no statement of personal data"
    assert html.index('id="personal-data"') < html.index('id="money"')  # at the top
    return found.group(0)


def test_officer_edition_states_fields_and_people(people_workspace: People) -> None:
    ws, _ = people_workspace
    statement = _statement(build_report(ws, audience="officer"))
    assert "personal data about <b>5 people</b>" in statement  # five alerts about people
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(\d+)</td></tr>", statement
    )
    by_section = {section: (fields, int(n)) for section, fields, n in rows}
    fields, n = by_section["Top undecided alerts"]
    assert n == 5  # a case holds the first, still undecided
    for field in ("record id", "evidence: name", "evidence: phone", "evidence: tazkira"):
        assert field in fields
    fields, n = by_section["Cases and decisions"]
    assert n == 1
    assert "rationale" in fields


def test_donor_edition_states_it_holds_none(people_workspace: People) -> None:
    ws, _ = people_workspace
    statement = _statement(build_report(ws, audience="donor"))
    assert "holds no personal data" in statement
    assert "<table>" not in statement


def test_empty_workspace_officer_edition_holds_none(workspace: Workspace) -> None:
    assert "holds no personal data" in _statement(build_report(workspace, audience="officer"))


def test_report_after_keys_destroy_shows_rationales_as_sealed(workspace: Workspace) -> None:
    alert = Alert("integrity", "1", "ghost", "beneficiary:M1", 0.9, "ghost?", "g1", Severity.HIGH)
    save_alerts(workspace, [alert], "run1")
    case = open_case(workspace, [alert.alert_id], "amina")
    decide(workspace, case, Outcome.ESCALATE, "amina", "his number 0791234567 paid twice")
    assert "0791234567" in build_report(workspace)
    destroy_keys(workspace)
    html = build_report(workspace)
    assert "0791234567" not in html
    assert KEY_DESTROYED in html
