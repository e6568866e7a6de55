"""Saved filters: an officer names the alert or case queue view on screen, finds it listed on the
queue page, opens it, replaces or deletes it; others never see it; bad filters are refused."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

from .conftest import sign_in


def _save(client: TestClient, token: str, queue: str, name: str, query: str) -> httpx.Response:
    form = {"csrf_token": token, "queue": queue, "name": name, "query": query}
    response: httpx.Response = client.post("/filters", data=form, follow_redirects=False)
    return response


def _saved(html: str) -> list[tuple[str, str]]:
    found = re.findall(r'<a href="([^"]*)" data-testid="saved-filter"><bdi>([^<]*)</bdi>', html)
    return [(name, link.replace("&amp;", "&")) for link, name in found]


def test_an_alert_filter_is_saved_listed_opened_and_deleted(seeded_client: TestClient) -> None:
    token = sign_in(seeded_client, Role.ANALYST)
    page = seeded_client.get("/alerts?severity=critical&sort=newest&page=2").text
    # The save form carries the view on screen (its page left out).
    (query,) = [html.unescape(q) for q in re.findall(r'name="query" value="([^"]*)"', page)]
    assert query == "severity=critical&sort=newest&page=2"
    saved = _save(seeded_client, token, "alerts", "  Critical,   newest ", query)
    assert saved.status_code == 303
    link = "/alerts?severity=critical&sort=newest"
    assert saved.headers["location"] == link
    assert _saved(seeded_client.get("/alerts").text) == [("Critical, newest", link)]
    opened = seeded_client.get(link).text
    assert 'value="critical" selected' in opened
    # Saving the same name replaces it; the API lists it too.
    _save(seeded_client, token, "alerts", "Critical, newest", "severity=high")
    listed = seeded_client.get("/api/filters").json()
    assert listed["alerts"] == [
        {"name": "Critical, newest", "query": "severity=high", "link": "/alerts?severity=high"}
    ]
    assert listed["cases"] == []
    form = {"csrf_token": token, "queue": "alerts", "name": "Critical, newest"}
    gone = seeded_client.post("/filters/delete", data=form, follow_redirects=False)
    assert gone.status_code == 303
    assert _saved(seeded_client.get("/alerts").text) == []


def test_a_case_filter_names_a_case_queue(seeded_client: TestClient) -> None:
    token = sign_in(seeded_client, Role.REVIEWER)
    page = seeded_client.get("/cases?queue=overdue").text
    assert 'name="query" value="queue=overdue"' in page
    assert _save(seeded_client, token, "cases", "Late", "queue=overdue").status_code == 303
    assert _saved(seeded_client.get("/cases").text) == [("Late", "/cases?queue=overdue")]


def test_each_officer_sees_only_their_own(seeded_client: TestClient) -> None:
    token = sign_in(seeded_client, Role.ANALYST)
    _save(seeded_client, token, "alerts", "Mine", "severity=low")
    sign_in(seeded_client, Role.REVIEWER)
    assert _saved(seeded_client.get("/alerts").text) == []
    assert seeded_client.get("/api/filters").json() == {"alerts": [], "cases": []}


@pytest.mark.parametrize(
    ("queue", "name", "query"),
    [
        ("alerts", "", "severity=low"),  # no name
        ("alerts", "x" * 61, "severity=low"),  # too long
        ("alerts", "bad", "severity=urgent"),  # not a severity
        ("alerts", "bad", "sort=drop table"),  # not a sort key
        ("alerts", "bad", "colour=red"),  # a field the queue does not read
        ("cases", "bad", "queue=everything"),
        ("cases", "bad", "queue=mine&severity=low"),
        ("reports", "bad", "queue=mine"),
    ],
)
def test_bad_filters_are_refused(
    seeded_client: TestClient, queue: str, name: str, query: str
) -> None:
    token = sign_in(seeded_client, Role.ANALYST)
    response = _save(seeded_client, token, queue, name, query)
    assert response.status_code == 422
    assert seeded_client.get("/api/filters").json() == {"alerts": [], "cases": []}


def test_saving_needs_the_csrf_token(seeded_client: TestClient) -> None:
    sign_in(seeded_client, Role.ANALYST)
    form = {"queue": "alerts", "name": "x", "query": ""}
    assert seeded_client.post("/filters", data=form).status_code == 403
