"""A workspace and its witnesses over loopback HTTP: each batch of events is cosigned, two
witnesses make a quorum, a missing quorum is an alert, a rolled-back log is refused by them,
and a witness killed with SIGKILL mid-update loses no state."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.audit.checkpoint import open_checkpoint
from aidtrace.audit.log import HEAD, LOG
from aidtrace.audit.note import parse_vkey
from aidtrace.audit.recover import recover
from aidtrace.audit.witness import SIZE_TYPE, STATE, Witness
from aidtrace.audit.witness_client import publish
from aidtrace.audit.witnesses import ReplyStatus, add_witness
from aidtrace.cli import app
from aidtrace.web.ledger import witnesses as desk_witnesses
from aidtrace.workspace import Workspace

from .conftest import import_event
from .witness_helpers import body, make_witness, serving, tree_of

runner = CliRunner()


def _witnesses(ws: Workspace, tmp_path: Path, n: int) -> list[Witness]:
    vkey = audit.log_vkey(ws)
    return [make_witness(tmp_path / f"w{i}", f"donor{i}.example/w", vkey) for i in range(n)]


def test_two_witnesses_cosign_each_batch_and_make_a_quorum(
    workspace: Workspace, tmp_path: Path
) -> None:
    one, two = _witnesses(workspace, tmp_path, 2)
    with serving(one) as url1, serving(two) as url2:
        add_witness(workspace, url1, one.verifier.vkey(), "admin")
        add_witness(workspace, url2, two.verifier.vkey(), "admin")
        audit.record_many(workspace, [import_event(n) for n in range(3)])
        audit.record(workspace, import_event(3))
        status = audit.witness_status(workspace)
        note = audit.signed_checkpoint(workspace)
        origin_hash = hashlib.sha256(audit.log_origin(workspace).encode()).hexdigest()
        served = httpx.get(f"{url1}/{origin_hash}/checkpoint")  # what monitors fetch
        unknown = httpx.get(f"{url1}/{'0' * 64}/checkpoint")
    assert served.status_code == 200
    assert served.text.startswith(note.text)
    assert unknown.status_code == 404
    assert status.tree_size == 4
    assert status.cosigned == (one.name, two.name)
    assert not status.quorum_missing
    log_v = parse_vkey(audit.log_vkey(workspace))
    point, _, good = open_checkpoint(note.render(), [log_v, one.verifier, two.verifier])
    assert point.tree_size == 4
    assert good == [log_v, one.verifier, two.verifier]
    assert one.latest(point.origin) is not None


def test_a_witness_down_leaves_the_quorum_missing_and_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    one, two = _witnesses(workspace, tmp_path, 2)
    with serving(one) as url1:
        add_witness(workspace, url1, one.verifier.vkey(), "admin")
        with serving(two) as url2:
            add_witness(workspace, url2, two.verifier.vkey(), "admin")
        audit.record(workspace, import_event(1))  # the second is down now: the work goes on
    status = audit.witness_status(workspace)
    assert status.cosigned == (one.name,)
    assert status.quorum_missing
    assert status.last_replies[1].status is ReplyStatus.UNREACHABLE
    desk = desk_witnesses(workspace)  # what the desk's audit page shows
    assert desk is not None
    assert desk["quorum_missing"]
    assert desk["cosigned"] == [one.name]
    workspace.close()
    result = runner.invoke(app, ["-w", str(workspace.path), "audit", "witness", "list"])
    assert result.exit_code == 1
    assert "ALERT: quorum missing" in result.stdout
    assert "1 of 2 needed" in result.stdout


def test_witnesses_refuse_a_log_rolled_back_and_recovered(
    workspace: Workspace, tmp_path: Path
) -> None:
    (one,) = _witnesses(workspace, tmp_path, 1)
    with serving(one) as url:
        add_witness(workspace, url, one.verifier.vkey(), "admin")
        audit.record_many(workspace, [import_event(n) for n in range(2)])
        older = json.loads((workspace.path / "audit" / HEAD).read_text())
        audit.record_many(workspace, [import_event(n) for n in range(2, 6)])
        with (workspace.path / "audit" / LOG).open("r+b") as fh:
            fh.truncate(older["log_bytes"])
        (workspace.path / "audit" / HEAD).unlink()
        recover(workspace, "admin")  # accepted locally, on the record
        audit.record(workspace, import_event(9))
        status = audit.witness_status(workspace)
    assert status.cosigned == ()
    assert status.quorum_missing
    assert "the witness has cosigned" in status.last_replies[0].detail


SERVE = """
import sys, time
from pathlib import Path
from aidtrace.audit.witness import Witness
from aidtrace.audit.witness_server import make_server
server = make_server(Witness(Path(sys.argv[1]), clock=lambda: int(time.time())))
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _start(directory: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(directory)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    return proc, f"http://127.0.0.1:{proc.stdout.readline().strip()}"


def test_kill_9_mid_update_loses_no_acknowledged_state(tmp_path: Path) -> None:
    directory = tmp_path / "w"
    make_witness(directory, "witness.example/k")
    trees = [tree_of(n) for n in range(0, 400)]
    for round_ in range(3):
        proc, url = _start(directory)
        acked = (
            json.loads((directory / STATE).read_text())["log.example/test"]["size"] if round_ else 0
        )
        deadline = time.monotonic() + 0.3 + 0.2 * round_
        sent = 0  # at least two updates a round, however slow the machine
        with httpx.Client(timeout=30) as client:
            try:
                while (time.monotonic() < deadline or sent < 2) and acked + 1 < len(trees):
                    r = client.post(f"{url}/add-checkpoint", content=body(acked, trees[acked + 1]))
                    assert r.status_code == 200, r.text
                    acked += 1
                    sent += 1
                os.kill(proc.pid, signal.SIGKILL)  # possibly in the middle of the next write
            finally:
                proc.kill()
                proc.wait(timeout=10)
        state = json.loads((directory / STATE).read_text())["log.example/test"]
        assert state["size"] >= acked  # nothing acknowledged was lost
        assert state["root"] == __import__("base64").b64encode(trees[state["size"]].root()).decode()
    assert acked > 3


HOSTILE = {
    "409 without a size": httpx.Response(409, text="nope", headers={"content-type": SIZE_TYPE}),
    "200 with garbage": httpx.Response(200, text="\u2014 not a signature\n"),
    "200 with a line from another key": httpx.Response(200, text="hello\n"),
    "500": httpx.Response(500, text="boom"),
}


@pytest.mark.parametrize("answer", HOSTILE)
def test_a_hostile_witness_is_refused_not_obeyed(
    workspace: Workspace, tmp_path: Path, answer: str
) -> None:
    (one,) = _witnesses(workspace, tmp_path, 1)
    add_witness(workspace, "http://witness.invalid", one.verifier.vkey(), "admin")
    audit.record(workspace, import_event(1))  # unreachable: the work goes on
    log = audit.open_log(workspace)
    head = audit.current_head(workspace)
    assert head is not None
    prover = audit.Prover(workspace, log, head.tree_size)
    note = audit.signed_checkpoint(workspace, cosigned=False)
    transport = httpx.MockTransport(lambda request: HOSTILE[answer])
    with httpx.Client(transport=transport) as client:
        (reply,) = publish(workspace, note, prover, client)
    assert reply.status is ReplyStatus.REFUSED
    assert reply.cosignature is None
    assert audit.witness_status(workspace).quorum_missing
