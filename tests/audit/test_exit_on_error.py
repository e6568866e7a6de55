"""A workspace closing on an error drops the marks still waiting for a commit: the change they
vouch for never reached the store, so ``reconcile`` must find its events. Refusals, recorded on
purpose just before raising, keep their mark."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.audit.mark import committed, read_mark
from aidtrace.cases.workflow import open_case
from aidtrace.errors import PermissionDenied
from aidtrace.events import (
    ApprovalRefused,
    CaseAssigned,
    Event,
    EventKind,
    RevealRefused,
    SecondFactorRefused,
    SignInRefused,
)
from aidtrace.workspace import Workspace

AT = datetime(2026, 3, 1, tzinfo=UTC)


class Stopped(Exception):
    """What the code between the log and the store raised."""


def _setup(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "ws"
    with Workspace.create(path, key_file=tmp_path / "keys" / "root.key") as ws:
        alert = Alert("screening", "1", "sanctions_hit", "party:1", 0.9, "hit", "e1", Severity.HIGH)
        save_alerts(ws, [alert], "run1")
        return path, open_case(ws, [alert.alert_id], "amina")


def _fail_after(path: Path, events: list[Event], error: Exception, out: list[int]) -> None:
    """Record ``events`` in the workspace at ``path``, then raise ``error`` before any store
    write; ``out`` receives the entries' indexes."""
    with Workspace.open(path) as ws:
        out += [audit.record(ws, e).index for e in events]
        raise error


def _covered(ws: Workspace, index: int) -> bool:
    return any(a <= index < b for a, b in committed(ws.engine))


def test_an_error_after_the_record_leaves_the_event_for_reconcile(tmp_path: Path) -> None:
    path, case_id = _setup(tmp_path)
    event = CaseAssigned(at=AT, actor="a", case_id=case_id, assignee="b")
    logged: list[int] = []
    with pytest.raises(Stopped):
        _fail_after(path, [event], Stopped(), logged)  # before the assignment is written
    with Workspace.open(path) as ws:
        assert not _covered(ws, logged[0])
        found = audit.reconcile(ws, "auditor")
        assert [(c.index, c.kind, c.ref) for c in found] == [
            (logged[0], EventKind.CASE_ASSIGNED, case_id)
        ]


def test_without_an_error_the_waiting_mark_commits_on_close(tmp_path: Path) -> None:
    path, case_id = _setup(tmp_path)
    with Workspace.open(path) as ws:
        kept = audit.record(ws, CaseAssigned(at=AT, actor="a", case_id=case_id, assignee="b"))
    with Workspace.open(path) as ws:
        assert _covered(ws, kept.index)
        mark = read_mark(ws.engine)
        assert mark is not None
        assert mark.tree_size == kept.tree_size


REFUSALS: list[Event] = [
    ApprovalRefused(at=AT, actor="b", case_id="c1", outcome="cleared", why="four eyes"),
    RevealRefused(at=AT, actor="b", record_id="p1", why="not_needed"),
    SignInRefused(at=AT, actor="mallory", username="mallory", locked=False),
    SecondFactorRefused(at=AT, actor="amina", username="amina", why="wrong"),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda e: e.kind.value)
def test_a_refusal_recorded_before_raising_keeps_its_mark(tmp_path: Path, refusal: Event) -> None:
    path, _ = _setup(tmp_path)
    logged: list[int] = []
    with pytest.raises(PermissionDenied):
        _fail_after(path, [refusal], PermissionDenied("not allowed"), logged)
    with Workspace.open(path) as ws:
        mark = read_mark(ws.engine)
        assert mark is not None
        assert mark.tree_size == logged[0] + 1
        assert _covered(ws, logged[0])
        assert audit.reconcile(ws, "auditor") == []
        assert audit.verify(ws).entries == logged[0] + 1


def test_a_refusal_does_not_commit_an_earlier_change_s_waiting_mark_alone(
    tmp_path: Path,
) -> None:
    """The refusal's mark vouches for its own entry only: an assignment logged before it and
    stopped by the same error is still found by reconcile."""
    path, case_id = _setup(tmp_path)
    events: list[Event] = [
        CaseAssigned(at=AT, actor="a", case_id=case_id, assignee="b"),
        ApprovalRefused(at=AT, actor="b", case_id=case_id, outcome="cleared", why="four eyes"),
    ]
    logged: list[int] = []
    with pytest.raises(PermissionDenied):
        _fail_after(path, events, PermissionDenied("not allowed"), logged)
    with Workspace.open(path) as ws:
        assert [c.index for c in audit.reconcile(ws, "auditor")] == [logged[0]]
