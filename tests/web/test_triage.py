"""Triage: the queue puts the most severe, longest-waiting alert first; the dashboard counts
what waits for triage and every figure and chart opens the queue filtered to what it counts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.web import create_app
from aidtrace.web.queue import QueueFilter
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import FakeClock, sign_in


def _duplicates(n: int) -> list[Alert]:
    return [
        Alert(
            "integrity",
            "1",
            "duplicate_person",
            f"cluster:beneficiary:B{i:04d}",
            1.0,
            "the same person registered twice",
            severity=Severity.HIGH,
        )
        for i in range(n)
    ]


def _hit(subject: str, score: float) -> Alert:
    return Alert("screening", "1", "sanctions_match", subject, score, "resembles a listed party",
                 severity=Severity.CRITICAL)  # fmt: skip


@pytest.fixture
def triage_client(desk_path: Path, clock: FakeClock) -> Iterator[TestClient]:
    """49 duplicates at 1.000 (the week before), a critical hit at 0.970 and a younger one."""
    with Workspace.open(desk_path, clock=clock) as ws:
        save_alerts(ws, _duplicates(49), "run-1")
        clock.advance(days=7)
        save_alerts(ws, [_hit("org:VEN-0035", 0.97)], "run-2")
        clock.advance(days=1)
        save_alerts(ws, [_hit("org:VEN-0036", 0.99)], "run-3")
        clock.advance(days=1)
    app = create_app(desk_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_queue_opens_on_the_critical_hit_waiting_longest(triage_client: TestClient) -> None:
    sign_in(triage_client, Role.ANALYST)
    first = triage_client.get("/api/alerts").json()["alerts"][:3]
    assert [(a["subject"], a["severity"]) for a in first[:2]] == [
        ("org:VEN-0035", "critical"),  # waited longer than the 0.99 one
        ("org:VEN-0036", "critical"),
    ]
    assert first[2]["severity"] == "high"
    by_score = triage_client.get("/api/alerts?sort=score").json()["alerts"]
    assert "org:VEN-0035" not in [a["subject"] for a in by_score[:50]]  # what the officer saw
    page = triage_client.get("/alerts")
    assert page.text.index("org:VEN-0035") < page.text.index("cluster:beneficiary:")


def test_a_blank_filter_field_means_any(triage_client: TestClient) -> None:
    sign_in(triage_client, Role.ANALYST)
    r = triage_client.get("/alerts?kind=&severity=&status=&q=&sort=triage")
    assert r.status_code == 200
    assert "51" in r.text.split("</h1>")[0]


def _figure_links(html: str) -> dict[str, str]:
    found = re.findall(r'data-testid="([a-z-]+)"><span class="label">[^<]*</span>\s*'
                       r'<a class="value" href="([^"]+)"', html)  # fmt: skip
    return {name: href.replace("&amp;", "&") for name, href in found}


def test_dashboard_counts_what_waits_and_links_to_it(triage_client: TestClient) -> None:
    sign_in(triage_client, Role.ANALYST)
    panel = triage_client.get("/api/dashboard").json()["panels"]["alerts_to_triage"]
    assert panel == {"open": 51, "critical": 2}
    links = _figure_links(triage_client.get("/").text)
    assert set(links) == {"to-triage", "critical-to-triage", "money-week", "gap-week",
                          "alerts-total"}  # fmt: skip
    for name, expected in (("to-triage", 51), ("critical-to-triage", 2), ("alerts-total", 51)):
        queue = triage_client.get(links[name].replace("/alerts", "/api/alerts", 1)).json()
        assert queue["total"] == expected, name


def _spec(html: str, chart: str) -> list[dict[str, object]]:
    block = html.split(f'id="spec-{chart}">')[1].split("</script>")[0]
    values: list[dict[str, object]] = json.loads(block)["data"]["values"]
    return values


@pytest.mark.parametrize("chart", ["alerts-age"])
def test_every_alert_chart_mark_opens_the_alerts_it_counts(
    triage_client: TestClient, chart: str
) -> None:
    sign_in(triage_client, Role.ANALYST)
    values = _spec(triage_client.get("/").text, chart)
    assert values
    for datum in values:
        href = str(datum["href"])
        queue = triage_client.get(href.replace("/alerts", "/api/alerts", 1)).json()
        assert queue["total"] == datum["alerts"], datum


def _provinces(html: str) -> list[dict[str, object]]:
    block = html.split('id="spec-provinces">')[1].split("</script>")[0]
    shapes: list[dict[str, object]] = json.loads(block)["layer"][0]["data"]["values"]
    return [s["properties"] for s in shapes]  # type: ignore[misc]


def test_provinces_link_and_donors_get_no_links(triage_client: TestClient) -> None:
    sign_in(triage_client, Role.ANALYST)
    provinces = _provinces(triage_client.get("/").text)
    assert {str(p["href"]) for p in provinces} >= {"/alerts?q=AF01"}
    sign_in(triage_client, Role.DONOR_VIEWER)
    page = triage_client.get("/").text
    assert 'href="/alerts' not in page
    assert all("href" not in v for v in _provinces(page) + _spec(page, "alerts-age"))
    assert "51" in page  # the counts themselves are aggregates


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "/alerts"),
        ({"page": 2}, "/alerts?page=2"),
        ({"kind": "hop_gap", "q": "a&b"}, "/alerts?kind=hop_gap&q=a%26b"),
    ],
)
def test_queue_links_keep_the_filter(changes: dict[str, object], expected: str) -> None:
    assert QueueFilter().link(**changes) == expected
    assert QueueFilter(state="to_triage").link(page=3) == "/alerts?state=to_triage&page=3"
