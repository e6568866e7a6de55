"""Typed events: canonical bytes, round trips, and refusal of what is not an event."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from aidtrace.errors import InputError
from aidtrace.events import (
    EVENT_TYPES,
    AlertRaised,
    CaseOpened,
    DecisionRecorded,
    Event,
    EventKind,
    ImportRecorded,
    ListSnapshotRecorded,
    MonitorRun,
    PersonalDataViewed,
    decode,
    encode,
)

AT = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)

EXAMPLES: list[Event] = [
    ImportRecorded(
        at=AT,
        actor="cli",
        import_id="i1",
        import_kind="payments",
        source="p.csv",
        sha256="ab" * 32,
        rows=12,
    ),
    ListSnapshotRecorded(
        at=AT, actor="lists", list_name="un", snapshot_id="s1", sha256="cd" * 32, entries=700
    ),
    MonitorRun(
        at=AT,
        actor="pipeline",
        run_id="r1",
        monitor="screening",
        monitor_version="2",
        params={"threshold": 0.8, "lists": ["un", "ofac"]},
        alerts_seen=3,
        alerts_new=1,
    ),
    AlertRaised(
        at=AT,
        actor="pipeline",
        alert_id="a1",
        alert_kind="sanctions_hit",
        monitor="screening",
        monitor_version="2",
        evidence_hash="ef" * 32,
        status="open",
        run_id="r1",
        list_snapshot="s1",
    ),
    CaseOpened(at=AT, actor="amina", case_id="c1", alert_ids=("a1", "a2")),
    DecisionRecorded(
        at=AT,
        actor="bilal",
        case_id="c1",
        decision_id="d2",
        outcome="cleared",
        state="effective",
        supersedes="d1",
        proposed_by="amina",
    ),
    PersonalDataViewed(
        at=AT, actor="amina", record_id="b77", fields=("name", "phone"), purpose="case c1"
    ),
]


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.kind.value)
def test_round_trip(event: Event) -> None:
    blob = encode(event)
    assert decode(blob) == event
    assert encode(decode(blob)) == blob


def test_encoding_is_canonical_sorted_json() -> None:
    blob = encode(EXAMPLES[0])
    doc = json.loads(blob)
    assert doc["kind"] == "import"
    assert doc["format"] == "aidtrace-event/1"
    assert blob == json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    assert doc["at"] == "2026-03-01T12:30:00+00:00"


def test_every_kind_has_a_type() -> None:
    assert set(EVENT_TYPES) == set(EventKind)


@pytest.mark.parametrize(
    "blob",
    [
        b"not json",
        b'{"kind":"nope","format":"aidtrace-event/1"}',
        b'{"kind":"import"}',
        b'{"kind":"case_opened","format":"aidtrace-event/1","at":"2026-01-01T00:00:00+00:00",'
        b'"actor":"x","case_id":"c","alert_ids":[],"extra":1}',
    ],
)
def test_refuses_what_is_not_an_event(blob: bytes) -> None:
    with pytest.raises(InputError):
        decode(blob)
