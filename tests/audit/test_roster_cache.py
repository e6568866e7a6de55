"""An append reads the witnesses and the quorum once per store connection, not every time:
they are kept until ``add_witness`` or ``set_quorum`` changes them, and the next append then
reports to the witness just added."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.audit.witnesses import ROSTERS, add_witness, set_quorum
from aidtrace.workspace import Workspace

from .conftest import import_event
from .witness_helpers import make_witness, serving


def _reads_roster(asked: list[str]) -> bool:
    return any("audit_witnesses" in sql for sql in asked)


def test_the_roster_is_read_by_the_first_append_only(
    workspace: Workspace, engine_queries: Callable[[Workspace], list[str]]
) -> None:
    ROSTERS.changed()  # as a freshly started process
    asked = engine_queries(workspace)
    audit.record(workspace, import_event(1))
    assert _reads_roster(asked)
    asked.clear()
    for n in range(2, 5):
        audit.record(workspace, import_event(n))
    assert not _reads_roster(asked)
    assert not asked  # the store's mark is kept too (audit.mark.MARKS)


def _add_witness(ws: Workspace, tmp_path: Path) -> None:
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(ws))
    add_witness(ws, "http://127.0.0.1:9", witness.verifier.vkey(), "admin")  # nobody listens


@pytest.mark.parametrize(
    "change",
    [lambda ws, _: set_quorum(ws, 1), _add_witness],
    ids=["quorum", "witness"],
)
def test_a_change_of_the_roster_is_read_by_the_next_append(
    workspace: Workspace,
    tmp_path: Path,
    engine_queries: Callable[[Workspace], list[str]],
    change: Callable[[Workspace, Path], None],
) -> None:
    audit.record(workspace, import_event(1))
    change(workspace, tmp_path)
    asked = engine_queries(workspace)
    audit.record(workspace, import_event(2))
    assert _reads_roster(asked)


def test_a_witness_added_after_appends_gets_the_next_checkpoint(
    workspace: Workspace, tmp_path: Path
) -> None:
    for n in range(3):
        audit.record(workspace, import_event(n))  # the (empty) roster is kept
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        audit.record(workspace, import_event(3))
        status = audit.witness_status(workspace)
    assert status.cosigned == (witness.name,)
    assert status.tree_size == 4
