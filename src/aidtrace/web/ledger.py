"""The audit log as the audit page shows it: tree head, verification, proofs."""

from __future__ import annotations

from typing import Any

from aidtrace.workspace import Workspace


def audit_overview(ws: Workspace) -> dict[str, Any]:
    return {"available": False, "head": None, "events": []}
