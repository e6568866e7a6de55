"""The audit key and its history: the log's signing key does not depend on the root key.

The signing key is a random Ed25519 key of its own, kept in a file beside the root key (outside
the workspace, readable by its owner only): rotating the root key leaves it alone, so heads and
checkpoints signed before a rotation still verify, and destroying the root key (crypto-shredding
personal data) leaves the log appendable.

``<workspace>/audit/keys.json`` is the key's history: each key with the tree size (and byte
offset) from which it signs, every key after the first endorsed by the one before it. A log
begun by an older aidtrace, signed by a key derived from the root key, keeps that key as the
first of its history: the new key is endorsed by it on first use, while the root key is there.

At each change of key the history also keeps a *handover*: the log's size, byte length and root
hash at that moment, signed by the new key and endorsed by the old. The old key is destroyed, so
the macs of the entries it wrote can no longer be checked; when the log has lost its head, or was
cut below it, ``audit recover`` accepts those entries only if they still hash to a handover's
root, and a handover counts only if a chain of handovers leads to it from the key in hand.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from aidtrace.audit.frames import MAGIC
from aidtrace.audit.head import TreeHead, check_head, public_bytes, signing_key
from aidtrace.audit.log import HEAD, LOG, SignedPrefix
from aidtrace.audit.witness import write_atomically
from aidtrace.errors import InputError, IntegrityError, KeyMaterialError

HISTORY, KEYS_LOCK = "keys.json", "keys.lock"
FORMAT = "aidtrace-audit-keys/1"
_ENDORSE = b"aidtrace-audit-key/1\x00"
_HANDOVER = b"aidtrace-audit-handover/1\x00"


@dataclass(frozen=True)
class KeyEpoch:
    """One audit key and where in the log it starts signing."""

    public_key: str
    from_size: int
    from_offset: int
    endorsement: str = ""  # the previous key's signature over this record ("" for the first)

    @property
    def key(self) -> bytes:
        return bytes.fromhex(self.public_key)

    def message(self) -> bytes:
        return (
            _ENDORSE
            + self.key
            + self.from_size.to_bytes(8, "big")
            + (self.from_offset.to_bytes(8, "big"))
        )


@dataclass(frozen=True)
class Handover:
    """The log as it stood when ``new_key`` took over from ``old_key``: signed by the new key
    (``signature``) and by the old (``endorsement``)."""

    new_key: str
    old_key: str
    tree_size: int
    log_bytes: int
    root_hash: str
    signature: str = ""
    endorsement: str = ""

    def message(self) -> bytes:
        return (
            _HANDOVER
            + bytes.fromhex(self.new_key)
            + bytes.fromhex(self.old_key)
            + self.tree_size.to_bytes(8, "big")
            + self.log_bytes.to_bytes(8, "big")
            + bytes.fromhex(self.root_hash)
        )

    def signed_by(self, new: Ed25519PrivateKey, old: Ed25519PrivateKey) -> Handover:
        message = self.message()
        return Handover(
            self.new_key, self.old_key, self.tree_size, self.log_bytes, self.root_hash,
            new.sign(message).hex(), old.sign(message).hex(),
        )  # fmt: skip

    def valid(self) -> bool:
        """Both signatures hold over what the record says."""
        try:
            message = self.message()
            for key, signature in (
                (self.new_key, self.signature),
                (self.old_key, self.endorsement),
            ):
                Ed25519PublicKey.from_public_bytes(bytes.fromhex(key)).verify(
                    bytes.fromhex(signature), message
                )
        except (InvalidSignature, ValueError):
            return False
        return len(bytes.fromhex(self.root_hash)) == 32

    def joins(self, before: KeyEpoch, after: KeyEpoch) -> bool:
        """This is the handover from ``before``'s key to ``after``'s, where ``after`` starts."""
        return (self.old_key, self.new_key, self.tree_size, self.log_bytes) == (
            before.public_key, after.public_key, after.from_size, after.from_offset,
        )  # fmt: skip


@dataclass(frozen=True)
class KeyHistory:
    secret: Path
    epochs: tuple[KeyEpoch, ...]
    handovers: tuple[Handover, ...] = ()

    @property
    def current(self) -> KeyEpoch:
        return self.epochs[-1]

    def check(self) -> None:
        """Every key after the first must be endorsed by the one before it."""
        for before, after in zip(self.epochs, self.epochs[1:], strict=False):
            try:
                Ed25519PublicKey.from_public_bytes(before.key).verify(
                    bytes.fromhex(after.endorsement), after.message()
                )
            except (InvalidSignature, ValueError) as exc:
                raise IntegrityError(
                    f"audit key history: the key from entry {after.from_size} is not endorsed "
                    "by the key before it",
                    source=HISTORY,
                ) from exc

    def keys_from(self, pinned: bytes | None = None) -> set[bytes]:
        """The keys a verifier who trusts ``pinned`` (default: every key) may accept: ``pinned``
        and the keys endorsed after it; only ``pinned`` if it is not in the history."""
        self.check()
        keys = [e.key for e in self.epochs]
        if pinned is None:
            return set(keys)
        return set(keys[keys.index(pinned) :]) if pinned in keys else {pinned}

    def vouched(self, holder: bytes) -> list[SignedPrefix]:
        """The log prefixes recorded at key changes that ``holder`` (the key in hand, which must
        be the current one) vouches for: walking back, each handover is signed by a key the
        later one named, and names the key before it. The walk stops at the first change
        without a valid handover (a history written before handovers were kept)."""
        if not self.epochs or self.current.key != holder:
            return []
        found: list[SignedPrefix] = []
        for at in range(len(self.epochs) - 1, 0, -1):
            before, after = self.epochs[at - 1], self.epochs[at]
            record = next((h for h in self.handovers if h.joins(before, after)), None)
            if record is None or not record.valid():
                break
            found.append(SignedPrefix(record.tree_size, record.log_bytes, record.root_hash))
        return found

    def checked_handovers(self, holder: bytes) -> list[SignedPrefix]:
        """``vouched``, raising ``IntegrityError`` if any handover kept is not among them (an
        altered record, or one that joins no two keys of the history)."""
        found = self.vouched(holder)
        if len(found) != len(self.handovers):
            sizes = {p.size for p in found}
            bad = next(h for h in self.handovers if h.tree_size not in sizes)
            raise IntegrityError(
                f"audit key history: the record of the log at the key change at entry "
                f"{bad.tree_size} is not signed by the keys it joins (altered?)",
                source=HISTORY,
            )
        return found


def read_history(directory: Path) -> KeyHistory | None:
    path = directory / HISTORY
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        epochs = tuple(KeyEpoch(**e) for e in doc["keys"])
        handovers = tuple(Handover(**h) for h in doc.get("handovers", []))
        secret = Path(doc["secret"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise IntegrityError(f"audit key history is damaged: {exc}", source=path) from exc
    if doc.get("format") != FORMAT or not epochs:
        raise IntegrityError("not an audit key history", source=path)
    return KeyHistory(secret, epochs, handovers)


def _write(directory: Path, history: KeyHistory) -> None:
    doc = {
        "format": FORMAT,
        "secret": str(history.secret),
        "keys": [asdict(e) for e in history.epochs],
        "handovers": [asdict(h) for h in history.handovers],
    }
    write_atomically(directory / HISTORY, json.dumps(doc, indent=1).encode())


def audit_key(
    directory: Path, secret: Path, root_key: Callable[[], bytes]
) -> tuple[Ed25519PrivateKey, KeyHistory]:
    """The current audit signing key and its history, both made on first need: the key in
    ``secret``, endorsed by the root-derived key if the log was begun under that one."""
    history = read_history(directory)
    if history is None:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / KEYS_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            history = read_history(directory) or _start(directory, secret, root_key)
        finally:
            os.close(fd)
    return _load(history.secret), history


def _start(directory: Path, secret: Path, root_key: Callable[[], bytes]) -> KeyHistory:
    key = _new_secret(secret)
    public = public_bytes(key.public_key())
    head, offset = _log_end(directory)
    if head is None or head.tree_size == 0:
        history = KeyHistory(secret, (KeyEpoch(public.hex(), 0, len(MAGIC)),))
    else:  # a log begun under the root-derived key: it endorses the new key
        legacy = signing_key(root_key())
        first = KeyEpoch(public_bytes(legacy.public_key()).hex(), 0, len(MAGIC))
        size = head.tree_size
        unsigned = KeyEpoch(public.hex(), size, offset)
        endorsed = KeyEpoch(public.hex(), size, offset, legacy.sign(unsigned.message()).hex())
        history = KeyHistory(
            secret, (first, endorsed), _handover(head, first, endorsed, key, legacy)
        )
    _write(directory, history)
    return history


def _handover(
    head: TreeHead,
    before: KeyEpoch,
    after: KeyEpoch,
    new: Ed25519PrivateKey,
    old: Ed25519PrivateKey,
) -> tuple[Handover, ...]:
    """The handover from a legacy log's key, at its head, if the old key signed that head (a
    head.json nobody can vouch for gives none: recovery then needs a backup, as before)."""
    try:
        check_head(head, before.key)
    except IntegrityError:
        return ()
    unsigned = Handover(after.public_key, before.public_key, after.from_size,
                        after.from_offset, head.root_hash)  # fmt: skip
    return (unsigned.signed_by(new, old),)


def _log_end(directory: Path) -> tuple[TreeHead | None, int]:
    """The signed head and byte length of an existing log (no head if there is none yet)."""
    try:
        doc = json.loads((directory / HEAD).read_text(encoding="utf-8"))
        return TreeHead.from_json(doc["head"], HEAD), int(doc["log_bytes"])
    except FileNotFoundError:
        log = directory / LOG
        if log.exists() and log.stat().st_size > len(MAGIC):
            raise IntegrityError(
                "the log has entries but no head to start its key history from", source=HEAD
            ) from None
        return None, len(MAGIC)
    except (ValueError, KeyError, TypeError, InputError) as exc:
        raise IntegrityError(f"head.json is damaged: {exc}", source=HEAD) from exc


def _new_secret(path: Path) -> Ed25519PrivateKey:
    """A new key in ``path``, or the one already there (a first use that died half-way)."""
    if path.exists():
        return _load(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, os.urandom(32).hex().encode() + b"\n")
    return _load(path)


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        seed = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError as exc:
        raise KeyMaterialError("audit key file not found (moved?)", source=path) from exc
    except (OSError, ValueError) as exc:
        raise KeyMaterialError(f"cannot read the audit key: {exc}", source=path) from exc
    if len(seed) != 32:
        raise KeyMaterialError("the audit key file does not hold a 32-byte key", source=path)
    return Ed25519PrivateKey.from_private_bytes(seed)


def rotate(
    directory: Path, history: KeyHistory, current: Ed25519PrivateKey, head: TreeHead, offset: int
) -> KeyHistory:
    """Replace the audit key from the signed ``head`` (byte ``offset``) on: a new key, endorsed
    by ``current``, appended to the history with the handover at ``head``; the old key's file
    is then overwritten and removed. The caller holds the log's writer lock, so nothing is
    appended meanwhile."""
    check_head(head, history.keys_from(None))
    secret = history.secret.with_name(f"{history.secret.stem}.{len(history.epochs)}.key")
    key = _new_secret(secret)
    size = head.tree_size
    unsigned = KeyEpoch(public_bytes(key.public_key()).hex(), size, offset)
    epoch = KeyEpoch(unsigned.public_key, size, offset, current.sign(unsigned.message()).hex())
    handover = Handover(epoch.public_key, history.current.public_key, size, offset,
                        head.root_hash).signed_by(key, current)  # fmt: skip
    rotated = KeyHistory(secret, (*history.epochs, epoch), (*history.handovers, handover))
    _write(directory, rotated)
    _shred(history.secret)
    return rotated


def _shred(path: Path) -> None:
    """Overwrite a retired key file with random bytes, flush it, and remove it."""
    with path.open("r+b") as fh:
        fh.write(os.urandom(max(path.stat().st_size, 65)))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
