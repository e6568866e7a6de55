"""The alert queue as an officer filters and sorts it (reads the alerts the monitors saved)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aidtrace.alerts.model import Severity
from aidtrace.alerts.status import AlertStatus
from aidtrace.errors import NotFound
from aidtrace.workspace import Workspace


class SortKey(StrEnum):
    SCORE = "score"
    NEWEST = "newest"
    OLDEST = "oldest"
    SEVERITY = "severity"


# Each sort key is an ORDER BY clause written here, never taken from the request.
ORDER: dict[SortKey, str] = {
    SortKey.SCORE: "score DESC, alert_id",
    SortKey.NEWEST: "first_seen DESC, alert_id",
    SortKey.OLDEST: "first_seen ASC, alert_id",
    SortKey.SEVERITY: (
        "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
        "ELSE 3 END, score DESC, alert_id"
    ),
}


class QueueFilter(BaseModel):
    """What the queue page's filter form (and the API's query string) may ask for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    severity: Severity | None = None
    status: AlertStatus | None = None
    q: str | None = Field(default=None, max_length=100)
    sort: SortKey = SortKey.SCORE
    page: int = Field(default=1, ge=1, le=10_000)


_LIST_COLUMNS = (
    "alert_id, monitor, kind, subject, score, severity, status, summary, first_seen, last_seen"
)


def query_alerts(
    ws: Workspace, flt: QueueFilter, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of alerts matching the filter, and how many match in all."""
    where, params = ["1 = 1"], list[object]()
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
    condition = " AND ".join(where)
    total = ws.engine.query(f"SELECT count(*) AS n FROM alerts WHERE {condition}", params)
    rows = ws.engine.query(
        f"SELECT {_LIST_COLUMNS} FROM alerts WHERE {condition} ORDER BY {ORDER[flt.sort]} "
        "LIMIT ? OFFSET ?",
        [*params, page_size, (flt.page - 1) * page_size],
    ).to_pylist()
    return [_jsonable(r) for r in rows], int(total.column("n")[0].as_py())


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
