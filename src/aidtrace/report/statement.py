"""The report's statement of personal data: which personal fields it holds, about how many people.

A reader forwarding a report must know what is in it before they read it, so the statement sits
at the top. It is worked out from exactly what the edition shows: the officer edition names the
people that its alert and case rows are about (alert subjects found in the person register) and
the fields shown for them; the donor edition shows aggregates only and says it holds none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from aidtrace.cases.rows import CaseRow
from aidtrace.report.sections import TopAlert
from aidtrace.workspace import Workspace

ALERT_FIELDS = ("record id", "alert summary (can quote names)")
CASE_FIELDS = (
    "case title",
    "current decision with its rationale (free text, opened from its seal)",
    "user names of the officers who decided",
)


@dataclass(frozen=True)
class Holding:
    """Personal data in one section of the report."""

    section: str
    fields: tuple[str, ...]
    people: int


@dataclass(frozen=True)
class PersonalDataStatement:
    holdings: tuple[Holding, ...] = ()
    people: int = 0  # distinct people over every section

    @property
    def holds_none(self) -> bool:
        return not self.holdings


NO_PERSONAL_DATA = PersonalDataStatement()


def officer_statement(
    workspace: Workspace, top: list[TopAlert], cases: Sequence[CaseRow]
) -> PersonalDataStatement:
    """What the officer edition holds, section by section."""
    in_alerts = _people(workspace, (a.subject for a in top))
    in_cases = _people(workspace, _case_subjects(workspace, [c.case_id for c in cases]))
    holdings = []
    if in_alerts:
        about = [a for a in top if a.subject in in_alerts]
        fields = ALERT_FIELDS + tuple(f"evidence: {k}" for k in _evidence_keys(workspace, about))
        holdings.append(Holding("Top undecided alerts", fields, len(in_alerts)))
    if in_cases:
        holdings.append(Holding("Cases and decisions", CASE_FIELDS, len(in_cases)))
    return PersonalDataStatement(tuple(holdings), len(in_alerts | in_cases))


def _people(workspace: Workspace, subjects: Iterable[str]) -> set[str]:
    """The subjects that name a record of the person register (as ``person_id``)."""
    wanted = sorted(set(subjects))
    if not wanted or not workspace.engine.has_table("people"):
        return set()
    workspace.engine.register("__statement_subjects", pa.table({"subject": wanted}))
    rows = workspace.engine.query(
        "SELECT DISTINCT person_id FROM people "
        "WHERE person_id IN (SELECT subject FROM __statement_subjects)"
    ).to_pylist()
    return {str(r["person_id"]) for r in rows}


def _case_subjects(workspace: Workspace, case_ids: list[str]) -> list[str]:
    if not case_ids:
        return []
    workspace.engine.register("__statement_cases", pa.table({"case_id": case_ids}))
    rows = workspace.engine.query(
        "SELECT DISTINCT a.subject FROM case_alerts c JOIN alerts a USING (alert_id) "
        "WHERE c.case_id IN (SELECT case_id FROM __statement_cases)"
    ).to_pylist()
    return [str(r["subject"]) for r in rows]


def _evidence_keys(workspace: Workspace, alerts: list[TopAlert]) -> list[str]:
    """The evidence fields shown for these alerts, as their names (``name``, ``phone``, …)."""
    workspace.engine.register("__statement_alerts", pa.table({"id": [a.alert_id for a in alerts]}))
    rows = workspace.engine.query(
        "SELECT evidence FROM alerts WHERE alert_id IN (SELECT id FROM __statement_alerts)"
    ).to_pylist()
    keys: set[str] = set()
    for r in rows:
        doc = json.loads(str(r["evidence"]) or "{}")
        keys.update(doc if isinstance(doc, dict) else ())
    return sorted(keys)
