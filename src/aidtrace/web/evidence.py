"""Evidence as an officer reads it: one presenter per alert kind, a plain table for the rest.

A presenter turns an alert's stored evidence into a ``EvidenceView`` the case page renders; it
may look things up (the list entry, the decrypted subject for roles allowed to see it), but it
never changes what the monitor found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aidtrace.accounts.users import User
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class EvidenceView:
    template: str  # the partial under templates/evidence/ that renders it
    facts: list[tuple[str, str]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


Presenter = Callable[[Workspace, User, dict[str, Any]], EvidenceView]

# Alert kind (or the part before its first '.') → presenter.
PRESENTERS: dict[str, Presenter] = {}


def text(value: object) -> str:
    """A stored evidence value as one line of text."""
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    return str(value)


def generic(ws: Workspace, user: User, alert: dict[str, Any]) -> EvidenceView:
    evidence = alert.get("evidence") or {}
    facts = [(str(k).replace("_", " "), text(v)) for k, v in sorted(evidence.items())]
    return EvidenceView("evidence/generic.html", facts)


def present(ws: Workspace, user: User, alert: dict[str, Any]) -> EvidenceView:
    kind = str(alert["kind"])
    presenter = PRESENTERS.get(kind) or PRESENTERS.get(kind.split(".")[0], generic)
    return presenter(ws, user, alert)
