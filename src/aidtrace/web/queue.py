"""The alert queue as an officer filters and sorts it (reads the alerts the monitors saved)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aidtrace.alerts.model import Severity
from aidtrace.alerts.status import ACTIVE, DECIDED, AlertStatus
from aidtrace.errors import NotFound
from aidtrace.workspace import Workspace


class SortKey(StrEnum):
    TRIAGE = "triage"
    SCORE = "score"
    NEWEST = "newest"
    OLDEST = "oldest"
    SEVERITY = "severity"


_RANK = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END"
_DECIDED = ", ".join(f"'{s.value}'" for s in sorted(DECIDED))

# Each sort key is an ORDER BY clause written here, never taken from the request. Triage puts
# what still needs a decision first, the most severe first, and of equal severity the alert
# that has waited longest: a score only says how sure a monitor is, not how much it matters.
ORDER: dict[SortKey, str] = {
    SortKey.TRIAGE: (
        f"CASE WHEN status IN ({_DECIDED}) THEN 1 ELSE 0 END, {_RANK}, first_seen ASC, alert_id"
    ),
    SortKey.SCORE: "score DESC, alert_id",
    SortKey.NEWEST: "first_seen DESC, alert_id",
    SortKey.OLDEST: "first_seen ASC, alert_id",
    SortKey.SEVERITY: f"{_RANK}, score DESC, alert_id",
}


class QueueState(StrEnum):
    """Groups of statuses the dashboard links to."""

    TO_TRIAGE = "to_triage"  # raised or reopened, not yet in a case
    ACTIVE = "active"  # not decided (in a case or not)
    DECIDED = "decided"


STATES: dict[QueueState, frozenset[AlertStatus]] = {
    QueueState.TO_TRIAGE: frozenset({AlertStatus.OPEN, AlertStatus.REOPENED}),
    QueueState.ACTIVE: ACTIVE,
    QueueState.DECIDED: DECIDED,
}


class QueueFilter(BaseModel):
    """What the queue page's filter form (and the API's query string) may ask for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    severity: Severity | None = None
    status: AlertStatus | None = None
    state: QueueState | None = None
    monitor: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    seen_from: date | None = None  # first seen on or after this day
    seen_to: date | None = None  # first seen on or before this day
    data_week: date | None = None  # about money moved in the week that starts on this Monday
    q: str | None = Field(default=None, max_length=100)
    sort: SortKey = SortKey.TRIAGE
    page: int = Field(default=1, ge=1, le=10_000)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_any(cls, data: Any) -> Any:
        # The filter form sends "" for "any"; a blank field is no filter, not a bad value.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v != ""}
        return data

    def link(self, **changes: object) -> str:
        """The queue's address with this filter, changed as given (for pagers and links)."""
        fields = {**self.model_dump(exclude_defaults=True, mode="json"), **changes}
        query = urlencode({k: v for k, v in fields.items() if v not in (None, "")})
        return f"/alerts?{query}" if query else "/alerts"


_LIST_COLUMNS = (
    "alert_id, monitor, kind, subject, score, severity, status, summary, first_seen, last_seen"
)
EXPORT_COLUMNS = [c.strip() for c in _LIST_COLUMNS.split(",")]


def data_weeks_sql(ws: Workspace) -> str:
    """A query of (alert_id, kind, week): the Monday of the week of the data an alert is about,
    from its evidence (``week_start``, the first of ``weeks``) or the earliest of the ledger
    payments it names (``txn_ids``); NULL for alerts about people or parties, which have no
    date of their own. Alerts are raised when a monitor runs, often long after the money moved:
    this is the week the money moved."""
    txn = (
        ", txn AS (SELECT t.alert_id, min(l.date) AS d FROM (SELECT alert_id, "
        "unnest(from_json(json_extract(e, '$.txn_ids'), '[\"VARCHAR\"]')) AS txn_id FROM ev) t "
        "JOIN ledger l ON l.txn_id = t.txn_id GROUP BY t.alert_id)"
        if ws.engine.has_table("ledger")
        else ", txn AS (SELECT NULL::VARCHAR AS alert_id, NULL::DATE AS d WHERE false)"
    )
    return (
        "WITH ev AS (SELECT alert_id, kind, CAST(evidence AS JSON) AS e FROM alerts)"
        f"{txn} SELECT ev.alert_id, ev.kind, CAST(date_trunc('week', coalesce("
        "try_cast(json_extract_string(e, '$.week_start') AS DATE), "
        "try_cast(json_extract_string(e, '$.weeks[0]') AS DATE), txn.d)) AS DATE) AS week "
        "FROM ev LEFT JOIN txn USING (alert_id)"
    )


def _conditions(ws: Workspace, flt: QueueFilter) -> tuple[list[str], list[object]]:
    """The WHERE clauses (written here) and their parameters (from the request)."""
    where, params = ["1 = 1"], list[object]()
    if flt.data_week:
        where.append(f"alert_id IN (SELECT alert_id FROM ({data_weeks_sql(ws)}) WHERE week = ?)")
        params.append(flt.data_week - timedelta(days=flt.data_week.weekday()))
    if flt.state:
        where.append(f"status IN ({', '.join('?' for _ in STATES[flt.state])})")
        params += sorted(s.value for s in STATES[flt.state])
    if flt.monitor:
        where.append("(monitor = ? OR monitor LIKE ?)")
        params += [flt.monitor, f"{flt.monitor}.%"]
    if flt.seen_from:
        where.append("first_seen >= ?")
        params.append(flt.seen_from)
    if flt.seen_to:
        where.append("first_seen < ?")
        params.append(flt.seen_to + timedelta(days=1))
    if flt.kind:
        where.append("kind = ?")
        params.append(flt.kind)
    if flt.severity:
        where.append("severity = ?")
        params.append(flt.severity.value)
    if flt.status:
        where.append("status = ?")
        params.append(flt.status.value)
    if flt.q:
        where.append("(subject ILIKE ? OR summary ILIKE ?)")
        params += [f"%{flt.q}%", f"%{flt.q}%"]
    return where, params


def query_alerts(
    ws: Workspace, flt: QueueFilter, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of alerts matching the filter, and how many match in all."""
    where, params = _conditions(ws, flt)
    condition = " AND ".join(where)
    total = ws.engine.query(f"SELECT count(*) AS n FROM alerts WHERE {condition}", params)
    rows = ws.engine.query(
        f"SELECT {_LIST_COLUMNS} FROM alerts WHERE {condition} ORDER BY {ORDER[flt.sort]} "
        "LIMIT ? OFFSET ?",
        [*params, page_size, (flt.page - 1) * page_size],
    ).to_pylist()
    return [_jsonable(r) for r in rows], int(total.column("n")[0].as_py())


def with_evidence(ws: Workspace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their alerts' evidence added (what a summary in Dari or Pashto is built
    from; English shows the monitor's own sentence and needs none)."""
    if not rows:
        return rows
    ids = [str(r["alert_id"]) for r in rows]
    found = ws.engine.query(
        f"SELECT alert_id, evidence FROM alerts WHERE alert_id IN ({', '.join('?' * len(ids))})",
        ids,
    ).to_pylist()
    evidence = {str(r["alert_id"]): json.loads(str(r["evidence"])) for r in found}
    return [{**r, "evidence": evidence.get(str(r["alert_id"]), {})} for r in rows]


def alert_kinds(ws: Workspace) -> list[str]:
    rows = ws.engine.query("SELECT DISTINCT kind FROM alerts ORDER BY kind").to_pylist()
    return [str(r["kind"]) for r in rows]


def get_alert(ws: Workspace, alert_id: str) -> dict[str, Any]:
    rows = ws.engine.query(
        f"SELECT {_LIST_COLUMNS}, monitor_version, identity_key, evidence, list_snapshot "
        "FROM alerts WHERE alert_id = ?",
        (alert_id,),
    ).to_pylist()
    if not rows:
        raise NotFound(f"no such alert: {alert_id}")
    row = _jsonable(rows[0])
    row["evidence"] = json.loads(str(rows[0]["evidence"]))
    return row


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
