"""The screening API takes the screened party's birth date and nationality as evidence: each
moves the score and the explanation says by how much; an unreadable one is refused, never
ignored. The desk's search box offers the kind of party."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

Login = Callable[[TestClient, Role], str]


def _baradar(client: TestClient, **told: str) -> dict[str, Any]:
    params = {"q": "Abdul Ghani Baradar", "schema": "person", **told}
    r = client.get("/api/screening", params=params)
    assert r.status_code == 200, r.text
    hit: dict[str, Any] = r.json()["results"][0]
    assert hit["source_id"] == "TAi.024"  # born 1968 in Uruzgan, Afghan
    return hit


@pytest.mark.parametrize(
    ("told", "point", "direction"),
    [
        ({"dob": "1968"}, "birth_date", 1),
        ({"dob": "1347 SH"}, "birth_date", 1),
        ({"dob": "1980"}, "birth_date", -1),
        ({"nationality": "Afghan"}, "nationality", 1),
        ({"nationality": "PK"}, "nationality", -1),
    ],
)
def test_birth_date_and_nationality_move_the_score(
    seeded_client: TestClient, login: Login, told: dict[str, str], point: str, direction: int
) -> None:
    login(seeded_client, Role.ANALYST)
    alone = _baradar(seeded_client)
    hit = _baradar(seeded_client, **told)
    points = hit["explanation"]["evidence_points"][point]
    assert points * direction > 0
    moved = min(points, 1 - alone["score"])  # a score is at most 1
    assert hit["score"] - alone["score"] == pytest.approx(moved, abs=2e-4)


@pytest.mark.parametrize(
    ("told", "why"), [({"dob": "2099"}, "in the future"), ({"nationality": "Narnia"}, "country")]
)
def test_an_unreadable_birth_date_or_country_is_refused(
    client: TestClient, login: Login, told: dict[str, str], why: str
) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": "Akhund", **told})
    assert r.status_code == 422
    assert why in r.json()["error"]["message"]


def test_the_desk_box_offers_the_kind_of_party(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ANALYST)
    page = seeded_client.get("/screening", params={"q": "Haji Sahab", "schema": "person"}).text
    assert 'data-testid="screen-schema"' in page
    assert '<option value="person" selected>' in page
    assert "SOe.001" not in page  # AL-SHABAAB: a person does not meet it by one word
    assert "SOe.001" in seeded_client.get("/screening", params={"q": "Haji Sahab"}).text
    fragment = seeded_client.get("/screening/results", params={"q": "Haji Sahab", "schema": "x"})
    assert "party type &#39;x&#39;" in fragment.text


def test_a_document_number_the_entry_holds_lifts_the_score(
    seeded_client: TestClient, login: Login
) -> None:
    login(seeded_client, Role.ANALYST)
    params = {"q": "Din Mohammad Hanif", "schema": "person"}
    alone = seeded_client.get("/api/screening", params=params).json()["results"][0]
    told = seeded_client.get("/api/screening", params={**params, "identifier": "OA-454044"})
    hit = told.json()["results"][0]
    assert hit["source_id"] == "TAi.043"  # passport OA 454044
    assert hit["explanation"]["identifiers"]["agreement"] == "exact"
    assert hit["score"] >= alone["score"]
    bad = seeded_client.get("/api/screening", params={**params, "identifier": "none"})
    assert bad.status_code == 422
    assert "identifier 'none'" in bad.json()["error"]["message"]


def test_evidence_given_is_shown_compared_or_counted_for_nothing(
    seeded_client: TestClient, login: Login
) -> None:
    """Baradar's entry gives a birth year and no document number: a birth date told is
    compared, a document number is shown as counted for nothing, in the reader's language, and
    a field never told is not shown at all. Hanif's entry holds a passport: another number is
    not among its own."""
    login(seeded_client, Role.ANALYST)
    told = {"q": "Abdul Ghani Baradar", "schema": "person", "dob": "1968", "identifier": "X-99"}
    hit = _baradar(seeded_client, dob="1968", identifier="X-99")
    assert hit["evidence"] == [
        {"field": "birth_date", "said": "consistent"},
        {"field": "identifiers", "said": "not on the list"},
    ]
    page = seeded_client.get("/screening", params=told).text
    assert 'id="screen-dob" value="1968"' in page  # the box keeps what was told
    assert "birth date: consistent" in page
    assert "identifiers: not on the list" in page
    assert "nationality:" not in page
    dari = seeded_client.get(
        "/screening/results", params=told, headers={"Accept-Language": "fa-AF"}
    ).text
    assert "در فهرست نیست" in dari
    bare = seeded_client.get(
        "/screening/results", params={**told, "identifier": ""}, headers={"Accept-Language": "ps"}
    ).text
    assert "همخوان" not in bare  # Dari's word: the Pashto reader gets Pashto
    assert "سمون لرونکی" in bare  # "consistent"
    assert "په لېست کې نشته" not in bare  # no document number told, none shown
    params = {"q": "Din Mohammad Hanif", "schema": "person", "identifier": "X-99"}
    hanif = seeded_client.get("/api/screening", params=params).json()["results"][0]
    assert hanif["source_id"] == "TAi.043"
    assert {"field": "identifiers", "said": "not among the entry's"} in hanif["evidence"]
    dari = seeded_client.get(
        "/screening/results", params=params, headers={"Accept-Language": "fa-AF"}
    ).text
    assert "در میان شناسه‌های این مورد نیست" in dari
