"""The workspace's side of witnessing: which witnesses it reports to, sending them each new
checkpoint with a consistency proof, keeping their cosignatures, and saying whether a quorum
has cosigned the latest checkpoint.

A witness that is down or refuses never blocks the work: its answer is kept (``refused``,
``unreachable``) and the status shows the quorum missing until it cosigns again. Sending lives
in ``witness_client`` (it pulls in the HTTP client, which only a workspace with witnesses needs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aidtrace.audit.checkpoint import Checkpoint, read_checkpoint, with_signatures
from aidtrace.audit.note import Note, Signature, Verifier, parse_note, parse_vkey
from aidtrace.errors import InputError
from aidtrace.workspace import Workspace

QUORUM_KEY = "audit.witness_quorum"


class ReplyStatus(StrEnum):
    COSIGNED = "cosigned"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class WitnessEntry:
    """A configured witness: its URL (submission prefix) and its cosigning key."""

    url: str
    verifier: Verifier

    @property
    def name(self) -> str:
        return self.verifier.name


@dataclass(frozen=True)
class WitnessReply:
    name: str
    status: ReplyStatus
    detail: str
    cosignature: Signature | None = None


@dataclass(frozen=True)
class WitnessStatus:
    """Who cosigned the latest checkpoint, against how many are needed."""

    tree_size: int
    root_hash: str
    configured: tuple[str, ...]
    cosigned: tuple[str, ...]
    quorum: int
    last_replies: tuple[WitnessReply, ...]

    @property
    def quorum_missing(self) -> bool:
        return bool(self.configured) and len(self.cosigned) < self.quorum


def add_witness(ws: Workspace, url: str, vkey: str, actor: str) -> WitnessEntry:
    """Report new checkpoints to the witness at ``url`` whose key is ``vkey``."""
    verifier = parse_vkey(vkey)
    if not url.startswith(("http://", "https://")):
        raise InputError(f"a witness URL starts with http:// or https://, not {url!r}")
    if any(w.name == verifier.name for w in configured(ws)):
        raise InputError(f"a witness named {verifier.name!r} is already configured")
    ws.engine.execute(
        "INSERT INTO audit_witnesses (name, url, vkey, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
        (verifier.name, url.rstrip("/"), verifier.vkey(), ws.clock(), actor),
    )
    return WitnessEntry(url.rstrip("/"), verifier)


def configured(ws: Workspace) -> list[WitnessEntry]:
    rows = ws.engine.query(
        "SELECT url, vkey FROM audit_witnesses WHERE NOT removed ORDER BY added_at"
    ).to_pylist()
    return [WitnessEntry(str(r["url"]), parse_vkey(str(r["vkey"]))) for r in rows]


def set_quorum(ws: Workspace, quorum: int) -> None:
    if quorum < 1:
        raise InputError("a quorum is at least one witness")
    ws.engine.execute(
        "INSERT OR REPLACE INTO workspace_meta VALUES (?, ?)", (QUORUM_KEY, str(quorum))
    )


def quorum(ws: Workspace, count: int) -> int:
    """The quorum set, or by default two witnesses (one if only one is configured)."""
    rows = ws.engine.query(
        "SELECT value FROM workspace_meta WHERE key = ?", (QUORUM_KEY,)
    ).to_pylist()
    return int(rows[0]["value"]) if rows else min(2, count)


def last_cosigned(ws: Workspace, name: str) -> int:
    rows = ws.engine.query(
        "SELECT max(tree_size) AS n FROM audit_witness_replies WHERE name = ? AND status = ?",
        (name, ReplyStatus.COSIGNED.value),
    ).to_pylist()
    return int(rows[0]["n"]) if rows and rows[0]["n"] is not None else 0


def keep(ws: Workspace, checkpoint: Checkpoint, reply: WitnessReply) -> None:
    line = reply.cosignature.line() if reply.cosignature else None
    ws.engine.execute(
        "INSERT INTO audit_witness_replies VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            reply.name, checkpoint.tree_size, checkpoint.root.hex(), reply.status.value,
            reply.detail, line, ws.clock(),
        ),
    )  # fmt: skip


def cosignatures(ws: Workspace, checkpoint: Checkpoint) -> list[Signature]:
    """The cosignatures kept for exactly this checkpoint (size and root)."""
    rows = ws.engine.query(
        "SELECT cosignature FROM audit_witness_replies WHERE tree_size = ? AND root_hash = ? "
        "AND status = ? ORDER BY replied_at",
        (checkpoint.tree_size, checkpoint.root.hex(), ReplyStatus.COSIGNED.value),
    ).to_pylist()
    lines = "".join(str(r["cosignature"]) for r in rows)
    return list(parse_note("x\n\n" + lines).signatures) if lines else []


def cosigned(note: Note, extra: Sequence[Signature]) -> Note:
    return with_signatures(note, extra)


def status(ws: Workspace, note: Note) -> WitnessStatus:
    """Which configured witnesses cosigned the checkpoint ``note`` (the latest one)."""
    checkpoint, _ = read_checkpoint(note.render())
    entries = configured(ws)
    names = {s.name for s in cosignatures(ws, checkpoint)}
    return WitnessStatus(
        checkpoint.tree_size,
        checkpoint.root.hex(),
        tuple(w.name for w in entries),
        tuple(w.name for w in entries if w.name in names),
        quorum(ws, len(entries)),
        tuple(_last_reply(ws, w.name) for w in entries),
    )


def _last_reply(ws: Workspace, name: str) -> WitnessReply:
    rows = ws.engine.query(
        "SELECT status, detail, replied_at FROM audit_witness_replies WHERE name = ? "
        "ORDER BY replied_at DESC LIMIT 1",
        (name,),
    ).to_pylist()
    if not rows:
        return WitnessReply(name, ReplyStatus.UNREACHABLE, "never contacted")
    when = rows[0]["replied_at"]
    at = f" ({when:%Y-%m-%d %H:%M} UTC)" if isinstance(when, datetime) else ""
    return WitnessReply(name, ReplyStatus(str(rows[0]["status"])), str(rows[0]["detail"]) + at)
