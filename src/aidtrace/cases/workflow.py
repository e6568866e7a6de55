"""What people do to cases: open, assign, comment, attach evidence, decide.

Each action is recorded in the audit log first, then written to the store in one transaction.
Nothing here updates or deletes a case record; only alert statuses move (see ``alerts.status``).
Comments, evidence notes and rationales are sealed before they reach the store (the audit log
gets only their hash), so writing one needs the workspace's key.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from pathlib import Path

from aidtrace import audit
from aidtrace.alerts.model import Severity
from aidtrace.alerts.status import AlertStatus
from aidtrace.alerts.store import get_alerts, set_status
from aidtrace.cases.model import (
    ALERT_STATUS,
    FOUR_EYES,
    Decision,
    DecisionState,
    Outcome,
)
from aidtrace.cases.queries import get_case, require_case
from aidtrace.cases.schema import NOTE_BODY, RATIONALE
from aidtrace.cases.screening import remember as remember_screening
from aidtrace.errors import InputError, PermissionDenied
from aidtrace.events import (
    CaseAssigned,
    CaseCommented,
    CaseOpened,
    DecisionRecorded,
    EvidenceAttached,
)
from aidtrace.ingest.registry import file_sha256
from aidtrace.keyring.freetext import FreeText
from aidtrace.workspace import Workspace

_RANK = {s: i for i, s in enumerate(Severity)}


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _need(value: str, what: str) -> str:
    if not value.strip():
        raise InputError(f"{what} must not be empty")
    return value.strip()


def open_case(ws: Workspace, alert_ids: Sequence[str], actor: str, title: str = "") -> str:
    """Open a case over alerts not already under review; returns its id."""
    actor = _need(actor, "the acting user")
    alerts = get_alerts(ws, set(alert_ids))
    if not alerts:
        raise InputError("a case needs at least one alert")
    busy = [str(a["alert_id"]) for a in alerts if a["status"] == AlertStatus.IN_CASE]
    if busy:
        raise InputError(f"already in an open case: {', '.join(busy)}")
    severity = max((Severity(str(a["severity"])) for a in alerts), key=_RANK.__getitem__)
    title = title.strip() or f"{len(alerts)} alert(s): {alerts[0]['summary']}"
    case_id, now = _new_id(), ws.clock()
    ids = tuple(str(a["alert_id"]) for a in alerts)
    audit.record(ws, CaseOpened(at=now, actor=actor, case_id=case_id, alert_ids=ids))
    with ws.engine.transaction():
        ws.engine.execute(
            "INSERT INTO cases VALUES (?, ?, ?, ?, ?)",
            (case_id, title, severity.value, actor, now),
        )
        for a in alerts:
            ws.engine.execute(
                "INSERT INTO case_alerts VALUES (?, ?, ?, ?)",
                (case_id, a["alert_id"], a["evidence_hash"], now),
            )
        set_status(ws, ids, AlertStatus.IN_CASE, decided=False)
    return case_id


def assign(ws: Workspace, case_id: str, assignee: str, actor: str) -> None:
    require_case(ws, case_id)
    assignee, now = _need(assignee, "the assignee"), ws.clock()
    audit.record(ws, CaseAssigned(at=now, actor=actor, case_id=case_id, assignee=assignee))
    ws.engine.execute(
        "INSERT INTO case_assignments VALUES (?, ?, ?, ?, ?)",
        (_new_id(), case_id, assignee, actor, now),
    )


def comment(ws: Workspace, case_id: str, body: str, actor: str) -> str:
    require_case(ws, case_id)
    body, note_id, now = _need(body, "a comment"), _new_id(), ws.clock()
    sealed = FreeText(ws).seal(NOTE_BODY, note_id, body)  # no key: refuse before logging
    event = CaseCommented(
        at=now, actor=actor, case_id=case_id, comment_id=note_id, body_sha256=_sha256(body)
    )
    audit.record(ws, event)
    _insert_note(ws, (note_id, case_id, "comment", actor, sealed, None, now))
    return note_id


def _insert_note(ws: Workspace, row: tuple[object, ...]) -> None:
    ws.engine.execute(
        "INSERT INTO case_notes (note_id, case_id, kind, author, body_sealed, sha256, noted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        row,
    )


def attach_evidence(ws: Workspace, case_id: str, path: Path, actor: str, note: str = "") -> str:
    """Attach a file by name and SHA-256 (the file stays where it is; its hash pins it)."""
    require_case(ws, case_id)
    sha, evidence_id, now = file_sha256(path), _new_id(), ws.clock()
    # The file's name can name a person as well as the note can: both are sealed.
    body = f"{path.name} ({path.stat().st_size:,} bytes, sha256 {sha})" + (
        f": {note.strip()}" if note.strip() else ""
    )
    sealed = FreeText(ws).seal(NOTE_BODY, evidence_id, body)
    audit.record(
        ws,
        EvidenceAttached(
            at=now,
            actor=actor,
            case_id=case_id,
            evidence_id=evidence_id,
            name=path.name,
            sha256=sha,
        ),
    )
    _insert_note(ws, (evidence_id, case_id, "evidence", actor, sealed, sha, now))
    return evidence_id


def _state(
    outcome: Outcome, previous: Decision | None, actor: str
) -> tuple[DecisionState, str | None]:
    """Four-eyes: clearing or blocking takes effect only when a second person confirms it."""
    if outcome not in FOUR_EYES:
        return DecisionState.EFFECTIVE, None
    pending = (
        previous is not None
        and previous.state is DecisionState.PROPOSED
        and previous.outcome is outcome
    )
    if not pending:
        return DecisionState.PROPOSED, None
    assert previous is not None
    if previous.decided_by == actor:
        raise PermissionDenied(
            f"four-eyes: {actor} proposed {outcome}; someone else must confirm it"
        )
    return DecisionState.EFFECTIVE, previous.decided_by


def decide(ws: Workspace, case_id: str, outcome: Outcome, actor: str, rationale: str) -> Decision:
    """Record a decision superseding the case's previous one (never replacing it)."""
    actor, rationale = _need(actor, "the acting user"), _need(rationale, "the rationale")
    case = get_case(ws, case_id)
    previous = case.current
    state, proposed_by = _state(outcome, previous, actor)
    decision = Decision(
        decision_id=_new_id(), case_id=case_id, outcome=outcome, state=state,
        rationale=rationale, decided_by=actor, decided_at=ws.clock(),
        supersedes=previous.decision_id if previous else None, proposed_by=proposed_by,
    )  # fmt: skip
    sealed = FreeText(ws).seal(RATIONALE, decision.decision_id, rationale)
    audit.record(ws, _event(decision))
    with ws.engine.transaction():
        ws.engine.execute(
            "INSERT INTO case_decisions (decision_id, case_id, seq, outcome, state, "
            "rationale_sealed, decided_by, decided_at, supersedes, proposed_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                decision.decision_id, case_id, len(case.decisions) + 1, outcome.value,
                state.value, sealed, actor, decision.decided_at, decision.supersedes,
                proposed_by,
            ),
        )  # fmt: skip
        alert_status = ALERT_STATUS[outcome]
        if state is DecisionState.EFFECTIVE and alert_status is not None:
            set_status(ws, case.alert_ids, alert_status, decided=True)
        if state is DecisionState.EFFECTIVE:  # screening remembers it per entry version
            remember_screening(ws, case.alert_ids, outcome, actor, case_id)
    return decision


def _event(d: Decision) -> DecisionRecorded:
    return DecisionRecorded(
        at=d.decided_at, actor=d.decided_by, case_id=d.case_id, decision_id=d.decision_id,
        outcome=d.outcome.value, state=d.state.value, supersedes=d.supersedes,
        proposed_by=d.proposed_by, rationale_sha256=_sha256(d.rationale),
    )  # fmt: skip
