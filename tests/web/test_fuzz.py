"""Fuzz the JSON API from its own OpenAPI schema (schemathesis), on a bounded budget.

Every operation is called with generated valid and invalid input by a signed-in reviewer (the
widest case-working role) with a valid CSRF token: nothing may answer 500, and every answer must
match the schema (the error shape included).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory, template_workspace: Path) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("fuzz") / "ws"
    shutil.copytree(template_workspace, path)
    # A high sign-in budget: the fuzzer itself posts to /api/session many times.
    app = create_app(path, settings=WebSettings(secure_cookies=False, login_attempts=100_000))
    with TestClient(app) as client:
        token = client.get("/api/csrf").json()["csrf_token"]
        r = client.post(
            "/api/session",
            json={"username": "reviewer", "password": PASSWORD},
            headers={"x-csrf-token": token},
        )
        assert r.status_code == 200
        app.state.fuzz_auth = ({"x-csrf-token": token}, dict(client.cookies))
        yield app


def _operations(app: Any) -> dict[str, Any]:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    found = {}
    for result in schema.get_all_operations():
        op = result.ok()
        found[op.label] = op
    return found


# Operations whose input rules go beyond what the schema can say: the screening box refuses a
# name with no letter or digit in it (422), which a string schema cannot express; bulk actions
# hand cases only to existing users who work cases, and need an assignee or an outcome.
RULES_BEYOND_SCHEMA = {
    "GET /api/screening": [positive_data_acceptance],
    "POST /api/alerts/bulk": [positive_data_acceptance],
    "POST /api/cases/bulk": [positive_data_acceptance],
}

# The operation list comes from the schema itself: a new endpoint is fuzzed without editing this.
LABELS = sorted(_operations(create_app(Path("unused-for-the-schema"))))


@pytest.fixture(scope="module")
def operations(fuzz_app: Any) -> dict[str, Any]:
    return _operations(fuzz_app)


@pytest.mark.parametrize("label", LABELS)
def test_api_conforms_to_its_schema(label: str, operations: dict[str, Any], fuzz_app: Any) -> None:
    headers, cookies = fuzz_app.state.fuzz_auth
    if label == "POST /api/session":
        cookies = {k: v for k, v in cookies.items() if k != "aidtrace_session"}

    @given(case=operations[label].as_strategy())
    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # bounded: no shrinking in CI
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Any) -> None:
        excluded = RULES_BEYOND_SCHEMA.get(label, [])
        case.call_and_validate(headers=headers, cookies=cookies, excluded_checks=excluded)

    check()
