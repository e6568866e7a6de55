"""The screening box refuses a query with nothing to screen: the API in its one error shape,
the page in words where the results would be (never "no entry scores above the threshold")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

Login = Callable[[TestClient, Role], str]
NOTHING = ["!!!", "😀🙂", "-- / --", "!"]


@pytest.mark.parametrize("q", NOTHING)
def test_the_api_refuses_a_query_with_nothing_to_screen(
    client: TestClient, login: Login, q: str
) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": q})
    assert r.status_code == 422
    assert r.json() == {
        "error": {
            "code": "input",
            "message": f"nothing to screen in {q!r} (no letter or digit)",
            "source": None,
            "record": None,
        }
    }


@pytest.mark.parametrize("path", ["/screening", "/screening/results"])
def test_the_page_says_why_in_place_of_results(client: TestClient, login: Login, path: str) -> None:
    login(client, Role.ANALYST)
    r = client.get(path, params={"q": "!!!"})
    assert r.status_code == 200
    assert 'data-testid="refused"' in r.text
    assert "nothing to screen in &#39;!!!&#39;" in r.text
    assert 'data-testid="no-hits"' not in r.text


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_box_is_no_query_and_no_error(client: TestClient, login: Login, q: str) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": q})
    assert r.status_code == 200
    assert r.json()["results"] == []
    assert 'data-testid="refused"' not in client.get("/screening", params={"q": q}).text


@pytest.mark.parametrize(
    ("q", "code"), [("Abdul\x1b[2J Ghani Baradar", "U+001B"), ("\u202eradaraB inahG", "U+202E")]
)
def test_a_query_holding_control_or_direction_characters_is_refused(
    client: TestClient, login: Login, q: str, code: str
) -> None:
    login(client, Role.ANALYST)
    r = client.get("/api/screening", params={"q": q})
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert code in message
    assert q not in message
