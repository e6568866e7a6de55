"""Witnesses for tests: a directory trusting one log key, and a server on a free loopback port
in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.checkpoint import Checkpoint, log_verifier, sign_checkpoint
from aidtrace.audit.merkle import MerkleTree
from aidtrace.audit.note import Note
from aidtrace.audit.witness import Witness, init_witness, request_body, trust_log
from aidtrace.audit.witness_server import make_server

ORIGIN = "log.example/test"
LOG_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def make_witness(directory: Path, name: str, vkey: str | None = None) -> Witness:
    init_witness(directory, name)
    trust_log(directory, vkey or log_verifier(ORIGIN, LOG_KEY).vkey())
    return Witness(directory, clock=lambda: 1_700_000_000)


def tree_of(n: int, salt: str = "") -> MerkleTree:
    return MerkleTree.from_entries(f"{salt}entry {i}".encode() for i in range(n))


def note_of(tree: MerkleTree, key: Ed25519PrivateKey = LOG_KEY, origin: str = ORIGIN) -> Note:
    return sign_checkpoint(Checkpoint(origin, tree.size, tree.root()), key)


def body(old: int, tree: MerkleTree, note: Note | None = None) -> bytes:
    """An add-checkpoint body from ``old`` to ``tree`` with an honest proof."""
    return request_body(old, tree.consistency_proof(old), note or note_of(tree))


@contextmanager
def serving(witness: Witness) -> Iterator[str]:
    """The witness served on 127.0.0.1 (a free port) for the block; yields its URL."""
    server = make_server(witness)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
