"""The store's mark of the log commits in the same transaction as the change its entries
record: a change rolled back, or a process killed between the log and the store, leaves its
entries unmarked, and ``reconcile`` finds them for every kind that changes the store, including
kinds whose rows name nothing of the event (an assignment, an account, a list made current)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

from aidtrace import audit
from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.audit.mark import committed, read_mark
from aidtrace.cases.workflow import assign, open_case
from aidtrace.events import CaseAssigned, EventKind
from aidtrace.workspace import Workspace

AT = datetime(2026, 3, 1, tzinfo=UTC)


def _case(ws: Workspace) -> str:
    alert = Alert("screening", "1", "sanctions_hit", "party:1", 0.9, "hit", "e1", Severity.HIGH)
    save_alerts(ws, [alert], "run1")
    return open_case(ws, [alert.alert_id], "amina")


def _covered(ws: Workspace, index: int) -> bool:
    return any(a <= index < b for a, b in committed(ws.engine))


def test_the_mark_commits_with_the_change_and_not_before(workspace: Workspace) -> None:
    case_id = _case(workspace)
    receipt = audit.record(workspace, CaseAssigned(at=AT, actor="a", case_id=case_id,
                                                   assignee="b"))  # fmt: skip
    assert not _covered(workspace, receipt.index)  # waiting for the change
    mark = read_mark(workspace.engine)  # this connection sees its own mark, as its own rows
    assert mark is not None
    assert mark.tree_size == receipt.tree_size
    workspace.engine.execute(
        "INSERT INTO case_assignments VALUES ('x', ?, 'b', 'a', ?)", (case_id, AT)
    )
    assert _covered(workspace, receipt.index)


def test_a_rolled_back_change_leaves_its_event_unmarked_and_reconciled(
    workspace: Workspace,
) -> None:
    case_id = _case(workspace)
    lost = audit.record(workspace, CaseAssigned(at=AT, actor="a", case_id=case_id, assignee="b"))
    workspace.engine.execute("BEGIN TRANSACTION")
    workspace.engine.execute(
        "INSERT INTO case_assignments VALUES ('x', ?, 'b', 'a', ?)", (case_id, AT)
    )
    workspace.engine.execute("ROLLBACK")
    kept = audit.record(workspace, CaseAssigned(at=AT, actor="a", case_id=case_id, assignee="c"))
    workspace.engine.execute(
        "INSERT INTO case_assignments VALUES ('y', ?, 'c', 'a', ?)", (case_id, AT)
    )
    found = audit.reconcile(workspace, "auditor")
    assert [(c.index, c.kind) for c in found] == [(lost.index, EventKind.CASE_ASSIGNED)]
    assert kept.index not in {c.index for c in found}
    mark = read_mark(workspace.engine)
    assert mark is not None
    assert mark.tree_size >= kept.tree_size


# Assigns a case properly, then logs a second assignment and is killed before its store write.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from datetime import UTC, datetime
    from aidtrace import audit
    from aidtrace.cases.workflow import assign
    from aidtrace.events import CaseAssigned
    from aidtrace.workspace import Workspace

    ws = Workspace.open(Path(sys.argv[1]))
    assign(ws, sys.argv[2], "b", "amina")
    at = datetime(2026, 3, 1, tzinfo=UTC)
    r = audit.record(ws, CaseAssigned(at=at, actor="a", case_id=sys.argv[2], assignee="c"))
    print(r.index, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_kill_9_between_the_log_and_the_store_is_reconciled(workspace: Workspace) -> None:
    case_id = _case(workspace)
    path = workspace.path
    workspace.close()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), case_id],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )  # fmt: skip
    assert child.returncode == -9, child.stderr
    lost = int(child.stdout.split()[-1])
    with Workspace.open(path) as ws:
        found = audit.reconcile(ws, "auditor")
        assert [(c.index, c.ref) for c in found] == [(lost, case_id)]
        assert audit.verify(ws).entries == lost + 2  # and the abandoned event
        assert audit.reconcile(ws, "auditor") == []


def test_an_assignment_done_properly_is_not_reconciled(workspace: Workspace) -> None:
    assign(workspace, _case(workspace), "b", "amina")
    assert audit.reconcile(workspace, "auditor") == []
