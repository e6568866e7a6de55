"""`aidtrace serve` hands the desk its settings: trusted proxies, the reveal limit, the SLA, the
roles that need a second factor."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import aidtrace.web
from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Severity
from aidtrace.cases import SLA
from aidtrace.cli import app
from aidtrace.errors import InputError
from aidtrace.web.settings import WebSettings, desk_settings, parse_sla

RUNNER = CliRunner()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_serve_passes_every_option_to_the_desk(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_app(path: Path, *, settings: WebSettings) -> object:
        seen["settings"] = settings
        return object()

    monkeypatch.setattr(aidtrace.web, "create_app", fake_app)
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets: None)
    result = RUNNER.invoke(app, [
        "-w", str(desk_path), "serve", "--port", str(_free_port()),
        "--trusted-proxy", "10.0.0.5", "--trusted-proxy", "::1",
        "--reveal-limit", "5", "--reveal-window", "30", "--sla", "critical=0.5",
        "--require-totp", "admin", "--require-totp", "Reviewer",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    settings = seen["settings"]
    assert settings.trusted_proxies == frozenset({"10.0.0.5", "::1"})
    assert (settings.reveal_limit.people, settings.reveal_limit.window) == (
        5,
        timedelta(minutes=30),
    )
    assert settings.case_sla[Severity.CRITICAL] == timedelta(hours=12)
    assert settings.case_sla[Severity.HIGH] == SLA[Severity.HIGH]
    assert settings.require_totp == frozenset({Role.ADMIN, Role.REVIEWER})
    assert settings.secure_cookies  # the CLI never turns them off


def test_serve_without_options_keeps_the_defaults() -> None:
    settings = desk_settings()
    assert settings.trusted_proxies == frozenset()
    assert settings.reveal_limit == WebSettings().reveal_limit
    assert settings.case_sla == SLA
    assert settings.require_totp == frozenset()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sla", "urgent=1"), "expected SEVERITY=DAYS"),
        (("--sla", "critical"), "expected SEVERITY=DAYS"),
        (("--sla", "high=0"), "above 0"),
        (("--trusted-proxy", "proxy.example"), "not an IP address"),
        (("--require-totp", "boss"), "not a role"),
    ],
)
def test_serve_refuses_a_bad_option_in_one_line(
    desk_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = RUNNER.invoke(app, ["-w", str(desk_path), "serve", "--port", "18472", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], SLA),
        (["LOW=30"], {**SLA, Severity.LOW: timedelta(days=30)}),
        (["critical=0.25", "medium=2"],
         {**SLA, Severity.CRITICAL: timedelta(hours=6), Severity.MEDIUM: timedelta(days=2)}),
    ],
)  # fmt: skip
def test_parse_sla(items: list[str], expected: dict[Severity, timedelta]) -> None:
    assert parse_sla(items) == expected


def test_parse_sla_refuses_more_than_a_year() -> None:
    with pytest.raises(InputError):
        parse_sla(["low=400"])
