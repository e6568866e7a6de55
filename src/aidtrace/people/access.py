"""Every decryption for display is recorded: who, which record, which fields, why, and whether it
worked. The entry is written *before* the plaintext is handed over, so a crash cannot lose it, and
a refused or failed attempt is recorded as well.

The log itself holds no personal value in plaintext: the reason given is free text (people write
names and numbers into it), so it is sealed like a comment (``freetext``) and reads as a marker
once the keys are destroyed. Each entry is also handed to an ``AccessSink``; the default
(``audit_sink``) appends every display to the tamper-evident audit log as a
``PersonalDataRevealed`` event naming the access entry, never the reason, before the values are
returned: no audit record, no display.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from aidtrace import audit
from aidtrace.errors import AidtraceError, KeyMaterialError, PermissionDenied
from aidtrace.events import PersonalDataRevealed
from aidtrace.keyring.freetext import FreeText
from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.schema import REVEAL_REASON
from aidtrace.people.store import open_fields
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.workspace import Workspace

MIN_REASON_CHARS = 8


class Outcome(StrEnum):
    SHOWN = "shown"
    FAILED = "failed"


@dataclass(frozen=True)
class AccessEvent:
    """One decryption for display (``reason`` in memory only: the store keeps it sealed)."""

    access_id: str
    accessed_at: datetime
    actor: str
    record_id: str
    fields: tuple[str, ...]
    reason: str
    outcome: Outcome
    detail: str = ""


AccessSink = Callable[[AccessEvent], None]


def no_sink(event: AccessEvent) -> None:
    """Record in the store's access log only (tests, tools without an audit log)."""


def audit_sink(workspace: Workspace) -> AccessSink:
    """Send every display to the workspace's audit log (failed attempts stay in the store)."""

    def send(event: AccessEvent) -> None:
        if event.outcome is Outcome.SHOWN:
            viewed = PersonalDataRevealed(
                at=event.accessed_at,
                actor=event.actor,
                record_id=event.record_id,
                fields=event.fields,
                access_id=event.access_id,
            )
            audit.record(workspace, viewed)

    return send


def reveal(
    workspace: Workspace,
    person_id: str,
    *,
    actor: str,
    reason: str,
    fields: tuple[str, ...] = (),
    sink: AccessSink | None = None,
) -> dict[str, object]:
    """Decrypt one person's personal fields for display, after logging who asks and why
    (``sink`` defaults to the audit log)."""
    send = audit_sink(workspace) if sink is None else sink
    if not actor.strip():
        raise PermissionDenied("an anonymous user may not see personal data")
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise PermissionDenied(
            f"say why you need to see this person's data (at least {MIN_REASON_CHARS} characters)"
        )
    try:
        values = open_fields(
            workspace.engine, FieldCipher(KeyRing.open(workspace)), person_id, fields
        )
    except AidtraceError as exc:
        _record(workspace, send, actor, person_id, fields, reason, Outcome.FAILED, exc.message)
        raise
    _record(workspace, send, actor, person_id, tuple(values), reason, Outcome.SHOWN)
    return values


def _record(
    workspace: Workspace,
    sink: AccessSink,
    actor: str,
    person_id: str,
    fields: tuple[str, ...],
    reason: str,
    outcome: Outcome,
    detail: str = "",
) -> AccessEvent:
    event = AccessEvent(
        uuid.uuid4().hex, workspace.clock(), actor, person_id, fields, reason, outcome, detail
    )
    workspace.engine.execute(
        "INSERT INTO privacy_access_log (access_id, accessed_at, actor, record_id, fields, "
        "reason_sealed, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            event.access_id,
            event.accessed_at,
            actor,
            person_id,
            ",".join(fields) or "*",
            _sealed_reason(workspace, event.access_id, reason),
            outcome.value,
        ),
    )
    sink(event)
    return event


def _sealed_reason(workspace: Workspace, access_id: str, reason: str) -> bytes | None:
    # A failed attempt may fail for want of the key: the attempt is kept, its reason cannot be.
    try:
        return FreeText(workspace).seal(REVEAL_REASON, access_id, reason)
    except KeyMaterialError:
        return None


def access_log(workspace: Workspace, person_id: str | None = None) -> list[dict[str, object]]:
    """The recorded accesses, newest first (optionally for one person), reasons opened."""
    sql = "SELECT * FROM privacy_access_log " + ("WHERE record_id = ? " if person_id else "")
    params: tuple[object, ...] = (person_id,) if person_id else ()
    rows = workspace.engine.query(sql + "ORDER BY accessed_at DESC", params).to_pylist()
    texts = FreeText(workspace)
    return [_opened(texts, row) for row in rows]


def _opened(texts: FreeText, row: dict[str, Any]) -> dict[str, object]:
    sealed = row.pop("reason_sealed")
    reason = texts.show(REVEAL_REASON, str(row["access_id"]), sealed, row["reason"])
    return {**row, "reason": reason}
