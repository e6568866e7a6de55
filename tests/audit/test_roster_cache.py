"""An append reads the witnesses and the quorum once per store connection, not every time:
they are kept until ``add_witness`` or ``set_quorum`` changes them, and the next append then
reports to the witness just added."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.audit.witnesses import ROSTERS, add_witness, set_quorum
from aidtrace.events import ImportRecorded
from aidtrace.workspace import Workspace

from .witness_helpers import make_witness, serving

AT = datetime(2026, 3, 1, tzinfo=UTC)


def _event(n: int) -> ImportRecorded:
    return ImportRecorded(
        at=AT, actor="test", import_id=f"imp{n}", import_kind="ledger", source="x.csv",
        sha256="0" * 64, rows=n,
    )  # fmt: skip


def _spy(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every query the workspace's engine answers from now on."""
    asked: list[str] = []
    real = ws.engine.query

    def query(sql: str, params: object = ()) -> object:
        asked.append(sql)
        return real(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(ws.engine, "query", query)
    return asked


def _reads_roster(asked: list[str]) -> bool:
    return any("audit_witnesses" in sql for sql in asked)


def test_the_roster_is_read_by_the_first_append_only(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ROSTERS.changed()  # as a freshly started process
    asked = _spy(workspace, monkeypatch)
    audit.record(workspace, _event(1))
    assert _reads_roster(asked)
    asked.clear()
    for n in range(2, 5):
        audit.record(workspace, _event(n))
    assert not _reads_roster(asked)
    assert len(asked) == 3  # one query an append: the store's mark


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
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Workspace, Path], None],
) -> None:
    audit.record(workspace, _event(1))
    change(workspace, tmp_path)
    asked = _spy(workspace, monkeypatch)
    audit.record(workspace, _event(2))
    assert _reads_roster(asked)


def test_a_witness_added_after_appends_gets_the_next_checkpoint(
    workspace: Workspace, tmp_path: Path
) -> None:
    for n in range(3):
        audit.record(workspace, _event(n))  # the (empty) roster is kept
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        audit.record(workspace, _event(3))
        status = audit.witness_status(workspace)
    assert status.cosigned == (witness.name,)
    assert status.tree_size == 4
