"""The screening API takes the kind of party screened: a person does not meet an organisation
by one word of its name."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

Login = Callable[[TestClient, Role], str]


def _found(client: TestClient, q: str, schema: str) -> dict[str, str]:
    r = client.get("/api/screening", params={"q": q, "schema": schema, "limit": 50})
    assert r.status_code == 200, r.text
    assert r.json()["party"] == schema
    return {hit["source_id"]: hit["schema"] for hit in r.json()["results"]}


@pytest.mark.parametrize(("q", "organisation"), [("Akmad", "KPe.001"), ("Haji Sahab", "SOe.001")])
def test_a_person_does_not_meet_an_organisation_by_one_word(
    seeded_client: TestClient, login: Login, q: str, organisation: str
) -> None:
    login(seeded_client, Role.ANALYST)
    assert organisation in _found(seeded_client, q, "any")
    as_person = _found(seeded_client, q, "person")
    assert organisation not in as_person
    assert set(as_person.values()) <= {"Person"}


def test_an_unknown_party_type_is_refused(client: TestClient, login: Login) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": "Akhund", "schema": "robot"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "input"
    assert "party type 'robot'" in r.json()["error"]["message"]
