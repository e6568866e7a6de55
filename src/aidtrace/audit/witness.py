"""A witness (c2sp.org/tlog-witness): it remembers the latest checkpoint it cosigned for each
log it trusts, and cosigns a new one only if it provably extends that one.

``Witness.add_checkpoint`` implements the ``add-checkpoint`` call with the spec's status codes:
400 malformed (or an old size above the new), 403 no valid signature from the log's key, 404
unknown origin, 409 the old size is not the one it cosigned last (the body names that size),
422 a bad consistency proof, a fork (same size, another root) or a non-empty proof from size 0.
The check and the update happen under one lock, and the state file is replaced atomically and
durably before the cosignature leaves: a witness killed at any moment keeps the old state or the
new, never a mix, and never cosigns a state it has not saved.

A witness's directory holds ``witness.key`` (its Ed25519 seed, 0600), ``name.txt`` (its key
name), ``logs.txt`` (the vkeys of the logs it trusts, one a line), ``state.json``, and
``refused/``: every request with a checkpoint signed by a trusted log that it refused as a
fork or for a bad consistency proof, kept as evidence.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.checkpoint import Checkpoint, parse_checkpoint
from aidtrace.audit.merkle import EMPTY_ROOT, HASH_SIZE, verify_consistency
from aidtrace.audit.note import (
    COSIGNATURE,
    Note,
    NoteError,
    Verifier,
    check_name,
    cosign,
    open_note,
    parse_note,
    parse_vkey,
    public_verifier,
)
from aidtrace.errors import InputError
from aidtrace.files import fsync_path

KEY, NAME, LOGS, STATE, LOCK = "witness.key", "name.txt", "logs.txt", "state.json", "lock"
EVIDENCE = "refused"
SIZE_TYPE = "text/x.tlog.size"
MAX_PROOF = 63
MAX_BODY = 1 << 16


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


def _refuse(status: int, why: str) -> Reply:
    return Reply(status, why.encode() + b"\n")


@dataclass(frozen=True)
class Request:
    old_size: int
    proof: tuple[bytes, ...]
    note: bytes


def parse_request(body: bytes) -> Request:
    """``old N``, up to 63 base64 proof lines, an empty line, then the checkpoint note."""
    head, sep, note = body.partition(b"\n\n")
    lines = head.split(b"\n")
    if not sep or not lines[0].startswith(b"old "):
        raise InputError("the body must start with 'old N', proof lines and an empty line")
    size = lines[0][4:].decode("ascii", "replace")
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise InputError(f"old size {size!r} is not a plain decimal")
    if len(lines) - 1 > MAX_PROOF:
        raise InputError("more than 63 consistency proof lines")
    try:
        proof = tuple(base64.b64decode(line, validate=True) for line in lines[1:])
    except binascii.Error as exc:
        raise InputError("a consistency proof line is not base64") from exc
    if any(len(h) != HASH_SIZE for h in proof):
        raise InputError("a consistency proof line is not a 32-byte hash")
    return Request(int(size), proof, note)


def request_bytes(request: Request) -> bytes:
    lines = [f"old {request.old_size}", *(base64.b64encode(h).decode() for h in request.proof)]
    return ("\n".join(lines) + "\n\n").encode() + request.note


def request_body(old_size: int, proof: list[bytes], note: Note) -> bytes:
    lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + note.render()).encode()


class Witness:
    """A witness over one directory; ``clock`` gives POSIX seconds for cosignature times."""

    def __init__(self, directory: Path, clock: Callable[[], int]) -> None:
        self.directory = directory
        self.name = check_name(_read_name(directory))
        self._clock = clock
        self._key = load_key(directory / KEY)
        self._mutex = threading.Lock()

    @property
    def verifier(self) -> Verifier:
        return public_verifier(self.name, COSIGNATURE, self._key)

    def trusted(self) -> dict[str, list[Verifier]]:
        """The logs this witness trusts, by origin (read afresh: ``trust`` may add one)."""
        path = self.directory / LOGS
        lines = path.read_text(encoding="utf-8").split() if path.exists() else []
        logs: dict[str, list[Verifier]] = {}
        for v in (parse_vkey(line) for line in lines):
            logs.setdefault(v.name, []).append(v)
        return logs

    def latest(self, origin: str) -> dict[str, object] | None:
        entry = self._state().get(origin)
        return entry if isinstance(entry, dict) else None

    def add_checkpoint(self, body: bytes) -> Reply:
        """The ``add-checkpoint`` call: cosign, or refuse with the spec's status code."""
        try:
            request = parse_request(body)
            text = open_note_text(request.note)
            checkpoint = parse_checkpoint(text, empty_root=False)
        except (InputError, NoteError) as exc:
            return _refuse(400, exc.message)
        keys = self.trusted().get(checkpoint.origin)
        if not keys:
            return _refuse(404, f"unknown log origin {checkpoint.origin}")
        try:
            open_note(request.note, keys)
        except NoteError as exc:
            return _refuse(403, exc.message)
        if request.old_size > checkpoint.tree_size:
            return _refuse(400, "old size is above the checkpoint's size")
        with self._locked():
            return self._check_and_cosign(request, checkpoint)

    def _check_and_cosign(self, request: Request, checkpoint: Checkpoint) -> Reply:
        state = self._state()
        seen = state.get(checkpoint.origin)
        seen_size = int(seen["size"]) if isinstance(seen, dict) else 0
        if request.old_size != seen_size:
            return Reply(409, f"{seen_size}\n".encode(), SIZE_TYPE)
        seen_root = base64.b64decode(seen["root"]) if isinstance(seen, dict) else EMPTY_ROOT
        problem = _inconsistent(request, checkpoint, seen_root)
        if problem:
            return self._evidence(request_bytes(request), _refuse(422, problem))
        cosig = cosign(checkpoint.text(), self.name, self._key, self._clock())
        state[checkpoint.origin] = {
            "size": checkpoint.tree_size,
            "root": base64.b64encode(checkpoint.root).decode(),
            "checkpoint": request.note.decode() + cosig.line(),
        }
        write_atomically(self.directory / STATE, json.dumps(state, indent=1).encode())
        return Reply(200, cosig.line().encode())

    def _evidence(self, body: bytes, reply: Reply) -> Reply:
        """Keep a refused request whose checkpoint the log signed: a fork the log signed is proof
        of misbehaviour, and the witness's operator should be able to show it."""
        folder = self.directory / EVIDENCE
        folder.mkdir(exist_ok=True, mode=0o700)
        name = f"{self._clock()}-{hashlib.sha256(body).hexdigest()[:16]}.txt"
        write_atomically(folder / name, reply.body + b"\n" + body)
        return reply

    def _state(self) -> dict[str, object]:
        path = self.directory / STATE
        if not path.exists():
            return {}
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc if isinstance(doc, dict) else {}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One check-and-update at a time, across threads and across processes."""
        with self._mutex:
            fd = os.open(self.directory / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)


def open_note_text(note: bytes) -> str:
    """The note's text, unverified (to find its origin and thus the keys to verify it with)."""
    return parse_note(note).text


def _inconsistent(request: Request, checkpoint: Checkpoint, seen_root: bytes) -> str | None:
    old, new = request.old_size, checkpoint.tree_size
    if new == 0 and checkpoint.root != EMPTY_ROOT:
        return "a checkpoint of size 0 must carry the empty tree's root"
    if old == 0:
        return "a consistency proof from size 0 must be empty" if request.proof else None
    if old == new:
        return None if checkpoint.root == seen_root else "fork: same size, another root"
    if not verify_consistency(old, new, seen_root, checkpoint.root, request.proof):
        return f"the consistency proof from {old} to {new} does not verify"
    return None


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        seed = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no witness key here (run `aidtrace witness init`)", source=path) from exc
    if len(seed) != 32:
        raise InputError("a witness key file holds 32 bytes", source=path)
    return Ed25519PrivateKey.from_private_bytes(seed)


def init_witness(directory: Path, name: str) -> Verifier:
    """Create a witness directory with a new key; returns its verifier (publish its vkey)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / KEY
    if path.exists():
        raise InputError("a witness key already exists here", source=path)
    write_atomically(directory / NAME, check_name(name).encode() + b"\n")
    write_atomically(path, os.urandom(32))
    return public_verifier(name, COSIGNATURE, load_key(path))


def _read_name(directory: Path) -> str:
    try:
        return (directory / NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise InputError(
            "not a witness directory (run `aidtrace witness init`)", source=directory
        ) from exc


def trust_log(directory: Path, vkey: str) -> Verifier:
    """Add a log's vkey to the logs this witness cosigns for."""
    verifier = parse_vkey(vkey)
    path = directory / LOGS
    have = path.read_text(encoding="utf-8") if path.exists() else ""
    if verifier.vkey() not in have.split():
        write_atomically(path, (have + verifier.vkey() + "\n").encode())
    return verifier


def write_atomically(path: Path, blob: bytes) -> None:
    """Replace ``path`` whole and durably: temporary file, fsync, rename, fsync the directory."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(blob)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_path(path.parent)
