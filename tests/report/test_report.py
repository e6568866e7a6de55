from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from aidtrace.report import build_report, write_report
from aidtrace.workspace import Workspace

People = tuple[Workspace, list[dict[str, str]]]


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", html, flags=re.S)]


def _offline(html: str) -> None:
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_empty_workspace_renders_every_section(workspace: Workspace) -> None:
    for audience in ("officer", "donor"):
        html = build_report(workspace, audience=audience)
        for heading in ("Where the money went", "Provinces", "Leakage by hop", "Alerts", "Cases"):
            assert heading in html
        assert "Audit log" in html
        _offline(html)


def test_officer_report_shows_money_provinces_and_people(people_workspace: People) -> None:
    ws, people = people_workspace
    html = build_report(ws)
    _offline(html)
    svgs = _svgs(html)
    assert len(svgs) >= 4  # sankey, tiles, province bars, leakage bars, alert kinds
    assert 'class="chart sankey"' in html
    assert "DON-0" in html
    assert html.count('data-province="AF') == 34
    assert people[0]["member_id"] in html  # the officer needs to know who
    assert "escalate" in html  # the case's current decision
    assert "aidtrace-sth/1" in html  # the signed tree head
    assert "Week by week" in html
    # the demo has a plan: its map stays coloured by the share of plan delivered
    assert "<h3>Share of plan delivered</h3>" in html
    assert "% of plan delivered, $" in html
    assert "per person in IPC phase 3+" not in html


def test_donor_report_holds_no_personal_data(people_workspace: People, tmp_path: Path) -> None:
    ws, people = people_workspace
    path = write_report(ws, tmp_path / "donor.html", audience="donor")
    html = path.read_text(encoding="utf-8")
    _offline(html)
    assert 'class="chart sankey"' in html
    assert "aidtrace-sth/1" in html
    assert html.count('data-province="AF') == 34
    for p in people:
        for field in ("member_id", "household_id", "tazkira", "phone", "name_fa"):
            assert not p[field] or p[field] not in html, (field, p[field])
        assert f"{p['given_name']} {p['family_name']}" not in html
    assert "beneficiary:" not in html
    assert "registered twice" not in html
    assert "Check " + people[0]["given_name"] not in html  # the case title
    assert "beneficiaries.csv" not in html  # import file names stay with the officer
