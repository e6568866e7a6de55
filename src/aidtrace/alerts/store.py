"""Persisting alerts: a rerun refreshes an open alert instead of duplicating it, and leaves a
decided one decided until its evidence changes.

Every new, changed or reopened alert is recorded in the audit log before the store is written,
so the log may hold an attempt whose store write failed, never a change it does not hold.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pyarrow as pa

from aidtrace import audit
from aidtrace.alerts.model import Alert
from aidtrace.alerts.status import AlertStatus, Known, Sighting, classify
from aidtrace.errors import NotFound
from aidtrace.events import AlertRaised
from aidtrace.workspace import Workspace

_AUDITED = frozenset({Sighting.NEW, Sighting.CHANGED, Sighting.REOPENED})
_COLUMNS = (
    "alert_id, monitor, monitor_version, kind, subject, identity_key, score, severity, summary, "
    "evidence, evidence_hash, list_snapshot, first_seen, last_seen, run_id, status"
)


@dataclass(frozen=True)
class SaveResult:
    seen: int
    new: int
    reopened: int = 0
    suppressed: int = 0


def _known(workspace: Workspace, ids: list[str]) -> dict[str, Known]:
    workspace.engine.register("__alert_ids", pa.table({"alert_id": ids}))
    rows = workspace.engine.query(
        "SELECT a.alert_id, a.status, a.evidence_hash, a.decided_evidence_hash "
        "FROM alerts a JOIN __alert_ids USING (alert_id)"
    ).to_pylist()
    return {
        str(r["alert_id"]): Known(
            AlertStatus(r["status"]), str(r["evidence_hash"]), r["decided_evidence_hash"]
        )
        for r in rows
    }


def _row(workspace: Workspace, a: Alert, status: AlertStatus, run_id: str) -> dict[str, object]:
    now = workspace.clock()
    return {
        "alert_id": a.alert_id,
        "monitor": a.monitor,
        "monitor_version": a.monitor_version,
        "kind": a.kind,
        "subject": a.subject,
        "identity_key": a.identity_key,
        "score": float(a.score),
        "severity": a.severity.value,
        "summary": a.summary,
        "evidence": json.dumps(a.evidence, ensure_ascii=False, sort_keys=True, default=str),
        "evidence_hash": a.evidence_hash,
        "list_snapshot": a.list_snapshot,
        "first_seen": now,
        "last_seen": now,
        "run_id": run_id,
        "status": status.value,
    }


def _event(workspace: Workspace, a: Alert, status: AlertStatus, run_id: str) -> AlertRaised:
    return AlertRaised(
        at=workspace.clock(),
        actor=a.monitor,
        alert_id=a.alert_id,
        alert_kind=a.kind,
        monitor=a.monitor,
        monitor_version=a.monitor_version,
        evidence_hash=a.evidence_hash,
        status=status.value,
        run_id=run_id,
        list_snapshot=a.list_snapshot,
    )


def save_alerts(workspace: Workspace, alerts: Iterable[Alert], run_id: str) -> SaveResult:
    """Upsert alerts by their stable id; returns what was seen, new, reopened and suppressed."""
    unique = list({a.alert_id: a for a in alerts}.values())
    if not unique:
        return SaveResult(0, 0)
    known = _known(workspace, [a.alert_id for a in unique])
    judged = [(a, *classify(known.get(a.alert_id), a.evidence_hash)) for a in unique]
    audit.record_many(
        workspace, [_event(workspace, a, st, run_id) for a, s, st in judged if s in _AUDITED]
    )
    engine = workspace.engine
    engine.register(
        "__new_alerts",
        pa.Table.from_pylist([_row(workspace, a, st, run_id) for a, _, st in judged]),
    )
    engine.execute(
        f"INSERT INTO alerts ({_COLUMNS}) SELECT {_COLUMNS} FROM __new_alerts "
        "ON CONFLICT (alert_id) DO UPDATE SET "
        "score = excluded.score, severity = excluded.severity, summary = excluded.summary, "
        "evidence = excluded.evidence, evidence_hash = excluded.evidence_hash, "
        "list_snapshot = excluded.list_snapshot, monitor_version = excluded.monitor_version, "
        "last_seen = excluded.last_seen, run_id = excluded.run_id, status = excluded.status"
    )
    _save_sightings(workspace, judged, run_id)
    counts = Counter(s for _, s, _ in judged)
    return SaveResult(
        len(unique), counts[Sighting.NEW], counts[Sighting.REOPENED], counts[Sighting.SUPPRESSED]
    )


def _save_sightings(
    workspace: Workspace, judged: list[tuple[Alert, Sighting, AlertStatus]], run_id: str
) -> None:
    now = workspace.clock()
    rows = [
        {
            "alert_id": a.alert_id,
            "run_id": run_id,
            "monitor_version": a.monitor_version,
            "list_snapshot": a.list_snapshot,
            "evidence_hash": a.evidence_hash,
            "sighting": s.value,
            "seen_at": now,
        }
        for a, s, _ in judged
    ]
    workspace.engine.register("__sightings", pa.Table.from_pylist(rows))
    workspace.engine.execute("INSERT INTO alert_sightings SELECT * FROM __sightings")


def set_status(
    workspace: Workspace, alert_ids: Collection[str], status: AlertStatus, *, decided: bool
) -> None:
    """Move alerts to ``status``; a decision also pins the evidence it was taken on."""
    if not alert_ids:
        return
    workspace.engine.register("__status_ids", pa.table({"alert_id": list(alert_ids)}))
    pin = "decided_evidence_hash = evidence_hash" if decided else "decided_evidence_hash = NULL"
    workspace.engine.execute(
        f"UPDATE alerts SET status = ?, {pin} "
        "WHERE alert_id IN (SELECT alert_id FROM __status_ids)",
        (status.value,),
    )


def get_alerts(workspace: Workspace, alert_ids: Collection[str]) -> list[dict[str, object]]:
    """The stored alerts with these ids (``NotFound`` naming any that do not exist)."""
    workspace.engine.register("__get_ids", pa.table({"alert_id": list(alert_ids)}))
    rows: list[dict[str, object]] = workspace.engine.query(
        "SELECT alert_id, kind, subject, score, severity, status, evidence_hash, summary "
        "FROM alerts WHERE alert_id IN (SELECT alert_id FROM __get_ids) ORDER BY alert_id"
    ).to_pylist()
    missing = set(alert_ids) - {str(r["alert_id"]) for r in rows}
    if missing:
        raise NotFound(f"no such alert: {', '.join(sorted(missing))}")
    return rows


def resolve_alert_ids(workspace: Workspace, refs: Collection[str]) -> list[str]:
    """Full alert ids from ids or unique prefixes (as the CLI shows them)."""
    out = []
    for ref in refs:
        rows = workspace.engine.query(
            "SELECT alert_id FROM alerts WHERE starts_with(alert_id, ?) LIMIT 2", (ref,)
        ).to_pylist()
        if len(rows) != 1:
            raise NotFound(f"{'no' if not rows else 'more than one'} alert matches {ref!r}")
        out.append(str(rows[0]["alert_id"]))
    return out


def alert_counts(workspace: Workspace) -> dict[str, int]:
    """Alerts by kind."""
    rows = workspace.engine.query(
        "SELECT kind, count(*) AS n FROM alerts GROUP BY kind ORDER BY kind"
    ).to_pylist()
    return {str(r["kind"]): int(r["n"]) for r in rows}


def list_alerts(
    workspace: Workspace,
    kind: str | None = None,
    limit: int = 50,
    statuses: Collection[AlertStatus] | None = None,
) -> list[dict[str, object]]:
    """The highest-scoring alerts first, optionally of one kind and of some statuses only."""
    where, params = ["1 = 1"], list[object]()
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if statuses is not None:
        where.append("list_contains(?, status)")
        params.append([s.value for s in statuses])
    sql = (
        "SELECT alert_id, kind, subject, score, severity, status, summary, first_seen "
        f"FROM alerts WHERE {' AND '.join(where)} ORDER BY score DESC, alert_id LIMIT ?"
    )
    rows: list[dict[str, object]] = workspace.engine.query(sql, (*params, limit)).to_pylist()
    return rows
