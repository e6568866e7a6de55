"""The tamper-evident audit log: what other components call.

``record(workspace, event)`` appends one typed event durably and returns its receipt;
``record_many`` appends a batch under one fsync and one signed head. ``verify``, ``prove`` and
``head`` serve auditors. The log lives in ``<workspace>/audit/`` (see ``audit.log``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit import keys, witnesses
from aidtrace.audit.checkpoint import (
    Checkpoint,
    log_verifier,
    open_checkpoint,
    origin_of,
    sign_checkpoint,
    with_signatures,
)
from aidtrace.audit.consistency import proof_or_none
from aidtrace.audit.export import export_log
from aidtrace.audit.frames import INDEX_RECORD, read_index
from aidtrace.audit.head import TreeHead, frame_key, public_bytes
from aidtrace.audit.keys import KeyHistory
from aidtrace.audit.log import INDEX, LOG, AuditLog, HeadState, Receipt, SignedPrefix
from aidtrace.audit.mark import (
    MARKS,
    Mark,
    join_mark,
    peaks_at,
    read_mark,
    read_mark_and_witnesses,
    rollback_guard,
)
from aidtrace.audit.merkle import EMPTY_ROOT, Frontier, MerkleTree
from aidtrace.audit.note import ED25519, Note, Verifier
from aidtrace.audit.proof import consistency_proof, find_event, inclusion_proof
from aidtrace.audit.provenance import (
    DEFAULT_FIGURES,
    FigureEvidence,
    FigureProof,
    ReportedFigure,
    distinct_proofs,
    prove_figures,
)
from aidtrace.audit.reconcile import Claim, abandoned_event, claims, missing
from aidtrace.audit.verify import Verification, check_extends, load_tree, verify_log
from aidtrace.errors import IntegrityError
from aidtrace.events import AuditKeyRotated, Event, EventKind, encode
from aidtrace.privacy.keys import FileKeySource
from aidtrace.registry import Registry
from aidtrace.store.engine import Engine, Joinable
from aidtrace.workspace import Workspace, default_key_dir

AUDIT_DIR = "audit"

__all__ = [
    "AuditLog",
    "Receipt",
    "ReportedFigure",
    "TreeHead",
    "Verification",
    "consistency_proof",
    "current_head",
    "find_event",
    "inclusion_proof",
    "log_vkey",
    "notify_witnesses",
    "open_log",
    "prove",
    "public_key",
    "record",
    "record_many",
    "signed_checkpoint",
    "verify",
]


def audit_key(workspace: Workspace) -> tuple[Ed25519PrivateKey, KeyHistory]:
    """The log's signing key and its history (made on first need; see ``audit.keys``)."""
    return keys.audit_key(workspace.path / AUDIT_DIR, _secret(workspace), workspace.keys.root_key)


def _secret(workspace: Workspace) -> Path:
    """Where a new audit key goes: beside a root key file, else in the default key directory."""
    name = f"{workspace.config.workspace_id}.audit.key"
    if isinstance(workspace.keys, FileKeySource):
        return workspace.keys.path.resolve().parent / name
    return default_key_dir() / name


def signer(workspace: Workspace) -> Ed25519PrivateKey:
    return audit_key(workspace)[0]


def vouched(workspace: Workspace) -> list[SignedPrefix]:
    """The log prefixes recorded at audit key changes that the current key vouches for: what
    recovery may accept of the entries written under retired keys (see ``audit.keys``)."""
    private, history = audit_key(workspace)
    return history.vouched(public_bytes(private.public_key()))


def open_log(
    workspace: Workspace, *, recovering: bool = False, seen: SeenMark | None = None
) -> AuditLog:
    """The workspace's log, able to sign (the key is read once, when first needed), and
    guarded by the store's mark (read once, through ``seen``): it refuses to write over a
    rolled-back log unless ``recovering``."""
    latest = seen or SeenMark(workspace)
    return AuditLog(
        workspace.path / AUDIT_DIR,
        signer=_once(lambda: signer(workspace)),
        clock=workspace.clock,
        guard=None if recovering else rollback_guard(latest),
        recovering=recovering,
        vouched=lambda: vouched(workspace),
    )


class SeenMark:
    """The store's latest mark, read when first asked for (by the writer's guard), then kept
    for this one append: the new mark continues its epoch. In a workspace open for writing it
    is read once per store connection and then kept (``mark.MARKS``: the mark each append
    writes is the next one's). The witnesses the append's checkpoint goes to are read with it
    the first time, then kept for the store connection (``witnesses.ROSTERS``) until they
    change."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._read: list[tuple[Mark | None, witnesses.Roster]] = []

    def __call__(self) -> Mark | None:
        return self._view()[0]

    @property
    def roster(self) -> witnesses.Roster:
        return self._view()[1]

    @property
    def witnessed(self) -> bool:
        return bool(self.roster.entries)

    def _view(self) -> tuple[Mark | None, witnesses.Roster]:
        if not self._read:
            engine = self.workspace.engine
            listed = witnesses.ROSTERS.get(engine)
            marked = MARKS.found(engine) if self._writes(engine) else None
            if listed is None:
                self._read.append(self._read_both(engine))
            else:
                self._read.append((marked[0] if marked else self._read_mark(engine), listed))
        return self._read[0]

    def _read_both(self, engine: Engine) -> tuple[Mark | None, witnesses.Roster]:
        version, marks = witnesses.ROSTERS.version(), MARKS.version()
        mark, listed = read_mark_and_witnesses(engine)
        witnesses.ROSTERS.keep(engine, version, listed)
        self._keep(engine, marks, mark)
        return mark, listed

    def _read_mark(self, engine: Engine) -> Mark | None:
        version = MARKS.version()
        mark = read_mark(engine)
        self._keep(engine, version, mark)
        return mark

    def _keep(self, engine: Engine, version: int, mark: Mark | None) -> None:
        if self._writes(engine):
            MARKS.keep(engine, version, mark)

    def _writes(self, engine: Engine) -> bool:
        # Only a connection that writes the store (and its marks) may keep the mark: a
        # reader's could be overtaken by a writer.
        return not self.workspace.read_only and isinstance(engine, Joinable)


def _once(make: Callable[[], Ed25519PrivateKey]) -> Callable[[], Ed25519PrivateKey]:
    """``make``, called at most once (an append asks for its key three times)."""
    made: list[Ed25519PrivateKey] = []

    def get() -> Ed25519PrivateKey:
        if not made:
            made.append(make())
        return made[0]

    return get


def public_key(workspace: Workspace) -> bytes:
    return public_bytes(signer(workspace).public_key())


def record(workspace: Workspace, event: Event) -> Receipt:
    """Append one event; when this returns, it is on disk under a signed head."""
    return record_many(workspace, [event])[0]


def record_many(workspace: Workspace, events: Iterable[Event]) -> list[Receipt]:
    """Append many events with one fsync and one signature (what bulk callers should use).

    The new checkpoint goes to the witnesses, and the new tree size and root are marked in
    the store in the transaction of the change the events record (the caller's open one, else
    the next the store commits), so a later rollback of the log files shows, and a change that
    never committed leaves its events unmarked for ``reconcile``."""
    seen = SeenMark(workspace)
    log = open_log(workspace, seen=seen)
    batch = list(events)
    receipts = log.append([encode(e) for e in batch])
    if receipts and log.appended is not None:
        before, after = log.appended
        # The witnesses' replies join the change's commit with the mark (a quorum alert is
        # stored at once: it commits the replies, and must not commit the mark).
        if seen.witnessed:
            notify_witnesses(workspace, log, before.frontier, seen.roster, with_change=True)
        alone = all(e.kind in STANDALONE for e in batch)
        _mark(workspace, seen(), before.size, after, peaks=seen.witnessed, at_once=alone)
    return receipts


# Kinds recorded on purpose just before an error is raised: the refusal is the whole fact, no
# store change follows for their mark to join, and the error closing the workspace drops what
# waits for a commit. Their mark is written at once.
STANDALONE = frozenset(
    {
        EventKind.SIGN_IN_REFUSED,
        EventKind.SECOND_FACTOR_REFUSED,
        EventKind.APPROVAL_REFUSED,
        EventKind.REVEAL_REFUSED,
    }
)


def _mark(
    workspace: Workspace,
    seen: Mark | None,
    first: int,
    state: HeadState,
    *,
    peaks: bool,
    at_once: bool = False,
) -> None:
    """Mark entries ``first`` to ``state.size`` in the store, with the change they record (or
    ``at_once``), and the tree's peaks when witnesses will want proofs from this size (up to
    1.5 kB a mark)."""
    if workspace.read_only:
        return  # a reader cannot write the store; the next writer's mark covers this append
    mark = Mark(seen.epoch if seen else 0, state.size, state.frontier.root().hex())
    frontier = state.frontier if peaks else None
    join_mark(workspace.engine, mark, workspace.clock(), frontier, first, at_once=at_once)


def verify(
    workspace: Workspace, published: Sequence[TreeHead] = (), *, key: bytes | None = None
) -> Verification:
    """Check the whole log against this workspace's key (every frame's mac too), or, for an
    auditor who does not hold the root key, against the Ed25519 public ``key`` they pinned."""
    mark = read_mark(workspace.engine)
    if key is not None:
        found = keys.read_history(workspace.path / AUDIT_DIR)
        if found is not None and key in {e.key for e in found.epochs}:
            # The pinned key leads by its endorsements to the current key, which signed the
            # records of the log kept at each key change: an altered one shows here.
            found.checked_handovers(found.current.key)
        pinned = found.keys_from(key) if found else None
        return verify_log(open_log(workspace), pinned or key, published, mark=mark)
    private, history = audit_key(workspace)
    history.checked_handovers(public_bytes(private.public_key()))
    return verify_log(
        open_log(workspace),
        history.keys_from(None),
        published,
        frame_key(private),
        mark=mark,
        macs_from=history.current.from_size,
    )


def prove(workspace: Workspace, ref: str) -> dict[str, object]:
    """An inclusion proof for the entry ``ref`` names (index, leaf-hash prefix or an id)."""
    log = open_log(workspace)
    return inclusion_proof(log, find_event(log, ref))


def current_head(workspace: Workspace) -> TreeHead | None:
    log = open_log(workspace)
    with log.locked(exclusive=False):
        return log.read_state().head


def log_origin(workspace: Workspace) -> str:
    return origin_of(workspace.config.workspace_id)


def log_vkey(workspace: Workspace) -> str:
    """The C2SP verifier key of this log: what witnesses and outside verifiers are given."""
    return log_verifier(log_origin(workspace), signer(workspace)).vkey()


def signed_checkpoint(workspace: Workspace, *, cosigned: bool = True) -> Note:
    """The current signed head as a C2SP checkpoint, signed by the log's audit key, with the
    cosignatures witnesses returned for it (unless ``cosigned`` is False)."""
    head = current_head(workspace)
    size, root = (head.tree_size, head.root) if head else (0, EMPTY_ROOT)
    return _signed(workspace, size, root, cosigned=cosigned)


def _signed(workspace: Workspace, size: int, root: bytes, *, cosigned: bool) -> Note:
    point = Checkpoint(log_origin(workspace), size, root)
    note = sign_checkpoint(point, signer(workspace))
    if not cosigned:
        return note
    return with_signatures(note, witnesses.cosignatures(workspace, point))


def notify_witnesses(
    workspace: Workspace,
    log: AuditLog | None = None,
    known: Frontier | None = None,
    listed: witnesses.Roster | None = None,
    *,
    with_change: bool = False,
) -> list[witnesses.WitnessReply]:
    """Send the current checkpoint to the configured witnesses and keep their cosignatures
    (nothing to do without witnesses, or in a read-only workspace); a send short of the quorum
    raises the quorum alert at once. ``known`` is a tree state the caller holds (the one its
    append extended), a cheap start for a proof; ``listed``, the witnesses if already read;
    ``with_change``: the replies join the commit of the change the new entries record."""
    if workspace.read_only:
        return []
    listed = listed or witnesses.roster(workspace)
    if not listed.entries:
        return []
    from aidtrace.audit.witness_client import publish  # the HTTP client, only when needed

    log = log or open_log(workspace)
    with log.locked(exclusive=False):
        state = log.read_state()
    root = state.frontier.root()
    note = _signed(workspace, state.size, root, cosigned=False)
    prover = Prover(workspace, log, state.size, known)
    start = known.size if known else None
    replies = publish(workspace, note, prover, None, listed, start, joined=with_change)
    if not _ALERTING.get():
        _alert_if_short(workspace, state.size, root, replies, listed.quorum)
    return replies


# Set while the quorum alert is being saved: the alert's own event is appended and sent to the
# witnesses then (so the latest checkpoint is the one they answered), but a short answer to
# that send raises nothing more.
_ALERTING: ContextVar[bool] = ContextVar("aidtrace_audit_alerting", default=False)


class ShortOfQuorum(Protocol):
    """What answers a checkpoint send that fell short of the quorum."""

    def __call__(
        self,
        ws: Workspace,
        tree_size: int,
        root_hash: str,
        replies: Sequence[witnesses.WitnessReply],
        quorum: int,
    ) -> object: ...


# The witness-quorum monitor raises its alert. It sits above the alert store, which writes to
# this log, so the log names it here and imports it only on a short send.
SHORT_OF_QUORUM: Registry[ShortOfQuorum] = Registry(
    "answer to a send short of the quorum", ("aidtrace.witness_quorum",)
)


def _alert_if_short(
    workspace: Workspace,
    size: int,
    root: bytes,
    replies: Sequence[witnesses.WitnessReply],
    quorum: int,
) -> None:
    if sum(r.status is witnesses.ReplyStatus.COSIGNED for r in replies) >= quorum:
        return
    token = _ALERTING.set(True)
    try:
        for answer in SHORT_OF_QUORUM.all().values():
            answer(workspace, size, root.hex(), replies, quorum)
    finally:
        _ALERTING.reset(token)


class Prover:
    """Consistency proofs up to one tree size: from the peaks the store's marks kept (or the
    caller's ``known`` state) and the index's newer leaf hashes (cheap), else from the whole
    tree (built once, if ever)."""

    def __init__(
        self, workspace: Workspace, log: AuditLog, size: int, known: Frontier | None = None
    ) -> None:
        self.workspace, self.log, self.size = workspace, log, size
        self._known = known
        self._tree: MerkleTree | None = None

    def proof(self, old: int) -> list[bytes]:
        if not 0 <= old <= self.size:
            raise ValueError(f"no consistency proof from {old} to {self.size}")
        known = self._known
        peaks = known.peaks if known and known.size == old else peaks_at(self.workspace.engine, old)
        compact = proof_or_none(old, peaks, self._leaves(old), self.size) if peaks else None
        if compact is not None:
            return compact
        if self._tree is None:
            self._tree = MerkleTree(self._leaves(0))
        return self._tree.consistency_proof(old, self.size)

    def _leaves(self, start: int) -> bytes:
        if start >= self.size:
            return b""  # nothing added since (or an empty log, which has no index yet)
        with self.log.path(INDEX).open("rb") as fh:
            fh.seek(start * INDEX_RECORD.size)
            blob = fh.read((self.size - start) * INDEX_RECORD.size)
        return read_index(blob, self.size - start)[1]


def witness_status(workspace: Workspace) -> witnesses.WitnessStatus:
    """Which witnesses cosigned the latest checkpoint, and whether that makes a quorum."""
    return witnesses.status(workspace, signed_checkpoint(workspace, cosigned=False))


def export(workspace: Workspace, directory: Path) -> int:
    """Export the signed entries with their (cosigned) checkpoint for outsiders to verify;
    returns how many entries were written (see ``audit.export`` for the format)."""
    log = open_log(workspace)
    with log.locked(exclusive=False):
        state = log.read_state()
    note = _signed(workspace, state.size, state.frontier.root(), cosigned=True)
    return export_log(log, note, state.size, directory, audit_key(workspace)[1])


def check_checkpoint(
    workspace: Workspace, note: str, pinned: Sequence[Verifier] = ()
) -> Checkpoint:
    """Check that this log extends a checkpoint published earlier, signed by a key of the log's
    history (see ``checkpoint_keys``: the ``pinned`` keys and those endorsed after them)."""
    point, _, _ = open_checkpoint(note, checkpoint_keys(workspace, pinned))
    if point.origin != log_origin(workspace):
        raise IntegrityError(f"the checkpoint is of another log ({point.origin})")
    _, tree, _ = load_tree(open_log(workspace))
    check_extends(tree, point.tree_size, point.root, "checkpoint")
    return point


def checkpoint_keys(workspace: Workspace, pinned: Sequence[Verifier] = ()) -> list[Verifier]:
    """The log keys a checkpoint of this workspace may be signed by: the ``pinned`` keys and,
    per the audit key history, each key endorsed after one of them; with nothing pinned, every
    key of the history (the current key, for a log without one). A checkpoint signed before
    ``audit rotate-key`` thus still verifies, against the key history the log itself keeps."""
    history = keys.read_history(workspace.path / AUDIT_DIR)
    origin = log_origin(workspace)
    if history is None:
        return list(pinned) or [Verifier(origin, ED25519, public_key(workspace))]
    if not pinned:
        return [Verifier(origin, ED25519, k) for k in sorted(history.keys_from(None))]
    out = list(pinned)
    for v in pinned:
        later = history.keys_from(v.public_key) - {v.public_key}
        out += [Verifier(v.name, v.sig_type, k) for k in sorted(later)]
    return list(dict.fromkeys(out))


def reconcile(workspace: Workspace, actor: str) -> list[Claim]:
    """Find logged events whose change the store does not hold (a crash between the two) and
    record them as abandoned; returns them (already-abandoned ones are not listed again)."""
    if workspace.read_only:
        raise IntegrityError("reconcile needs the workspace open for writing")
    log = open_log(workspace)
    with log.locked(exclusive=False):
        size = log.read_state().size
    found, done = claims(log, size)
    lost = [c for c in missing(workspace.engine, found) if c.index not in done]
    if lost:
        record(workspace, abandoned_event(workspace.clock(), actor, lost))
    return lost


@dataclass(frozen=True)
class Provenance:
    """The latest checkpoint (cosigned), the witnesses' verdict on it, and for each of a
    report's figures the inclusion proofs of the events behind it, all for one tree
    (``proofs``: every such event once)."""

    checkpoint: str
    tree_size: int
    root_hash: str
    witnesses: witnesses.WitnessStatus
    proofs: tuple[FigureProof, ...]
    figures: tuple[FigureEvidence, ...] = ()


def provenance(
    workspace: Workspace, figures: Sequence[ReportedFigure] = DEFAULT_FIGURES
) -> Provenance:
    """What a report prints so that a donor can check its ``figures`` against the log."""
    log = open_log(workspace)
    _, tree, offsets = load_tree(log)
    note = _signed(workspace, tree.size, tree.root(), cosigned=True)
    status = witnesses.status(workspace, _signed(workspace, tree.size, tree.root(), cosigned=False))
    proved = tuple(prove_figures(log.path(LOG), offsets, tree, tree.size, figures))
    return Provenance(
        note.render(), tree.size, tree.root().hex(), status, distinct_proofs(proved), proved
    )


def rotate_key(workspace: Workspace, actor: str) -> KeyHistory:
    """Replace the log's signing key: the new one is endorsed by the old from the current size
    on, the old key's file is shredded, and the rotation is the new key's first entry. Heads
    and checkpoints signed before still verify; witnesses must be given the new verifier key."""
    log = open_log(workspace)
    log.append([])  # complete whatever a crashed writer left, under the old key
    private, history = audit_key(workspace)
    with log.locked(exclusive=True):
        state = log.read_state()
        if state.head is None:
            raise IntegrityError("the log has no signed head to hand over from")
        rotated = keys.rotate(
            workspace.path / AUDIT_DIR, history, private, state.head, state.log_bytes
        )
    event = AuditKeyRotated(
        at=workspace.clock(), actor=actor, old_key=history.current.public_key,
        new_key=rotated.current.public_key, from_size=rotated.current.from_size,
    )  # fmt: skip
    record(workspace, event)
    return rotated
