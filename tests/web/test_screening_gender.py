"""The screening API takes the screened person's gender: agreeing with the listed person's it
raises the score, conflicting it lowers it, and the explanation says by how much."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

Login = Callable[[TestClient, Role], str]


def _lubanga(client: TestClient, **gender: str) -> dict[str, Any]:
    params = {"q": "Thomas Lubanga", "schema": "person", **gender}
    r = client.get("/api/screening", params=params)
    assert r.status_code == 200, r.text
    hit: dict[str, Any] = r.json()["results"][0]
    assert hit["source_id"] == "CDi.007"  # listed as male
    return hit


@pytest.mark.parametrize(("gender", "direction"), [("male", 1), ("female", -1)])
def test_gender_raises_or_lowers_the_score(
    seeded_client: TestClient, login: Login, gender: str, direction: int
) -> None:
    login(seeded_client, Role.ANALYST)
    alone = _lubanga(seeded_client)
    told = _lubanga(seeded_client, gender=gender)
    assert (told["score"] - alone["score"]) * direction > 0
    points = told["explanation"]["evidence_points"]["gender"]
    assert told["score"] - alone["score"] == pytest.approx(points, abs=2e-4)
    assert _lubanga(seeded_client, gender="")["score"] == alone["score"]


def test_an_unreadable_gender_is_refused(client: TestClient, login: Login) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": "Akhund", "gender": "robot"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "input"
    assert "gender 'robot'" in r.json()["error"]["message"]
