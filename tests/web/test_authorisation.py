"""The authorisation matrix: every role × every endpoint, allowed or refused, pinned cell by cell.

Adding an endpoint without adding its row here fails ``test_matrix_covers_every_endpoint``;
changing who may call one fails ``test_matrix``.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.web.routes import ROUTERS

A, N, R, U, D = "admin", "analyst", "reviewer", "auditor", "donor_viewer"
EVERYONE = "public"

# Endpoint → roles allowed (EVERYONE: no sign-in needed). Path parameters get sample values.
MATRIX: dict[str, set[str] | str] = {
    "GET /login": EVERYONE,
    "POST /login": EVERYONE,
    "POST /logout": EVERYONE,
    "POST /language": EVERYONE,
    "GET /api/csrf": EVERYONE,
    "GET /api/health": EVERYONE,
    "POST /api/session": EVERYONE,
    "GET /api/session": {A, N, R, U, D},
    "GET /": {A, N, R, U, D},
    "GET /api/dashboard": {A, N, R, U, D},
    "GET /alerts": {N, R, U},
    "GET /api/alerts": {N, R, U},
    "GET /alerts/{alert_id}": {N, R, U},
    "GET /api/alerts/{alert_id}": {N, R, U},
    "GET /screening": {N, R, U},
    "GET /screening/results": {N, R, U},
    "GET /api/screening": {N, R, U},
    "GET /lists": {A, N, R, U},
    "GET /api/lists": {A, N, R, U},
    "GET /lists/{snapshot_id}": {A, N, R, U},
    "GET /api/lists/{snapshot_id}": {A, N, R, U},
    "GET /lists/{snapshot_id}/entries/{source_id}": {A, N, R, U},
    "GET /api/lists/{snapshot_id}/entries/{source_id}": {A, N, R, U},
    "POST /lists/{snapshot_id}/rescreen": {N, R},
    "POST /api/lists/{snapshot_id}/rescreen": {N, R},
    "GET /rescreens/{job_id}": {A, N, R, U},
    "GET /api/rescreens/{job_id}": {A, N, R, U},
    "GET /cases": {N, R, U},
    "GET /api/cases": {N, R, U},
    "GET /cases.csv": {N, R, U},
    "GET /alerts.csv": {N, R, U},
    "GET /cases.xlsx": {N, R, U},
    "GET /alerts.xlsx": {N, R, U},
    "POST /filters": {N, R, U},
    "POST /filters/delete": {N, R, U},
    "GET /api/filters": {N, R, U},
    "POST /api/alerts/bulk": {N, R},
    "POST /alerts/bulk": {N, R},
    "POST /api/cases/bulk": {N, R},
    "POST /cases/bulk": {N, R},
    "GET /cases/{case_id}": {N, R, U},
    "GET /api/cases/{case_id}": {N, R, U},
    "POST /api/cases": {N, R},
    "POST /alerts/{alert_id}/case": {N, R},
    "POST /api/cases/{case_id}/assign": {N, R},
    "POST /cases/{case_id}/assign": {N, R},
    "POST /api/cases/{case_id}/comment": {N, R},
    "POST /cases/{case_id}/comment": {N, R},
    "POST /api/cases/{case_id}/decide": {N, R},
    "POST /cases/{case_id}/decide": {N, R},
    "POST /api/people/{person_id}/reveal": {N, R},
    "POST /alerts/{alert_id}/reveal": {N, R},
    "GET /audit/verify": {A, R, U},
    "GET /api/audit/verify": {A, R, U},
    "GET /api/audit/proof": {A, R, U},
    "GET /audit": {A, R, U},
    "GET /api/audit": {A, R, U},
    "GET /audit/reveals": {A, U},
    "GET /api/audit/reveals": {A, U},
    "GET /audit/reveals/{username}": {A, U},
    "GET /api/audit/reveals/{username}": {A, U},
    "GET /users": {A},
    "GET /api/users": {A},
    "POST /api/users": {A},
    "POST /users": {A},
    "POST /api/users/{username}/active": {A},
    "POST /users/{username}/active": {A},
    "POST /api/users/{username}/role": {A},
    "POST /users/{username}/role": {A},
    "POST /api/users/{username}/totp": {A},
    "POST /users/{username}/totp": {A},
    "GET /users/{username}/totp/remove": {A},
    "POST /api/users/{username}/totp/remove": {A},
    "POST /users/{username}/totp/remove": {A},
}

SAMPLES = {
    "{alert_id}": "0123456789abcdef01234567",
    "{username}": "auditor",
    "{snapshot_id}": "un@1",
    "{case_id}": "0123456789abcdef",
    "{person_id}": "M-000001",
    "{source_id}": "TAi.024",
    "{job_id}": "0123456789abcdef",
}


def _endpoints(client: TestClient) -> set[str]:
    found = set()
    routes = [*client.app.routes, *(r for router in ROUTERS for r in router.routes)]  # type: ignore[attr-defined]
    for route in routes:
        if isinstance(route, APIRoute):
            found |= {f"{m} {route.path}" for m in route.methods if m != "HEAD"}
    return found


def test_matrix_covers_every_endpoint(client: TestClient) -> None:
    assert _endpoints(client) == set(MATRIX)


def _call(client: TestClient, endpoint: str, token: str) -> httpx.Response:
    method, path = endpoint.split(" ")
    for placeholder, value in SAMPLES.items():
        path = path.replace(placeholder, value)
    if method == "GET":
        return client.get(path, follow_redirects=False)
    # An empty body: refused callers are stopped before validation, allowed ones reach it.
    return client.post(path, headers={"x-csrf-token": token}, follow_redirects=False)


ROLES = [r.value for r in Role]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_matrix(client: TestClient, login: Callable[[TestClient, Role], str], role: str) -> None:
    token = client.get("/api/csrf").json()["csrf_token"]
    if role != "anonymous":
        token = login(client, Role(role))
    cells = {}
    for endpoint, allowed in sorted(MATRIX.items()):
        if endpoint in {"POST /logout", "POST /api/session", "POST /login"}:
            continue  # these change who is signed in; test_auth covers them
        response = _call(client, endpoint, token)
        status = response.status_code
        to_login = response.headers.get("location", "").startswith("/login?")
        refused = status in (401, 403) or to_login
        expect_allowed = allowed == EVERYONE or role in allowed
        cells[endpoint] = (expect_allowed, not refused, status)
    wrong = {e: c for e, c in cells.items() if c[0] != c[1]}
    assert not wrong, f"role {role}: (expected allowed, got allowed, status) {wrong}"
