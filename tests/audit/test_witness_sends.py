"""How a batch's checkpoint reaches the witnesses cheaply: the replies commit with the change the
batch records (read back at once by the same connection, dropped with a failed change, and the
witness's own state puts the next send right), and every send of a process goes over one
kept-alive connection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.audit.witness import Witness
from aidtrace.audit.witness_server import make_server
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import ImportRecorded
from aidtrace.workspace import Workspace

from .witness_helpers import make_witness

AT = datetime(2026, 3, 1, tzinfo=UTC)


class Stopped(Exception):
    """The change after the batch failed."""


def _event(n: int) -> ImportRecorded:
    return ImportRecorded(
        at=AT, actor="test", import_id=f"imp{n}", import_kind="ledger", source="x.csv",
        sha256="0" * 64, rows=n,
    )  # fmt: skip


@contextmanager
def _counting(witness: Witness) -> Iterator[tuple[str, list[int]]]:
    """The witness served on loopback; yields its URL and a list that grows by one for every
    TCP connection it accepts."""
    server = make_server(witness)
    accepted: list[int] = []
    accept = server.get_request

    def counted() -> tuple[object, object]:
        accepted.append(1)
        return accept()

    server.get_request = counted  # type: ignore[method-assign,assignment]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}", accepted
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _committed_replies(ws: Workspace) -> int:
    rows = ws.engine.query("SELECT count(*) AS n FROM audit_witness_replies").to_pylist()
    return int(rows[0]["n"])


def test_replies_wait_for_the_change_and_are_read_back_meanwhile(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k" / "root.key") as ws:
        witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(ws))
        with _counting(witness) as (url, _):
            add_witness(ws, url, witness.verifier.vkey(), "admin")
            audit.record_many(ws, [_event(n) for n in range(3)])
            assert _committed_replies(ws) == 0  # waiting for the change
            status = audit.witness_status(ws)  # this connection reads them already
            assert status.cosigned == (witness.name,)
            assert status.tree_size == 3
            ws.engine.execute("CREATE TABLE change_it_records (n INTEGER)")  # the change
            assert _committed_replies(ws) == 1


def test_a_failed_change_drops_its_replies_and_the_next_send_recovers(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    with Workspace.create(path, key_file=tmp_path / "k" / "root.key") as ws:
        vkey = audit.log_vkey(ws)
    witness = make_witness(tmp_path / "w", "donor.example/w", vkey)
    with _counting(witness) as (url, _):
        with Workspace.open(path) as ws:
            add_witness(ws, url, witness.verifier.vkey(), "admin")
            audit.record(ws, _event(1))
        with pytest.raises(Stopped):
            _record_then_fail(path, _event(2))
        with Workspace.open(path) as ws:
            assert audit.witness_status(ws).quorum_missing  # its reply went with the change
            origin = audit.log_origin(ws)
            assert witness.latest(origin) is not None
            assert witness.latest(origin)["size"] == 2  # type: ignore[index]
            audit.record(ws, _event(3))  # sent from the last size the store kept
            status = audit.witness_status(ws)
    assert status.tree_size == 3
    assert status.cosigned == (witness.name,)


def _record_then_fail(path: Path, event: ImportRecorded) -> None:
    with Workspace.open(path) as ws:
        audit.record(ws, event)
        raise Stopped


def test_one_connection_carries_every_send_of_a_process(
    workspace: Workspace, tmp_path: Path
) -> None:
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with _counting(witness) as (url, accepted):
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        for n in range(5):
            audit.record(workspace, _event(n))
        status = audit.witness_status(workspace)
    assert status.cosigned == (witness.name,)
    assert status.tree_size == 5
    assert len(accepted) == 1
