"""Persisting alerts: a rerun refreshes an open alert instead of duplicating it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from aidtrace.alerts.model import Alert
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class SaveResult:
    seen: int
    new: int


def save_alerts(workspace: Workspace, alerts: Iterable[Alert], run_id: str) -> SaveResult:
    """Upsert alerts by their stable id; returns how many were seen and how many were new."""
    now = workspace.clock()
    rows = [
        {
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
        }
        for a in {a.alert_id: a for a in alerts}.values()
    ]
    if not rows:
        return SaveResult(0, 0)
    engine = workspace.engine
    engine.register("__new_alerts", pa.Table.from_pylist(rows))
    new = (
        engine.query(
            "SELECT count(*) AS n FROM __new_alerts "
            "WHERE alert_id NOT IN (SELECT alert_id FROM alerts)"
        )
        .column("n")[0]
        .as_py()
    )
    engine.execute(
        "INSERT INTO alerts SELECT * FROM __new_alerts ON CONFLICT (alert_id) DO UPDATE SET "
        "score = excluded.score, severity = excluded.severity, summary = excluded.summary, "
        "evidence = excluded.evidence, evidence_hash = excluded.evidence_hash, "
        "list_snapshot = excluded.list_snapshot, monitor_version = excluded.monitor_version, "
        "last_seen = excluded.last_seen, run_id = excluded.run_id"
    )
    return SaveResult(len(rows), int(new))


def alert_counts(workspace: Workspace) -> dict[str, int]:
    """Alerts by kind."""
    rows = workspace.engine.query(
        "SELECT kind, count(*) AS n FROM alerts GROUP BY kind ORDER BY kind"
    ).to_pylist()
    return {str(r["kind"]): int(r["n"]) for r in rows}


def list_alerts(
    workspace: Workspace, kind: str | None = None, limit: int = 50
) -> list[dict[str, object]]:
    """The highest-scoring alerts first, optionally of one kind."""
    sql = (
        "SELECT alert_id, kind, subject, score, severity, summary, first_seen FROM alerts "
        + ("WHERE kind = ? " if kind else "")
        + "ORDER BY score DESC, alert_id LIMIT ?"
    )
    params: tuple[object, ...] = (kind, limit) if kind else (limit,)
    rows: list[dict[str, object]] = workspace.engine.query(sql, params).to_pylist()
    return rows
