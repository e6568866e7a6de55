"""The audit log as the audit page shows it: the signed tree head, verification, proofs.

Everything here calls ``aidtrace.audit``; this module only shapes the answers for display.
"""

from __future__ import annotations

from typing import Any

from aidtrace import audit
from aidtrace.errors import IntegrityError, KeyMaterialError
from aidtrace.workspace import Workspace


def audit_overview(ws: Workspace) -> dict[str, Any]:
    head = audit.current_head(ws)
    return {
        "available": head is not None,
        "head": head.to_json() if head else None,
        "witnesses": witnesses(ws),
    }


def witnesses(ws: Workspace) -> dict[str, Any] | None:
    """Who cosigned the latest checkpoint, and whether that makes the quorum (``None`` where
    the audit key is not on this machine)."""
    try:
        status = audit.witness_status(ws)
    except KeyMaterialError:
        return None
    return {
        "configured": list(status.configured),
        "cosigned": list(status.cosigned),
        "quorum": status.quorum,
        "quorum_missing": status.quorum_missing,
        "tree_size": status.tree_size,
        "replies": [
            {"name": r.name, "status": r.status.value, "detail": r.detail}
            for r in status.last_replies
        ],
    }


def verification(ws: Workspace) -> dict[str, Any]:
    """Check the whole log now; a failed check is reported, not raised (it is the finding)."""
    try:
        result = audit.verify(ws)
    except IntegrityError as exc:
        return {"ok": False, "problem": exc.message, "entries": None}
    return {
        "ok": True,
        "problem": None,
        "entries": result.entries,
        "pending": result.pending,
        "torn_bytes": result.torn_bytes,
        "head": result.head.to_json() if result.head else None,
    }


def proof(ws: Workspace, ref: str) -> dict[str, Any]:
    """An inclusion proof for an event (by index, leaf-hash prefix or id)."""
    return dict(audit.prove(ws, ref))
