"""What the web desk can be told at start-up; the CLI's defaults suit a desk on loopback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from aidtrace.alerts.model import Severity
from aidtrace.cases import SLA
from aidtrace.web.personal import RevealLimit
from aidtrace.web.users import Lockout


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
