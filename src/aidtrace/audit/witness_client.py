"""Sending a checkpoint to the workspace's witnesses (c2sp.org/tlog-witness ``add-checkpoint``)
and checking the cosignatures they return."""

from __future__ import annotations

from typing import Protocol

import httpx

from aidtrace.audit.checkpoint import read_checkpoint
from aidtrace.audit.note import Note, NoteError, parse_note
from aidtrace.audit.witness import SIZE_TYPE, request_body
from aidtrace.audit.witnesses import (
    ReplyStatus,
    WitnessEntry,
    WitnessReply,
    configured,
    keep,
    last_cosigned,
)
from aidtrace.workspace import Workspace

TIMEOUT = 5.0


class Prover(Protocol):
    """Consistency proofs to the checkpoint's tree of ``size`` entries."""

    size: int

    def proof(self, old: int) -> list[bytes]: ...


def publish(
    ws: Workspace, note: Note, prover: Prover, client: httpx.Client | None = None
) -> list[WitnessReply]:
    """Send the checkpoint ``note`` to every configured witness, with the consistency proof
    ``prover`` gives from the size each last cosigned; keep the replies."""
    entries = configured(ws)
    if not entries or ws.read_only:
        return []
    checkpoint, _ = read_checkpoint(note.render())
    # Plain-HTTP witnesses need no TLS context, and building one reads the CA store (~0.1 s).
    tls = any(w.url.startswith("https://") for w in entries)
    own = client or httpx.Client(timeout=TIMEOUT, verify=tls)
    try:
        replies = [_submit(ws, own, w, note, prover) for w in entries]
    finally:
        if client is None:
            own.close()
    for reply in replies:
        keep(ws, checkpoint, reply)
    return replies


def _submit(
    ws: Workspace, client: httpx.Client, witness: WitnessEntry, note: Note, prover: Prover
) -> WitnessReply:
    old = last_cosigned(ws, witness.name)
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
