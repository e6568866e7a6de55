"""The record of ``lists update`` attempts: when each list was last fetched, and what came of it.

A list whose publication has not changed for a month is fresh if it was fetched yesterday and
found unchanged; a list nobody could fetch for a week is stale even if its last snapshot is
recent. These rows let the freshness monitor tell the two apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aidtrace.workspace import Workspace


class CheckStatus(StrEnum):
    """What one update attempt did for one list."""

    UPDATED = "updated"  # a new snapshot is current
    UNCHANGED = "unchanged"  # the source still publishes the current snapshot
    RESTORED = "restored"  # the source publishes a stored snapshot, which is current again
    REFUSED = "refused"  # the publication failed a guard
    FAILED = "failed"  # the download or the parse failed

    @property
    def confirms(self) -> bool:
        """Whether this outcome shows the current snapshot is what the source publishes."""
        return self in (CheckStatus.UPDATED, CheckStatus.UNCHANGED, CheckStatus.RESTORED)


@dataclass(frozen=True)
class Check:
    checked_at: datetime
    source: str
    list_name: str | None
    status: CheckStatus
    snapshot_id: str | None  # the list's current snapshot after the attempt
    detail: str  # why it was refused or failed


def record_check(ws: Workspace, check: Check) -> None:
    ws.engine.execute(
        "INSERT INTO list_checks VALUES (?, ?, ?, ?, ?, ?)",
        (
            check.checked_at,
            check.source,
            check.list_name,
            check.status.value,
            check.snapshot_id,
            check.detail,
        ),
    )


def _checks(ws: Workspace, where: str, params: tuple[object, ...]) -> list[Check]:
    rows = ws.engine.query(
        "SELECT checked_at, source, list_name, status, snapshot_id, detail FROM list_checks "
        f"WHERE {where} ORDER BY checked_at",
        params,
    ).to_pylist()
    return [Check(**{**r, "status": CheckStatus(r["status"])}) for r in rows]


def last_confirmed(ws: Workspace, snapshot_id: str) -> datetime | None:
    """When an update last found the source publishing ``snapshot_id``."""
    found = [c for c in _checks(ws, "snapshot_id = ?", (snapshot_id,)) if c.status.confirms]
    return found[-1].checked_at if found else None


def last_attempt(ws: Workspace, list_name: str) -> Check | None:
    """The latest update attempt for ``list_name`` (or a source of that name)."""
    found = _checks(ws, "list_name = ? OR source = ?", (list_name, list_name))
    return found[-1] if found else None
