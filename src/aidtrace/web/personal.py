"""Personal data on the desk: shown only on request, with a reason, to roles allowed to see it,
and only for people an alert names (need to know).

Decryption and its logging are the privacy layer's (``aidtrace.people.access.reveal``: every
display is written to the access log and the audit log before the plaintext is returned); this
module decides whether a request may reach it. A request is refused, and the refusal recorded
in the audit log, when the record does not exist (404), no alert names the person (403), the
reason says nothing (422), or the user has seen too many people in a short time (429, and an
alert about the user is raised for the auditors).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from aidtrace import audit
from aidtrace.accounts.users import User
from aidtrace.alerts.evidence import BulkRevealEvidence
from aidtrace.alerts.model import AlertKind, Finder, Severity, detected
from aidtrace.alerts.store import save_alerts
from aidtrace.errors import AidtraceError, InputError, NotFound, PermissionDenied
from aidtrace.events import RevealRefused
from aidtrace.people.access import reveal
from aidtrace.web.policy import Permission, check
from aidtrace.workspace import Workspace

# A person's record id as alerts write it, inside a subject ("cluster:beneficiary:B01") or
# anywhere in the evidence ("records": [{"staff_id": ...}] aside, ids are written this way).
PERSON_REF = re.compile(r"\b(?:beneficiary|staff):[A-Za-z0-9_.-]{1,64}")
WORD = re.compile(r"[^\W\d_]{2,}")  # two or more letters, in any script
MIN_REASON_WORDS = 3
MONITOR = "desk.reveals"


class RevealThrottled(AidtraceError):
    """Too many people's data asked for in a short time."""

    code = "rate_limited"


@dataclass(frozen=True)
class RevealLimit:
    """At most ``people`` records shown to one user within ``window``."""

    people: int = 40
    window: timedelta = timedelta(minutes=10)


def person_of(ws: Workspace, subject: str) -> str | None:
    """The person record an alert's subject names ("beneficiary:M-001" or "M-001"), if any."""
    for candidate in dict.fromkeys((subject, subject.split(":", 1)[-1])):
        if _exists(ws, candidate):
            return candidate
    return None


def _exists(ws: Workspace, person_id: str) -> bool:
    found = ws.engine.query(
        "SELECT 1 AS x FROM person_fields WHERE person_id = ? LIMIT 1", (person_id,)
    )
    return bool(found.num_rows)


def people_of_alert(ws: Workspace, alert: dict[str, object]) -> list[str]:
    """Every person an alert names and whose data is held: its subject, the members of a
    duplicate cluster or pair, the records of a payroll finding, in the order they appear."""
    evidence = alert.get("evidence")
    text = json.dumps(evidence) if not isinstance(evidence, str) else evidence
    subject = str(alert["subject"])
    # The subject as written, or bare, names a person (as ``person_of`` reads it); one query
    # asks which of every candidate are held.
    own = list(dict.fromkeys((subject, subject.split(":", 1)[-1])))
    refs = PERSON_REF.findall(f"{subject} {text}")
    held = _held(ws, list(dict.fromkeys([*own, *refs])))
    first = next((c for c in own if c in held), None)
    found = [first, *(p for p in refs if p in held)]
    return [p for p in dict.fromkeys(found) if p is not None]


def _held(ws: Workspace, person_ids: list[str]) -> set[str]:
    """Which of ``person_ids`` have a person record."""
    if not person_ids:
        return set()
    marks = ", ".join("?" * len(person_ids))
    rows = ws.engine.query(
        f"SELECT DISTINCT person_id FROM person_fields WHERE person_id IN ({marks})", person_ids
    ).to_pylist()
    return {str(r["person_id"]) for r in rows}


def alerts_naming(ws: Workspace, person_id: str) -> list[str]:
    """The alerts that name this person (a case is opened on alerts, so this covers cases)."""
    bare = person_id.split(":", 1)[-1]
    rows = ws.engine.query(
        "SELECT alert_id, subject, evidence FROM alerts WHERE subject = ? OR subject = ? "
        "OR contains(subject, ?) OR contains(evidence, ?)",
        (person_id, bare, person_id, person_id),
    ).to_pylist()
    return [
        str(r["alert_id"])
        for r in rows
        if r["subject"] in (person_id, bare)
        or person_id in PERSON_REF.findall(f"{r['subject']} {r['evidence']}")
    ]


def check_reason(reason: str) -> str:
    """A reason someone reading the log later can weigh: a few real words ("curious!!",
    "asdf", "...", "x x x" are not)."""
    words = WORD.findall(reason)
    if len(words) < MIN_REASON_WORDS or len(set(w.casefold() for w in words)) < 2:
        raise InputError(
            f"say why you need to see this person's data, in at least {MIN_REASON_WORDS} words "
            "(the reason is kept in the access log)"
        )
    return reason.strip()


def _shown_recently(ws: Workspace, username: str, window: timedelta) -> int:
    rows = ws.engine.query(
        "SELECT count(*) AS n FROM privacy_access_log WHERE actor = ? AND outcome = 'shown' "
        "AND accessed_at > ?",
        (username, ws.clock() - window),
    ).to_pylist()
    return int(rows[0]["n"])


def _refuse(ws: Workspace, user: User, person_id: str, why: str, error: AidtraceError) -> NoReturn:
    now = ws.clock()
    audit.record(ws, RevealRefused(at=now, actor=user.username, record_id=person_id, why=why))
    ws.engine.execute(
        "INSERT INTO web_reveal_refusals (refused_at, actor, record_id, why) VALUES (?, ?, ?, ?)",
        (now, user.username, person_id, why),
    )
    raise error


def _throttle(ws: Workspace, user: User, people: Sequence[str], limit: RevealLimit) -> None:
    seen = _shown_recently(ws, user.username, limit.window)
    if seen + len(people) <= limit.people:
        return
    minutes = int(limit.window.total_seconds() // 60)
    day = ws.clock().date().isoformat()
    flag = detected(
        Finder(MONITOR), AlertKind.BULK_REVEAL, subject=f"user:{user.username}", score=1.0,
        summary=f"{user.username} asked for more than {limit.people} people's data in "
        f"{minutes} minutes", identity_key=day, severity=Severity.HIGH,
        evidence=BulkRevealEvidence(shown_in_window=seen, asked_for=len(people),
                                    limit=limit.people, window_minutes=minutes, day=day),
    )  # fmt: skip
    save_alerts(ws, [flag], f"desk-{day}")
    _refuse(ws, user, people[0], "throttled", RevealThrottled(
        f"you have seen {seen} people's data in the last {minutes} minutes (the limit is "
        f"{limit.people}); this was refused and reported"))  # fmt: skip


def admit(ws: Workspace, user: User, people: Sequence[str], reason: str, limit: RevealLimit) -> str:
    """Check a request to see ``people`` (known, named by an alert, a real reason, not too many);
    every refusal is recorded in the audit log before it is raised. Returns the reason."""
    check(user.role, Permission.VIEW_PERSONAL)
    for person_id in people:
        if not _exists(ws, person_id):
            _refuse(ws, user, person_id, "unknown", NotFound(f"no such person: {person_id}"))
        if not alerts_naming(ws, person_id):
            denied = PermissionDenied("no alert or case names this person: nothing to review")
            _refuse(ws, user, person_id, "not_needed", denied)
    try:
        reason = check_reason(reason)
    except InputError as exc:
        _refuse(ws, user, people[0], "reason", exc)
    _throttle(ws, user, people, limit)
    return reason


def show_person(
    ws: Workspace, user: User, person_id: str, reason: str, limit: RevealLimit | None = None
) -> dict[str, object]:
    """Decrypt one person's fields for this user, logged with the reason given."""
    return show_people(ws, user, [person_id], reason, limit)[person_id]


def show_people(
    ws: Workspace,
    user: User,
    people: Sequence[str],
    reason: str,
    limit: RevealLimit | None = None,
) -> dict[str, dict[str, object]]:
    """Decrypt several people's fields on one request and one reason (the records of one
    alert); each record's display is logged with that reason."""
    if not people:
        raise NotFound("this alert names no person whose data is held here")
    reason = admit(ws, user, people, reason, limit or RevealLimit())
    return {p: reveal(ws, p, actor=user.username, reason=reason) for p in people}
