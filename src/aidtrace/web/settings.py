"""What the web desk can be told at start-up; the CLI's defaults suit a desk on loopback."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from aidtrace.accounts.signin import Lockout
from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Severity
from aidtrace.cases import SLA
from aidtrace.errors import InputError
from aidtrace.web.personal import RevealLimit


@dataclass(frozen=True)
class WebSettings:
    """``secure_cookies`` stays on except in in-process tests (browsers send Secure cookies to
    localhost over plain HTTP). The rate limit counts sign-in attempts per client address: high
    enough for an office behind one NAT address signing in at nine, low enough to stop password
    spraying; guessing at one account is stopped sooner by its lockout. ``worker_threads``
    bounds how many requests run at once (the rest queue in arrival order); ``warm_up`` loads
    the accounts and the screening index at start-up so that the first searches need not wait."""

    secure_cookies: bool = True
    session_ttl: timedelta = timedelta(hours=8)
    lockout: Lockout = field(default_factory=Lockout)
    login_attempts: int = 60
    login_window: timedelta = timedelta(minutes=1)
    page_size: int = 50
    # Threads serving the (synchronous) routes. On a small machine a few threads finish sooner
    # than many: the others wait in line instead of taking turns at one interpreter lock.
    worker_threads: int = 8
    warm_up: bool = True
    # How many people's personal data one user may see in a window before further requests
    # are refused and reported (an alert for the auditors).
    reveal_limit: RevealLimit = field(default_factory=RevealLimit)
    # Addresses of reverse proxies whose X-Forwarded-For header names the client (for the
    # sign-in rate limit). Empty: the header is trusted from nowhere, loopback included.
    trusted_proxies: frozenset[str] = frozenset()
    # How long a case of each severity may wait for a decision before the queues show it overdue.
    case_sla: dict[Severity, timedelta] = field(default_factory=lambda: dict(SLA))
    # Roles whose accounts may sign in only with a second factor (TOTP) enrolled.
    require_totp: frozenset[Role] = frozenset()


def parse_sla(items: Iterable[str]) -> dict[Severity, timedelta]:
    """``SEVERITY=DAYS`` items (``critical=0.5``) over the default SLA."""
    sla = dict(SLA)
    for item in items:
        name, _, days = item.partition("=")
        try:
            severity, span = Severity(name.strip().lower()), float(days)
        except ValueError:
            raise InputError(
                f"--sla {item!r}: expected SEVERITY=DAYS, severity one of "
                f"{', '.join(s.value for s in Severity)}"
            ) from None
        if not 0 < span <= 365:
            raise InputError(f"--sla {item!r}: days must be above 0 and at most 365")
        sla[severity] = timedelta(days=span)
    return sla


def _address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        raise InputError(f"--trusted-proxy {text!r}: not an IP address") from None


def _role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise InputError(f"--require-totp {text!r}: not a role (one of {known})") from None


def desk_settings(
    *,
    trusted_proxies: Iterable[str] = (),
    reveal_people: int | None = None,
    reveal_minutes: float | None = None,
    sla: Iterable[str] = (),
    require_totp: Iterable[str] = (),
) -> WebSettings:
    """The settings ``aidtrace serve`` was given, checked (each mistake one ``InputError``)."""
    limit = RevealLimit()
    if reveal_people is not None:
        limit = replace(limit, people=reveal_people)
    if reveal_minutes is not None:
        limit = replace(limit, window=timedelta(minutes=reveal_minutes))
    return WebSettings(
        trusted_proxies=frozenset(_address(p) for p in trusted_proxies),
        reveal_limit=limit,
        case_sla=parse_sla(sla),
        require_totp=frozenset(_role(r) for r in require_totp),
    )
