"""Decision memory: what an officer decided about a (subject, list entry, entry version).

A cleared false positive stays cleared on every rescreen while the list entry is unchanged; when
the list amends the entry its version changes and the hit is shown again. Decisions are appended
and the latest one per key counts, so the history is never lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

from aidtrace.screening.persist import entry_version
from aidtrace.screening.screen import Hit, ScreeningResult
from aidtrace.workspace import Workspace


class Decision(StrEnum):
    CLEARED = "cleared"  # a false positive: not the listed party
    CONFIRMED = "confirmed"  # the listed party
    ESCALATED = "escalated"  # undecided, sent up


DecisionKey = tuple[str, str, str, str]  # subject, list name, source id, entry version


@dataclass(frozen=True)
class ScreeningDecision:
    subject: str
    list_name: str
    source_id: str
    entry_version: str
    decision: Decision
    decided_by: str
    note: str = ""

    @property
    def key(self) -> DecisionKey:
        return (self.subject, self.list_name, self.source_id, self.entry_version)


def hit_key(subject: str, hit: Hit) -> DecisionKey:
    entry = hit.entry
    return (subject, entry.list_name, entry.source_id, entry_version(entry))


def decide(workspace: Workspace, decisions: Sequence[ScreeningDecision]) -> None:
    """Append decisions (the newest per key is the one that counts)."""
    now = workspace.clock()
    rows = [
        {
            "decision_id": uuid.uuid4().hex,
            "subject": d.subject,
            "list_name": d.list_name,
            "source_id": d.source_id,
            "entry_version": d.entry_version,
            "decision": d.decision.value,
            "decided_by": d.decided_by,
            "decided_at": now,
            "note": d.note,
        }
        for d in decisions
    ]
    if rows:
        workspace.engine.register("__screening_decisions", pa.Table.from_pylist(rows))
        workspace.engine.execute(
            "INSERT INTO screening_decisions SELECT decision_id, subject, list_name, source_id, "
            "entry_version, decision, decided_by, decided_at, note FROM __screening_decisions"
        )


def cleared(workspace: Workspace) -> frozenset[DecisionKey]:
    """Keys whose latest decision is "cleared"."""
    rows = workspace.engine.query(
        "SELECT subject, list_name, source_id, entry_version, decision FROM ("
        " SELECT *, row_number() OVER (PARTITION BY subject, list_name, source_id, entry_version"
        " ORDER BY decided_at DESC, decision_id) AS rn FROM screening_decisions) WHERE rn = 1"
    ).to_pylist()
    return frozenset(
        (r["subject"], r["list_name"], r["source_id"], r["entry_version"])
        for r in rows
        if r["decision"] == Decision.CLEARED.value
    )


def suppress_cleared(
    results: Iterable[ScreeningResult], memory: frozenset[DecisionKey]
) -> list[ScreeningResult]:
    """Drop hits an officer already cleared for this very version of the entry."""
    kept = []
    for result in results:
        hits = tuple(h for h in result.hits if hit_key(result.query.subject, h) not in memory)
        kept.append(ScreeningResult(result.query, hits))
    return kept
