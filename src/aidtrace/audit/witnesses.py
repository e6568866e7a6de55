"""The workspace's side of witnessing: which witnesses it reports to, sending them each new
checkpoint with a consistency proof, keeping their cosignatures, and saying whether a quorum
has cosigned the latest checkpoint.

A witness that is down or refuses never blocks the work: its answer is kept (``refused``,
``unreachable``) and the status shows the quorum missing until it cosigns again. Sending lives
in ``witness_client`` (it pulls in the HTTP client, which only a workspace with witnesses needs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import pyarrow as pa

from aidtrace.audit.checkpoint import Checkpoint, read_checkpoint, with_signatures
from aidtrace.audit.note import Note, Signature, Verifier, parse_note, parse_vkey
from aidtrace.errors import InputError
from aidtrace.store.engine import Joinable
from aidtrace.store.kept import PerConnection
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
    ROSTERS.changed()
    return WitnessEntry(url.rstrip("/"), verifier)


def configured(ws: Workspace) -> list[WitnessEntry]:
    rows = ws.engine.query(
        "SELECT url, vkey FROM audit_witnesses WHERE NOT removed ORDER BY added_at"
    ).to_pylist()
    return [WitnessEntry(str(r["url"]), parse_vkey(str(r["vkey"]))) for r in rows]


@dataclass(frozen=True)
class Roster:
    """The configured witnesses and the quorum set (``None``: the default), read in one cheap
    query with the store's mark before every append (see ``audit.mark``)."""

    entries: tuple[WitnessEntry, ...]
    quorum_set: int | None = None

    @property
    def quorum(self) -> int:
        """The quorum set, or by default two witnesses (one if only one is configured)."""
        return self.quorum_set if self.quorum_set is not None else min(2, len(self.entries))


# The roster as two columns (``roster``, ``quorum``) of a one-row query; ``roster_from`` reads
# them. No aggregate over the replies: that costs the store more than the rest of an append.
ROSTER_COLUMNS = (
    "(SELECT list({'url': url, 'vkey': vkey} ORDER BY added_at) FROM audit_witnesses "
    "WHERE NOT removed) AS roster, "
    f"(SELECT value FROM workspace_meta WHERE key = '{QUORUM_KEY}') AS quorum"
)


def roster_from(row: Mapping[str, object]) -> Roster:
    """The roster in a row of a query selecting ``ROSTER_COLUMNS``."""
    listed = row["roster"] if isinstance(row["roster"], list) else []
    entries = (WitnessEntry(str(w["url"]), parse_vkey(str(w["vkey"]))) for w in listed)
    found = row["quorum"]
    return Roster(tuple(entries), int(str(found)) if found is not None else None)


def roster(ws: Workspace) -> Roster:
    [row] = ws.engine.query(f"SELECT {ROSTER_COLUMNS}").to_pylist()
    return roster_from(row)


class RosterCache(PerConnection[Roster]):
    """The roster as each open store connection (engine) last read it, so that an append does
    not read it again: it changes only through ``add_witness`` and ``set_quorum``, which drop
    every kept roster (in any connection of this process)."""


ROSTERS = RosterCache()


def set_quorum(ws: Workspace, quorum: int) -> None:
    if quorum < 1:
        raise InputError("a quorum is at least one witness")
    ws.engine.execute(
        "INSERT OR REPLACE INTO workspace_meta VALUES (?, ?)", (QUORUM_KEY, str(quorum))
    )
    ROSTERS.changed()


_KEEP = "INSERT INTO audit_witness_replies VALUES "
_REPLY_COLUMNS = ("name", "tree_size", "root_hash", "status", "detail", "cosignature", "replied_at")


def keep(
    ws: Workspace, checkpoint: Checkpoint, replies: Sequence[WitnessReply], *, joined: bool = False
) -> None:
    """Store the witnesses' replies to ``checkpoint`` in one statement: committed now, or
    ``joined`` to the next commit (with the change whose events the checkpoint covers, and
    the log's mark; what this connection reads includes them meanwhile). A reply lost with a
    rolled-back change costs nothing: the witness keeps its own state and names its size."""
    if not replies:
        return
    at, root = ws.clock(), checkpoint.root.hex()
    params: list[object] = []
    for reply in replies:
        line = reply.cosignature.line() if reply.cosignature else None
        params += [reply.name, checkpoint.tree_size, root, reply.status.value, reply.detail]
        params += [line, at]
    sql = _KEEP + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(replies))
    if joined and isinstance(ws.engine, Joinable):
        ws.engine.join_next_commit(sql, params)
    else:
        ws.engine.execute(sql, params)


def _replies(ws: Workspace) -> str:
    """The replies table as this connection will have written it: the committed rows and
    those waiting for the next commit (``keep(joined=True)``); a FROM clause."""
    engine = ws.engine
    waiting = engine.joining() if isinstance(engine, Joinable) else []
    params = [p for sql, ps in waiting if sql.startswith(_KEEP) for p in ps]
    if not params:
        return "audit_witness_replies"
    width = len(_REPLY_COLUMNS)
    rows = [params[i : i + width] for i in range(0, len(params), width)]
    columns = {c: [r[i] for r in rows] for i, c in enumerate(_REPLY_COLUMNS)}
    engine.register("__waiting_replies", pa.table(columns))
    cast = "replied_at::TIMESTAMPTZ AS replied_at"
    names = ", ".join(c if c != "replied_at" else cast for c in _REPLY_COLUMNS)
    return (
        f"(SELECT * FROM audit_witness_replies UNION ALL BY NAME "
        f"SELECT {names} FROM __waiting_replies)"
    )


def cosigned_sizes(ws: Workspace) -> dict[str, int]:
    """The largest tree size each witness has cosigned, by name (absent: none yet)."""
    rows = ws.engine.query(
        f"SELECT name, max(tree_size) AS n FROM {_replies(ws)} WHERE status = ? GROUP BY name",
        (ReplyStatus.COSIGNED.value,),
    ).to_pylist()
    return {str(r["name"]): int(r["n"]) for r in rows}


def cosignatures(ws: Workspace, checkpoint: Checkpoint) -> list[Signature]:
    """The cosignatures kept for exactly this checkpoint (size and root)."""
    rows = ws.engine.query(
        f"SELECT cosignature FROM {_replies(ws)} WHERE tree_size = ? AND root_hash = ? "
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
    listed = roster(ws)
    names = {s.name for s in cosignatures(ws, checkpoint)}
    return WitnessStatus(
        checkpoint.tree_size,
        checkpoint.root.hex(),
        tuple(w.name for w in listed.entries),
        tuple(w.name for w in listed.entries if w.name in names),
        listed.quorum,
        tuple(_last_reply(ws, w.name) for w in listed.entries),
    )


def _last_reply(ws: Workspace, name: str) -> WitnessReply:
    rows = ws.engine.query(
        f"SELECT status, detail, replied_at FROM {_replies(ws)} WHERE name = ? "
        "ORDER BY replied_at DESC LIMIT 1",
        (name,),
    ).to_pylist()
    if not rows:
        return WitnessReply(name, ReplyStatus.UNREACHABLE, "never contacted")
    when = rows[0]["replied_at"]
    at = f" ({when:%Y-%m-%d %H:%M} UTC)" if isinstance(when, datetime) else ""
    return WitnessReply(name, ReplyStatus(str(rows[0]["status"])), str(rows[0]["detail"]) + at)
