"""The append-only audit log on disk, its lock, and recovery after a crash.

The log lives beside the store, not in it: ``<workspace>/audit/`` holds ``log.bin`` (the
entries, see ``frames``), ``index.bin`` (derived), ``head.json`` (the latest signed tree head plus
the writer's frontier) and ``lock``. DuckDB admits one read-write process, but the CLI and the
web server must both append, so writers serialise on an exclusive ``fcntl.flock`` of ``lock``
and readers take it shared.

An append writes the frames, fsyncs the log (the commit point), extends the index, then
replaces ``head.json`` atomically and durably. Only then is the append acknowledged. A writer
that finds whole, authenticated frames past the head (the previous writer died after its fsync)
completes them into a new head; a torn last frame is cut off. Entries covered by a signed head
are never cut: a log shorter than its head is reported as tampering, and without a head nothing
is cut at all.

A ``guard`` (see ``audit.mark``) sees what a writer found before anything is written: the
workspace's guard refuses a log that is shorter than the store has seen, or has lost its head.
A log opened ``recovering`` accepts what its authenticated frames hold, whatever its head says.
Frames written under a retired audit key (see ``audit.keys``) can no longer be authenticated by
their macs: they are accepted only as a prefix that hashes to a root signed when the key changed
(``vouched``), and the frames after it must carry the current key's macs.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.frames import INDEX_RECORD, MAGIC, Frame, encode_frame, index_record, scan
from aidtrace.audit.head import TreeHead, frame_key, sign_head
from aidtrace.audit.merkle import Frontier
from aidtrace.errors import InputError, IntegrityError
from aidtrace.files import fsync_path

LOG, INDEX, HEAD, LOCK = "log.bin", "index.bin", "head.json", "lock"


class HeadLost(IntegrityError):
    """``head.json`` is missing or unreadable while the log holds entries."""


class RolledBack(IntegrityError):
    """The log is shorter than, or differs from, what the store saw: someone rolled it back."""


# Called by a writer with the tree it found (signed plus completed entries) and whether the
# head was lost, before it writes anything; raises to refuse.
Guard = Callable[["Frontier", bool], None]


@dataclass(frozen=True)
class SignedPrefix:
    """The log's first ``size`` entries, ``log_bytes`` long, hash to ``root_hash``: vouched for
    by a signed record kept outside the log (a handover at a change of audit key)."""

    size: int
    log_bytes: int
    root_hash: str


@dataclass(frozen=True)
class Receipt:
    """An acknowledged append: the entry's position and leaf hash, and the head covering it."""

    index: int
    leaf_hash: str
    tree_size: int
    root_hash: str = ""


@dataclass(frozen=True)
class HeadState:
    """The signed head plus what the writer needs to extend it without rereading the log."""

    head: TreeHead | None
    log_bytes: int
    frontier: Frontier

    @property
    def size(self) -> int:
        return self.frontier.size


class AuditLog:
    """One log directory. ``signer`` and ``clock`` are injected; readers need neither."""

    def __init__(
        self,
        directory: Path,
        signer: Callable[[], Ed25519PrivateKey] | None = None,
        clock: Callable[[], datetime] | None = None,
        *,
        guard: Guard | None = None,
        recovering: bool = False,
        vouched: Callable[[], Sequence[SignedPrefix]] | None = None,
    ) -> None:
        self.directory = directory
        self._signer = signer
        self._clock = clock
        self._guard = guard
        self._recovering = recovering
        self._vouched = vouched  # asked only when frames past the head fail their macs
        # The states this object's last append extended from and to (for the store's mark and
        # the witnesses' consistency proofs, without rereading the head).
        self.appended: tuple[HeadState, HeadState] | None = None

    def path(self, name: str) -> Path:
        return self.directory / name

    @contextmanager
    def locked(self, exclusive: bool) -> Iterator[None]:
        """Hold the log's lock: exclusive to write, shared to read a consistent state."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path(LOCK), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def read_state(self) -> HeadState:
        """The state recorded in ``head.json`` (the empty log if there is none yet)."""
        try:
            doc = json.loads(self.path(HEAD).read_text(encoding="utf-8"))
            frontier = Frontier([(int(n), bytes.fromhex(h)) for n, h in doc["frontier"]])
            head = TreeHead.from_json(doc["head"], self.path(HEAD))
        except FileNotFoundError:
            if self.path(LOG).exists() and self.path(LOG).stat().st_size > len(MAGIC):
                raise HeadLost(
                    "the log has entries but no signed head (head.json removed?): inspect, "
                    "then `aidtrace audit recover`"
                ) from None
            return HeadState(None, len(MAGIC), Frontier())
        except (ValueError, KeyError, TypeError, InputError) as exc:
            raise HeadLost(f"head.json is damaged: {exc}") from exc
        if frontier.size != head.tree_size or frontier.root() != head.root:
            raise IntegrityError("head.json: the writer's frontier does not match the signed head")
        return HeadState(head, int(doc["log_bytes"]), frontier)

    def append(self, entries: Sequence[bytes]) -> list[Receipt]:
        """Append entries durably under one signed head; returns one receipt per entry."""
        with self.locked(exclusive=True):
            state = self._recover()
            if not entries:
                return []
            key, first = self._frame_key(), state.size
            frames, offsets, end = [], [], state.log_bytes
            for entry in entries:
                frame, leaf = encode_frame(entry, key, end)
                frames.append(frame)
                offsets.append((end, leaf))
                end += len(frame)
            self._write_log(state.log_bytes, b"".join(frames))
            self._write_index(state, offsets)
            leaves = [leaf for _, leaf in offsets]
            new = self._extend(state, leaves, end)
            self.appended = (state, new)
        root = new.frontier.root().hex()
        return [Receipt(first + i, leaf.hex(), new.size, root) for i, leaf in enumerate(leaves)]

    def _recover(self) -> HeadState:
        """Bring log, index and head into agreement before writing (writer lock held)."""
        state, trusted = self._start_state()
        tail = self._tail(state)
        pending = list(scan(tail, 0))
        self._check_macs(state, pending)
        end = state.log_bytes + (pending[-1].end if pending else 0)
        if end < state.log_bytes + len(tail) and not trusted:
            raise IntegrityError(
                f"log.bin: a damaged entry at byte {end} and no signed head to say where the "
                "log ends; refusing to cut it (inspect, or restore head.json)"
            )
        if self._guard is not None:
            found = Frontier(state.frontier.peaks)
            for f in pending:
                found.push(f.leaf)
            self._guard(found, not trusted)
        return self._complete(state, pending, end, len(tail))

    def _check_macs(self, state: HeadState, pending: list[Frame]) -> None:
        """Refuse frames past the head that no writer of this log made: each must carry the
        current key's mac, except a leading run that hashes to a vouched prefix's root."""
        key = self._frame_key()
        if all(_shifted(f, state.log_bytes).authentic(key) for f in pending):
            return
        covered = self._covered(state, pending)
        if all(_shifted(f, state.log_bytes).authentic(key) for f in pending[covered:]):
            return
        if covered:
            detail = (
                f"entries from {state.size + covered} on were not written under the current "
                "audit key (under a retired one, or inserted?)"
            )
        elif self._vouched is not None and self._vouched():
            detail = (
                "entries after the signed head were not written by a writer of this log, nor "
                "do they hash to the log as recorded at its audit key changes (rewritten, or cut "
                "below a change?)"
            )
        else:
            detail = (
                "entries after the signed head were not written by a writer of this log "
                "(inserted, or written under a retired audit key?)"
            )
        raise IntegrityError(
            f"log.bin: {detail}; refusing to sign them (inspect, or restore audit/ from a backup)"
        )

    def _covered(self, state: HeadState, pending: list[Frame]) -> int:
        """How many of ``pending`` make up the longest vouched prefix they extend the signed
        state to: the same size, byte length and root (0 if none)."""
        prefixes = self._vouched() if self._vouched is not None else ()
        best = 0
        for prefix in prefixes:
            count = prefix.size - state.size
            if not best < count <= len(pending):
                continue
            found = Frontier(state.frontier.peaks)
            for f in pending[:count]:
                found.push(f.leaf)
            end = state.log_bytes + pending[count - 1].end
            if end == prefix.log_bytes and found.root().hex() == prefix.root_hash:
                best = count
        return best

    def _start_state(self) -> tuple[HeadState, bool]:
        """The signed state to extend, and whether it came from a head (else from frames)."""
        empty = HeadState(None, len(MAGIC), Frontier())
        try:
            state = self.read_state()
        except HeadLost:
            # Every frame carries a mac, so the whole log can be re-derived from authenticated
            # frames; the guard decides whether that is allowed.
            return empty, False
        if self._recovering and self._log_size() < state.log_bytes:
            return empty, False  # the log was cut below its head: take what is left
        return state, True

    def _log_size(self) -> int:
        path = self.path(LOG)
        return path.stat().st_size if path.exists() else 0

    def _tail(self, state: HeadState) -> bytes:
        """The bytes after the signed entries (checking the header and the signed length)."""
        log_path = self.path(LOG)
        if not log_path.exists() or log_path.stat().st_size < len(MAGIC):
            return b"" if state.size == 0 else self._short(state)
        with log_path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise IntegrityError("log.bin does not start with the aidtrace log header")
            if os.fstat(fh.fileno()).st_size < state.log_bytes:
                self._short(state)
            fh.seek(state.log_bytes)
            return fh.read()

    @staticmethod
    def _short(state: HeadState) -> NoReturn:
        raise IntegrityError(
            f"log.bin is shorter than its signed head of {state.size} entries (truncated)"
        )

    def _complete(
        self, state: HeadState, pending: list[Frame], end: int, tail_bytes: int
    ) -> HeadState:
        """Write what recovery decided: the header of a new log, the cut, index and head."""
        log_path = self.path(LOG)
        if not log_path.exists() or log_path.stat().st_size < len(MAGIC):
            _atomic_write(log_path, MAGIC, durable=True)
        if state.head is None and not pending:
            # A new log: a signed head of size 0 before any entry, so that from now on a
            # missing head means a lost one.
            state = self._extend(state, [], len(MAGIC))
        if end < state.log_bytes + tail_bytes:
            os.truncate(log_path, end)  # a torn frame nobody was told about
            fsync_path(log_path)
        self._write_index(state, [(state.log_bytes + f.offset, f.leaf) for f in pending])
        if pending:
            return self._extend(state, [f.leaf for f in pending], end)
        return state

    def _frame_key(self) -> bytes:
        if self._signer is None:
            raise IntegrityError("this audit log was opened read-only")
        return frame_key(self._signer())

    def _write_log(self, at: int, blob: bytes) -> None:
        fd = os.open(self.path(LOG), os.O_WRONLY)
        try:
            os.pwrite(fd, blob, at)
            os.fsync(fd)  # the commit point: after this the entries survive a crash
        finally:
            os.close(fd)

    def _write_index(self, state: HeadState, records: list[tuple[int, bytes]]) -> None:
        """Write index records after the head's ``state.size`` (cutting anything stale there)."""
        at = state.size * INDEX_RECORD.size
        fd = os.open(self.path(INDEX), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.fstat(fd).st_size < at:
                # The index is not fsynced: after a power cut it may lag the head. Rebuild it.
                os.pwrite(fd, self._index_from_log(state.size), 0)
            os.ftruncate(fd, at)
            os.pwrite(fd, b"".join(index_record(o, h) for o, h in records), at)
        finally:
            os.close(fd)

    def _index_from_log(self, count: int) -> bytes:
        data = self.path(LOG).read_bytes()
        frames = list(scan(data, len(MAGIC), count))
        if len(frames) != count:
            raise IntegrityError(f"log.bin holds {len(frames)} intact entries, its head {count}")
        return b"".join(index_record(f.offset, f.leaf) for f in frames)

    def _extend(self, state: HeadState, leaves: list[bytes], log_bytes: int) -> HeadState:
        if self._signer is None or self._clock is None:
            raise IntegrityError("this audit log was opened read-only")
        frontier = Frontier(state.frontier.peaks)
        for leaf in leaves:
            frontier.push(leaf)
        head = sign_head(self._signer(), frontier.size, frontier.root(), self._clock())
        doc = {
            "head": head.to_json(),
            "log_bytes": log_bytes,
            "frontier": [[n, h.hex()] for n, h in frontier.peaks],
        }
        # Durable: once a head is written, a missing head means a removed one (see the guard).
        _atomic_write(self.path(HEAD), json.dumps(doc, indent=1).encode(), durable=True)
        return HeadState(head, log_bytes, frontier)


def _shifted(frame: Frame, base: int) -> Frame:
    """A frame read from a slice of the log, placed back at its offset in the whole file."""
    return replace(frame, offset=frame.offset + base)


def _atomic_write(path: Path, blob: bytes, *, durable: bool) -> None:
    """Replace ``path`` whole: readers see the old or the new content, never a mix. Durable:
    after a power cut the file is there, whole, with this content or the one it replaced."""
    existed = path.exists()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, blob)
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if durable and not existed:
        # A new name must survive a power cut. A replaced head need not: the one it replaced
        # is still a valid signed head, and the next writer completes the entries after it
        # from their authenticated frames (one fsync fewer on every append).
        fsync_path(path.parent)
