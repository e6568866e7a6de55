"""Checking a whole log: every entry against its hash, the tree against its signed head, and the
log against heads published earlier (consistency proofs: the old tree must be a prefix)."""

from __future__ import annotations

import mmap
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from aidtrace.audit.frames import INDEX_RECORD, MAGIC, read_index, scan, scan_leaves
from aidtrace.audit.head import TreeHead, check_head
from aidtrace.audit.log import INDEX, LOG, AuditLog, HeadState, RolledBack
from aidtrace.audit.mark import Mark, compare
from aidtrace.audit.merkle import EMPTY_ROOT, MerkleTree, verify_consistency
from aidtrace.errors import IntegrityError


@dataclass(frozen=True)
class Verification:
    """What a clean check found. Any failure raises ``IntegrityError`` instead."""

    head: TreeHead | None
    entries: int
    pending: int  # whole entries past the head: a writer died before signing; the next completes
    torn_bytes: int  # a torn last frame nobody was told about; the next writer cuts it
    published_checked: int


@contextmanager
def _mapped(log: AuditLog) -> Iterator[memoryview]:
    path = log.path(LOG)
    if not path.exists() or path.stat().st_size == 0:
        yield memoryview(b"")
        return
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        view = memoryview(mm)
        try:
            yield view
        finally:
            view.release()


@dataclass(frozen=True)
class _Entries:
    leaves: bytes
    offsets: list[int]
    pending: int
    torn_bytes: int


def _check_entries(
    buf: memoryview, state: HeadState, key: bytes | None, macs_from: int = 0
) -> _Entries:
    """Leaf hashes of the signed entries, plus whole pending entries and torn bytes after them.
    Frame macs are checked (given ``key``) from entry ``macs_from`` on: the frames before it
    were written under an earlier audit key."""
    if state.size == 0 and len(buf) == 0:
        return _Entries(b"", [], 0, 0)
    if bytes(buf[: len(MAGIC)]) != MAGIC:
        raise IntegrityError("log.bin does not start with the aidtrace log header")
    first = min(macs_from, state.size) if key is not None else 0
    leaves, offsets, offset = scan_leaves(buf, len(MAGIC), first, None)
    if len(offsets) == first:
        more, rest, offset = scan_leaves(buf, offset, state.size - first, key)
        leaves, offsets = leaves + more, offsets + rest
    if len(offsets) < state.size:
        raise IntegrityError(
            f"entry {len(offsets)} (byte {offset}) is missing or does not match its hash or mac "
            "(altered, removed or truncated)",
            source=LOG,
        )
    if offset != state.log_bytes:
        raise IntegrityError("log.bin: the signed entries end where the head says they do not")
    pending = list(scan(buf, offset))
    end = pending[-1].end if pending else offset
    return _Entries(leaves, offsets, len(pending), len(buf) - end)


def _check_index(log: AuditLog, entries: _Entries) -> None:
    """The index is derived and may lag after a power cut, but what it holds must agree."""
    path = log.path(INDEX)
    blob = path.read_bytes() if path.exists() else b""
    count = min(len(blob) // INDEX_RECORD.size, len(entries.offsets))
    offsets, leaves = read_index(blob, count)
    if leaves != entries.leaves[: count * 32] or offsets != entries.offsets[:count]:
        raise IntegrityError("index.bin disagrees with log.bin (altered index)", source=INDEX)


def check_published(tree: MerkleTree, head: TreeHead | None, published: TreeHead) -> None:
    """The log must extend ``published``: same prefix, proven by an RFC 9162 consistency proof."""
    check_extends(tree, published.tree_size, published.root, "published head")


def check_extends(tree: MerkleTree, size: int, root: bytes, what: str) -> None:
    """The tree must extend the one of ``size`` entries with ``root`` (an earlier head or
    checkpoint): same prefix, proven by an RFC 9162 consistency proof."""
    if size > tree.size:
        raise RolledBack(
            f"a {what} covers {size:,} entries but the log has only {tree.size:,}: entries "
            "were removed"
        )
    proof = tree.consistency_proof(size)
    if not verify_consistency(size, tree.size, root, tree.root(), proof):
        raise IntegrityError(
            f"the log is not an extension of the {what} of size {size:,} (its history was "
            "rewritten)"
        )


def verify_log(
    log: AuditLog,
    public_key: bytes | Collection[bytes] | None = None,
    published: Sequence[TreeHead] = (),
    frame_key: bytes | None = None,
    mark: Mark | None = None,
    macs_from: int = 0,
) -> Verification:
    """Check everything; raise ``IntegrityError`` naming the first problem found.

    Anyone can check entries, tree and signature; the holder of the key can pass
    ``frame_key`` to check each frame's mac as well (see ``frames``). Given the store's
    ``mark``, a log shorter than it, or not extending it, is a rollback (``RolledBack``)."""
    with log.locked(exclusive=False):
        state = log.read_state()
        if state.head is not None:
            check_head(state.head, public_key)
        with _mapped(log) as buf:
            entries = _check_entries(buf, state, frame_key, macs_from)
        _check_index(log, entries)
    tree = MerkleTree(entries.leaves)
    expected = state.head.root if state.head else EMPTY_ROOT
    if tree.root() != expected:
        raise IntegrityError("the entries do not hash to the signed root (altered or reordered)")
    _check_mark(tree, mark)
    for head in published:
        check_head(head, public_key)
        check_published(tree, state.head, head)
    return Verification(state.head, tree.size, entries.pending, entries.torn_bytes, len(published))


def _check_mark(tree: MerkleTree, mark: Mark | None) -> None:
    if mark is None:
        return
    root = tree.root(mark.tree_size) if mark.tree_size <= tree.size else None
    problem = compare(mark, tree.size, root)
    if problem:
        raise RolledBack(problem)


def load_tree(log: AuditLog) -> tuple[HeadState, MerkleTree, list[int]]:
    """The signed tree from the index (fast path for proofs), checked against its signed root."""
    with log.locked(exclusive=False):
        state = log.read_state()
        path = log.path(INDEX)
        blob = path.read_bytes() if path.exists() else b""
    if len(blob) < state.size * INDEX_RECORD.size:
        raise IntegrityError("index.bin lags the signed head; append once or run verify")
    offsets, leaves = read_index(blob, state.size)
    tree = MerkleTree(leaves)
    if tree.root() != (state.head.root if state.head else EMPTY_ROOT):
        raise IntegrityError("index.bin does not hash to the signed root; run `audit verify`")
    return state, tree, offsets
