"""Sending a checkpoint to the workspace's witnesses (c2sp.org/tlog-witness ``add-checkpoint``)
and checking the cosignatures they return."""

from __future__ import annotations

import atexit
import os
import socket
import threading
from typing import Protocol

import httpx

from aidtrace.audit.checkpoint import read_checkpoint
from aidtrace.audit.note import Note, NoteError, parse_note
from aidtrace.audit.witness import SIZE_TYPE, request_body
from aidtrace.audit.witnesses import (
    ReplyStatus,
    Roster,
    WitnessEntry,
    WitnessReply,
    cosigned_sizes,
    keep,
    roster,
)
from aidtrace.workspace import Workspace

TIMEOUT = 5.0


class Prover(Protocol):
    """Consistency proofs to the checkpoint's tree of ``size`` entries."""

    size: int

    def proof(self, old: int) -> list[bytes]: ...


def publish(
    ws: Workspace,
    note: Note,
    prover: Prover,
    client: httpx.Client | None = None,
    listed: Roster | None = None,
    start: int | None = None,
    *,
    joined: bool = False,
) -> list[WitnessReply]:
    """Send the checkpoint ``note`` to every witness on the roster (read now unless ``listed``),
    with the consistency proof ``prover`` gives from the size each last cosigned, or from
    ``start`` (the caller's previous checkpoint, which witnesses that are keeping up have
    cosigned; one that has not answers with its size, and is sent a proof from that); keep the
    replies (``joined`` to the next commit: see ``witnesses.keep``)."""
    listed = listed or roster(ws)
    if not listed.entries or ws.read_only:
        return []
    checkpoint, _ = read_checkpoint(note.render())
    sizes = cosigned_sizes(ws) if start is None else {}
    # Plain-HTTP witnesses need no TLS context, and building one reads the CA store (~0.1 s).
    tls = any(w.url.startswith("https://") for w in listed.entries)
    own = client or _CLIENTS.get(tls)
    replies = [
        _submit(own, w, sizes.get(w.name, 0) if start is None else start, note, prover)
        for w in listed.entries
    ]
    keep(ws, checkpoint, replies, joined=joined)
    return replies


class _Clients:
    """One keep-alive HTTP client per process (and per need of TLS): a checkpoint goes out
    after every batch, and a new connection each time costs more than the request. Closed at
    exit; a forked child makes its own rather than share the parent's sockets."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, bool], httpx.Client] = {}
        self._lock = threading.Lock()
        atexit.register(self.close)

    def get(self, tls: bool) -> httpx.Client:
        key = (os.getpid(), tls)
        with self._lock:
            if key not in self._made:
                self._made[key] = _client(tls)
            return self._made[key]

    def close(self) -> None:
        with self._lock:
            made, self._made = self._made, {}
        for key, client in made.items():
            if key[0] == os.getpid():
                client.close()


def _client(tls: bool) -> httpx.Client:
    # No Nagle delay: a request's headers and body leave at once on a reused connection.
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    transport = httpx.HTTPTransport(verify=tls, socket_options=nodelay)
    return httpx.Client(timeout=TIMEOUT, verify=tls, transport=transport)


_CLIENTS = _Clients()


def _submit(
    client: httpx.Client, witness: WitnessEntry, old: int, note: Note, prover: Prover
) -> WitnessReply:
    try:
        response = _post(client, witness, old, note, prover)
        if response.status_code == 409 and response.headers.get("content-type") == SIZE_TYPE:
            old = _size(response.text)  # the witness saw another size: start from it
            response = _post(client, witness, old, note, prover)
    except httpx.HTTPError as exc:
        return WitnessReply(witness.name, ReplyStatus.UNREACHABLE, str(exc) or type(exc).__name__)
    except _AheadOfLog as exc:
        return WitnessReply(witness.name, ReplyStatus.REFUSED, str(exc))
    if response.status_code != 200:
        detail = f"HTTP {response.status_code}: {response.text.strip()[:200]}"
        return WitnessReply(witness.name, ReplyStatus.REFUSED, detail)
    return _cosignature(witness, note, response.text)


def _size(text: str) -> int:
    """The size a 409 names; a witness answering anything else is refusing, not crashing us."""
    size = text.strip()
    if not size.isdigit() or len(size) > 19:
        raise _AheadOfLog(f"the witness answered 409 without a tree size ({size[:40]!r})")
    return int(size)


class _AheadOfLog(Exception):
    """No proof can be sent: the witness has cosigned more entries than the log holds (the log
    was rolled back), or named no size at all."""


def _post(
    client: httpx.Client, witness: WitnessEntry, old: int, note: Note, prover: Prover
) -> httpx.Response:
    if old > prover.size:
        raise _AheadOfLog(
            f"the witness has cosigned {old:,} entries, the log holds {prover.size:,}"
        )
    body = request_body(old, prover.proof(old), note)
    return client.post(f"{witness.url}/add-checkpoint", content=body)


def _cosignature(witness: WitnessEntry, note: Note, text: str) -> WitnessReply:
    """The witness's cosignature among the lines it returned, checked against its key."""
    try:
        lines = parse_note("x\n\n" + text).signatures
    except NoteError as exc:
        return WitnessReply(witness.name, ReplyStatus.REFUSED, f"unreadable reply: {exc}")
    for sig in lines:
        if witness.verifier.matches(sig) and witness.verifier.verify(note.text, sig):
            return WitnessReply(witness.name, ReplyStatus.COSIGNED, "", sig)
    return WitnessReply(witness.name, ReplyStatus.REFUSED, "no valid cosignature in the reply")
