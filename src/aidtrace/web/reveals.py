"""Who has seen whose personal data: the per-user reveal report for admins and auditors.

It reads the access log (every display, with its reason) and the desk's refusals; it shows
record ids and reasons, never the personal values themselves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aidtrace.keyring.freetext import FreeText
from aidtrace.keyring.schema import REVEAL_REASON
from aidtrace.workspace import Workspace


def reveal_report(ws: Workspace, since: datetime | None = None) -> list[dict[str, Any]]:
    """Per user: records shown, distinct people, first and last display, refusals by kind;
    the users who saw most first."""
    shown = ws.engine.query(
        "SELECT actor, count(*) AS shown, count(DISTINCT record_id) AS people, "
        "min(accessed_at) AS first, max(accessed_at) AS last FROM privacy_access_log "
        "WHERE outcome = 'shown' AND accessed_at >= ? GROUP BY actor",
        (since or datetime.min,),
    ).to_pylist()
    refused = ws.engine.query(
        "SELECT actor, why, count(*) AS n FROM web_reveal_refusals WHERE refused_at >= ? "
        "GROUP BY ALL",
        (since or datetime.min,),
    ).to_pylist()
    users: dict[str, dict[str, Any]] = {}
    for row in shown:
        users[row["actor"]] = {**row, "refused": {}}
    for row in refused:
        blank = {"actor": row["actor"], "shown": 0, "people": 0, "first": None, "last": None}
        entry = users.setdefault(row["actor"], {**blank, "refused": {}})
        entry["refused"][row["why"]] = int(row["n"])
    return sorted(users.values(), key=lambda u: (-u["people"], u["actor"]))


def reveals_by(ws: Workspace, actor: str, limit: int = 500) -> list[dict[str, Any]]:
    """One user's displays and refusals, newest first, reasons opened for the reader."""
    rows = ws.engine.query(
        "SELECT accessed_at AS at, record_id, outcome, access_id, reason, reason_sealed "
        "FROM privacy_access_log WHERE actor = ? "
        "UNION ALL SELECT refused_at, record_id, 'refused: ' || why, NULL, NULL, NULL "
        "FROM web_reveal_refusals WHERE actor = ? ORDER BY 1 DESC LIMIT ?",
        (actor, actor, limit),
    ).to_pylist()
    texts = FreeText(ws)
    return [
        {
            "at": row["at"],
            "record_id": row["record_id"],
            "outcome": row["outcome"],
            "reason": _reason(texts, row),
        }
        for row in rows
    ]


def _reason(texts: FreeText, row: dict[str, Any]) -> str:
    if row["access_id"] is None:
        return ""
    return texts.show(REVEAL_REASON, str(row["access_id"]), row["reason_sealed"], row["reason"])
