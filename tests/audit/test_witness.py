"""The witness's add-checkpoint: every status code of c2sp.org/tlog-witness, forks and
rollbacks refused, the state kept across restarts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.checkpoint import Checkpoint, sign_checkpoint
from aidtrace.audit.note import open_note, parse_note
from aidtrace.audit.witness import EVIDENCE, SIZE_TYPE, STATE, Witness, request_body

from .witness_helpers import LOG_KEY, ORIGIN, body, make_witness, note_of, tree_of

T5, T8 = tree_of(5), tree_of(8)


@pytest.fixture
def witness(tmp_path: Path) -> Witness:
    """A witness that has cosigned the log at size 5."""
    w = make_witness(tmp_path / "w", "witness.example/w1")
    assert w.add_checkpoint(body(0, T5)).status == 200
    return w


def _forged() -> bytes:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    note = note_of(T8, other)
    return request_body(5, T8.consistency_proof(5), note)


def _bad_proof() -> bytes:
    proof = T8.consistency_proof(5)
    return request_body(5, [proof[0][::-1], *proof[1:]], note_of(T8))


CASES: dict[str, tuple[Callable[[], bytes], int]] = {
    "extends with a proof": (lambda: body(5, T8), 200),
    "same checkpoint again": (lambda: body(5, T5), 200),
    "unknown origin": (lambda: request_body(0, [], note_of(T8, origin="other.example/log")), 404),
    "signed by another key": (_forged, 403),
    "old size above new": (lambda: request_body(8, [], note_of(T5)), 400),
    "stale old size": (lambda: body(0, T8), 409),
    "bad consistency proof": (_bad_proof, 422),
    "fork: same size, other root": (lambda: request_body(5, [], note_of(tree_of(5, "x"))), 422),
    "rollback to a shorter tree": (lambda: body(3, tree_of(3)), 409),
    "rollback claiming the old size": (lambda: request_body(5, [], note_of(tree_of(3))), 400),
    "not a request": (lambda: b"hello", 400),
}


@pytest.mark.parametrize("case", CASES)
def test_add_checkpoint_status_codes(witness: Witness, case: str) -> None:
    make, status = CASES[case]
    reply = witness.add_checkpoint(make())
    assert reply.status == status, reply.body
    latest = witness.latest(ORIGIN)
    assert latest is not None
    if status != 200:
        assert latest["size"] == 5  # a refusal changes nothing
    if status == 409:
        assert reply.content_type == SIZE_TYPE
        assert reply.body == b"5\n"
    kept = list((witness.directory / EVIDENCE).glob("*.txt"))
    signed_misbehaviour = case in {"bad consistency proof", "fork: same size, other root"}
    assert len(kept) == (1 if signed_misbehaviour else 0)


def test_cosignature_verifies_and_the_state_survives_a_restart(witness: Witness) -> None:
    reply = witness.add_checkpoint(body(5, T8))
    note = note_of(T8)
    cosig = parse_note(note.render() + reply.body.decode())
    _, good = open_note(cosig.render(), [witness.verifier])
    assert good == [witness.verifier]
    again = Witness(witness.directory, clock=lambda: 0)
    assert again.add_checkpoint(body(0, T8)).body == b"8\n"  # it remembers size 8
    state = json.loads((witness.directory / STATE).read_text())
    assert state[ORIGIN]["size"] == 8
    assert state[ORIGIN]["checkpoint"].startswith(note.render())


def test_a_fresh_witness_checks_size_0_and_its_first_checkpoint(tmp_path: Path) -> None:
    w = make_witness(tmp_path / "w", "witness.example/w2")
    wrong_empty = sign_checkpoint(Checkpoint(ORIGIN, 0, bytes(32)), LOG_KEY)
    assert w.add_checkpoint(request_body(0, [], wrong_empty)).status == 422
    assert w.add_checkpoint(request_body(0, [T8.root()], note_of(T8))).status == 422
    assert w.add_checkpoint(request_body(0, [], note_of(tree_of(0)))).status == 200
    assert w.add_checkpoint(request_body(0, [], note_of(T5))).status == 200
