"""State changes as typed events: the audit log is built from these and nothing else.

Every event is a frozen dataclass with a registered ``kind``. ``encode`` turns one into the
canonical bytes the audit log hashes (sorted-key JSON, UTF-8), and ``decode`` reads them back, so
a third party holding only the log can read what happened without aidtrace.

Events name things by identifier and hash, never by personal value: a view of personal data
records who looked at which record and which fields, not what they saw.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from aidtrace.errors import InputError

FORMAT = "aidtrace-event/1"


class EventKind(StrEnum):
    IMPORT = "import"
    LIST_SNAPSHOT = "list_snapshot"
    MONITOR_RUN = "monitor_run"
    ALERT = "alert"
    CASE_OPENED = "case_opened"
    CASE_ASSIGNED = "case_assigned"
    CASE_COMMENTED = "case_commented"
    EVIDENCE_ATTACHED = "evidence_attached"
    DECISION = "decision"
    PERSONAL_DATA_VIEWED = "personal_data_viewed"
    LIST_CURRENT = "list_current"
    KEYS_ROTATED = "keys_rotated"
    KEYS_DESTROYED = "keys_destroyed"
    PERSONAL_DATA_REVEALED = "personal_data_revealed"
    AUDIT_RECOVERED = "audit_recovered"
    EVENTS_ABANDONED = "events_abandoned"
    AUDIT_KEY_ROTATED = "audit_key_rotated"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_ROLE_CHANGED = "account_role_changed"
    ACCOUNT_STATUS_CHANGED = "account_status_changed"
    SIGNED_IN = "signed_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    APPROVAL_REFUSED = "approval_refused"
    SCREENING_SEARCHED = "screening_searched"
    REVEAL_REFUSED = "reveal_refused"
    SHARE_EXPORTED = "share_exported"
    SECOND_FACTOR_ENABLED = "second_factor_enabled"
    SECOND_FACTOR_DISABLED = "second_factor_disabled"
    SECOND_FACTOR_REFUSED = "second_factor_refused"


@dataclass(frozen=True, kw_only=True)
class Event:
    """What every event carries: when, and who (a person or a component such as ``pipeline``)."""

    kind: ClassVar[EventKind]
    at: datetime
    actor: str


@dataclass(frozen=True, kw_only=True)
class ImportRecorded(Event):
    kind: ClassVar[EventKind] = EventKind.IMPORT
    import_id: str
    import_kind: str
    source: str
    sha256: str
    rows: int


@dataclass(frozen=True, kw_only=True)
class ListSnapshotRecorded(Event):
    kind: ClassVar[EventKind] = EventKind.LIST_SNAPSHOT
    list_name: str
    snapshot_id: str
    sha256: str
    entries: int
    added: int = 0
    removed: int = 0
    changed: int = 0


@dataclass(frozen=True, kw_only=True)
class MonitorRun(Event):
    kind: ClassVar[EventKind] = EventKind.MONITOR_RUN
    run_id: str
    monitor: str
    monitor_version: str
    params: Mapping[str, object] = field(default_factory=dict)
    alerts_seen: int = 0
    alerts_new: int = 0


@dataclass(frozen=True, kw_only=True)
class AlertRaised(Event):
    """An alert appeared, or came back because its evidence changed (``status`` says which)."""

    kind: ClassVar[EventKind] = EventKind.ALERT
    alert_id: str
    alert_kind: str
    monitor: str
    monitor_version: str
    evidence_hash: str
    status: str
    run_id: str
    list_snapshot: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseOpened(Event):
    kind: ClassVar[EventKind] = EventKind.CASE_OPENED
    case_id: str
    alert_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CaseAssigned(Event):
    kind: ClassVar[EventKind] = EventKind.CASE_ASSIGNED
    case_id: str
    assignee: str


@dataclass(frozen=True, kw_only=True)
class CaseCommented(Event):
    """The comment's hash, not its text: free text may hold personal data."""

    kind: ClassVar[EventKind] = EventKind.CASE_COMMENTED
    case_id: str
    comment_id: str
    body_sha256: str


@dataclass(frozen=True, kw_only=True)
class EvidenceAttached(Event):
    kind: ClassVar[EventKind] = EventKind.EVIDENCE_ATTACHED
    case_id: str
    evidence_id: str
    name: str
    sha256: str


@dataclass(frozen=True, kw_only=True)
class DecisionRecorded(Event):
    kind: ClassVar[EventKind] = EventKind.DECISION
    case_id: str
    decision_id: str
    outcome: str
    state: str
    supersedes: str | None = None
    proposed_by: str | None = None
    rationale_sha256: str = ""


@dataclass(frozen=True, kw_only=True)
class PersonalDataViewed(Event):
    kind: ClassVar[EventKind] = EventKind.PERSONAL_DATA_VIEWED
    record_id: str
    fields: tuple[str, ...]
    purpose: str


EVENT_TYPES: dict[EventKind, type[Event]] = {
    cls.kind: cls
    for cls in (
        ImportRecorded,
        ListSnapshotRecorded,
        MonitorRun,
        AlertRaised,
        CaseOpened,
        CaseAssigned,
        CaseCommented,
        EvidenceAttached,
        DecisionRecorded,
        PersonalDataViewed,
    )
}

E = TypeVar("E", bound=Event)


def register_event(cls: type[E]) -> type[E]:
    """Let another component add an event type (its ``kind`` must be new)."""
    if cls.kind in EVENT_TYPES and EVENT_TYPES[cls.kind] is not cls:
        raise ValueError(f"event kind {cls.kind!r} is already registered")
    EVENT_TYPES[cls.kind] = cls
    return cls


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def encode(event: Event) -> bytes:
    """The canonical bytes of an event: what the audit log stores and hashes."""
    body = {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)}
    doc = {"format": FORMAT, "kind": event.kind.value, **body}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def decode(blob: bytes) -> Event:
    """Read an event back from its canonical bytes."""
    try:
        doc: dict[str, Any] = json.loads(blob)
        cls = EVENT_TYPES[EventKind(doc.pop("kind"))]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not an aidtrace event: {exc}") from exc
    if doc.pop("format", None) != FORMAT:
        raise InputError("not an aidtrace event: unknown format")
    return cls(**_typed(cls, doc))


def _typed(cls: type[Event], doc: dict[str, Any]) -> dict[str, Any]:
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(doc) - set(names)
    if unknown:
        raise InputError(f"event {cls.kind} has unknown fields {sorted(unknown)}")
    out = dict(doc)
    out["at"] = datetime.fromisoformat(doc["at"])
    for name, value in doc.items():
        if isinstance(value, list):
            out[name] = tuple(value)
    return out


@register_event
@dataclass(frozen=True, kw_only=True)
class KeysRotated(Event):
    """Data keys (and, with a new key source, the root key) replaced; recorded under the old
    root before anything is re-sealed, so the log says it even if the old key is then shredded.
    Key ids and root ids are public fingerprints; sources are named by kind only."""

    kind: ClassVar[EventKind] = EventKind.KEYS_ROTATED
    old_root_id: str
    new_root_id: str
    old_key_ids: tuple[str, ...]
    new_key_ids: tuple[str, ...]
    old_source_kind: str
    new_source_kind: str
    destroy_old: bool


@register_event
@dataclass(frozen=True, kw_only=True)
class KeysDestroyed(Event):
    """Crypto-shredding, recorded before the root key (which signs the log) is destroyed."""

    kind: ClassVar[EventKind] = EventKind.KEYS_DESTROYED
    root_id: str
    key_ids: tuple[str, ...]
    source_kind: str
    sealed_fields: int
    sealed_texts: int
    token_rows: int


@register_event
@dataclass(frozen=True, kw_only=True)
class PersonalDataRevealed(Event):
    """A display of personal data. The reason given is sealed in the access log row
    ``access_id`` names, never written here: the log outlives the keys."""

    kind: ClassVar[EventKind] = EventKind.PERSONAL_DATA_REVEALED
    record_id: str
    fields: tuple[str, ...]
    access_id: str


@register_event
@dataclass(frozen=True, kw_only=True)
class ListSnapshotMadeCurrent(Event):
    """A stored list snapshot became the one screening reads, other than by a plain load:
    ``reason`` is ``rollback``, ``reloaded`` (its publication was loaded again) or ``forced``
    (loaded past a guard; ``note`` says which)."""

    kind: ClassVar[EventKind] = EventKind.LIST_CURRENT
    list_name: str
    snapshot_id: str
    previous_id: str | None
    reason: str
    note: str = ""


@register_event
@dataclass(frozen=True, kw_only=True)
class AuditRecovered(Event):
    """Someone accepted the audit log as they found it after it was rolled back or lost its
    head: the store had seen ``seen_size`` entries with root ``seen_root``; the log held
    ``found_size`` with root ``found_root``. Recorded as the first entry after the gap."""

    kind: ClassVar[EventKind] = EventKind.AUDIT_RECOVERED
    seen_size: int
    seen_root: str
    found_size: int
    found_root: str
    head_lost: bool
    epoch: int


@register_event
@dataclass(frozen=True, kw_only=True)
class AccountCreated(Event):
    """A desk account was created (by ``actor``, an admin or the command line)."""

    kind: ClassVar[EventKind] = EventKind.ACCOUNT_CREATED
    username: str
    role: str


@register_event
@dataclass(frozen=True, kw_only=True)
class AccountRoleChanged(Event):
    kind: ClassVar[EventKind] = EventKind.ACCOUNT_ROLE_CHANGED
    username: str
    old_role: str
    new_role: str


@register_event
@dataclass(frozen=True, kw_only=True)
class AccountStatusChanged(Event):
    """An account disabled (``active`` false) or enabled again."""

    kind: ClassVar[EventKind] = EventKind.ACCOUNT_STATUS_CHANGED
    username: str
    active: bool


@register_event
@dataclass(frozen=True, kw_only=True)
class SignedIn(Event):
    kind: ClassVar[EventKind] = EventKind.SIGNED_IN
    username: str


@register_event
@dataclass(frozen=True, kw_only=True)
class SignInRefused(Event):
    """A refused sign-in. ``username`` is empty unless it names an existing account (people type
    passwords into the username box); ``locked`` says the attempt locked the account or met a
    locked one."""

    kind: ClassVar[EventKind] = EventKind.SIGN_IN_REFUSED
    username: str
    locked: bool


@register_event
@dataclass(frozen=True, kw_only=True)
class SecondFactorEnabled(Event):
    """An account enrolled in the TOTP second factor (the secret is never in the log)."""

    kind: ClassVar[EventKind] = EventKind.SECOND_FACTOR_ENABLED
    username: str


@register_event
@dataclass(frozen=True, kw_only=True)
class SecondFactorDisabled(Event):
    """An account's second factor removed; ``reason`` is the admin's, given on the desk."""

    kind: ClassVar[EventKind] = EventKind.SECOND_FACTOR_DISABLED
    username: str
    reason: str = ""


@register_event
@dataclass(frozen=True, kw_only=True)
class SecondFactorRefused(Event):
    """A sign-in with the right password refused at the second factor: ``why`` is ``missing``
    (no code given), ``wrong`` (a wrong, expired or already used code; it counts towards the
    lockout, and ``locked`` says it locked the account), ``required`` (the role needs a second
    factor and the account has none) or ``unreadable`` (the workspace's keys cannot open the
    secret)."""

    kind: ClassVar[EventKind] = EventKind.SECOND_FACTOR_REFUSED
    username: str
    why: str
    locked: bool = False


@register_event
@dataclass(frozen=True, kw_only=True)
class ApprovalRefused(Event):
    """A decision the four-eyes rule or the actor's role did not allow."""

    kind: ClassVar[EventKind] = EventKind.APPROVAL_REFUSED
    case_id: str
    outcome: str
    why: str


@register_event
@dataclass(frozen=True, kw_only=True)
class ScreeningSearched(Event):
    """A name searched against the watchlists: how long the query was and how many hits it
    gave, never the name itself."""

    kind: ClassVar[EventKind] = EventKind.SCREENING_SEARCHED
    query_chars: int
    hits: int


@register_event
@dataclass(frozen=True, kw_only=True)
class ShareExported(Event):
    """A linkage file written for a consortium round (``aidtrace share export``): every
    beneficiary's personal fields were decrypted to encode it. Names the round, the export and
    the file by its SHA-256, never a person."""

    kind: ClassVar[EventKind] = EventKind.SHARE_EXPORTED
    consortium: str
    round: int
    export_id: str
    records: int
    sha256: str


@register_event
@dataclass(frozen=True, kw_only=True)
class RevealRefused(Event):
    """A request to see personal data refused: ``why`` is ``unknown`` (no such record),
    ``not_needed`` (no alert names the person), ``reason`` (no real reason given) or
    ``throttled`` (too many in a short time)."""

    kind: ClassVar[EventKind] = EventKind.REVEAL_REFUSED
    record_id: str
    why: str


@register_event
@dataclass(frozen=True, kw_only=True)
class EventsAbandoned(Event):
    """Earlier entries (by leaf index) whose change never reached the store: the process that
    recorded them died, or its store write failed, before the store committed. ``refs`` names
    what each would have created, in the same order."""

    kind: ClassVar[EventKind] = EventKind.EVENTS_ABANDONED
    entries: tuple[int, ...]
    refs: tuple[str, ...]


@register_event
@dataclass(frozen=True, kw_only=True)
class AuditKeyRotated(Event):
    """The audit log's signing key was replaced from entry ``from_size`` on; the new key is
    endorsed by the old in the key history. Recorded as the first entry under the new key."""

    kind: ClassVar[EventKind] = EventKind.AUDIT_KEY_ROTATED
    old_key: str
    new_key: str
    from_size: int
