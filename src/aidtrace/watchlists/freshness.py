"""The list-freshness monitor: one alert per list not refreshed for too long.

A list counts as refreshed when its current snapshot was loaded, or when ``lists update`` last
found the source still publishing it. A list older than the limit (8 days by default: one
missed weekly cycle and a day's grace) raises an alert, however good its last snapshot was:
screening against last month's list misses last week's designations. The age is measured on
the workspace clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from aidtrace.alerts.evidence import ListStaleEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.errors import InputError, MissingInput
from aidtrace.monitors import RunContext, register
from aidtrace.watchlists.checks import last_attempt, last_confirmed
from aidtrace.watchlists.sources import read_settings
from aidtrace.watchlists.store import Snapshot, current_snapshots
from aidtrace.workspace import Workspace

MONITOR = "lists.freshness"
KIND = AlertKind.LIST_STALE
MAX_AGE_DAYS = 8.0


def max_age_days(workspace_path: Path | None, params: Mapping[str, object]) -> float:
    """The limit: the monitor's ``max_age_days`` parameter, else ``[freshness]`` in
    ``lists.toml``, else 8 days."""
    given = params.get("max_age_days")
    if given is None:
        given = read_settings(workspace_path).get("freshness", {}).get("max_age_days")
    if given is None:
        return MAX_AGE_DAYS
    try:
        days = float(str(given))
    except ValueError as exc:
        raise InputError(f"max_age_days must be a number of days, not {given!r}") from exc
    if days <= 0:
        raise InputError(f"max_age_days must be positive, not {given!r}")
    return days


def refreshed_at(ws: Workspace, snap: Snapshot) -> datetime:
    """When the list was last known to be what its source publishes."""
    confirmed = last_confirmed(ws, snap.snapshot_id)
    return max(snap.loaded_at, confirmed) if confirmed else snap.loaded_at


def _evidence(
    ws: Workspace, snap: Snapshot, since: datetime, age: float, limit: float
) -> ListStaleEvidence:
    evidence = ListStaleEvidence(
        {
            "list": snap.list_name,
            "current_snapshot": snap.snapshot_id,
            "loaded_at": snap.loaded_at.isoformat(),
            "refreshed_at": since.isoformat(),
            "age_days": round(age, 1),
            "max_age_days": limit,
        }
    )
    if snap.published_at is not None:
        evidence["published_at"] = snap.published_at.isoformat()
    attempt = last_attempt(ws, snap.list_name)
    if attempt is not None:
        evidence["last_update"] = f"{attempt.checked_at:%Y-%m-%d %H:%M} {attempt.status.value}"
        if attempt.detail:
            evidence["last_update_detail"] = attempt.detail
    return evidence


def stale_alert(ws: Workspace, snap: Snapshot, limit: float) -> Alert | None:
    """The alert for ``snap``'s list, if it was not refreshed within ``limit`` days."""
    since = refreshed_at(ws, snap)
    age = (ws.clock() - since).total_seconds() / 86400
    if age <= limit:
        return None
    evidence = _evidence(ws, snap, since, age, limit)
    return detected(
        FreshnessMonitor,
        KIND,
        subject=f"list:{snap.list_name}",
        score=1.0,
        summary=(
            f"list {snap.list_name} not refreshed for {age:.0f} days (limit {limit:g}): "
            f"screening still reads {snap.snapshot_id}"
        ),
        identity_key=snap.snapshot_id,  # a later snapshot going stale is a new finding
        severity=Severity.HIGH if age > 2 * limit else Severity.MEDIUM,
        evidence=evidence,
        list_snapshot=snap.snapshot_id,
    )


class FreshnessMonitor:
    """Parameter: ``max_age_days`` (default: ``[freshness]`` in ``lists.toml``, else 8)."""

    name = MONITOR
    version = "1"
    description = "watchlists not refreshed for too long (screening misses new designations)"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        ws = ctx.workspace
        snaps = current_snapshots(ws)
        if not snaps:
            raise MissingInput("no watchlist loaded yet: run `aidtrace lists update` first")
        limit = max_age_days(ws.path, ctx.params)
        found = (stale_alert(ws, snap, limit) for snap in snaps)
        return [alert for alert in found if alert is not None]


register(FreshnessMonitor())
