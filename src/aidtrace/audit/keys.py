"""The audit key and its history: the log's signing key does not depend on the root key.

The signing key is a random Ed25519 key of its own, kept in a file beside the root key (outside
the workspace, readable by its owner only): rotating the root key leaves it alone, so heads and
checkpoints signed before a rotation still verify, and destroying the root key (crypto-shredding
personal data) leaves the log appendable.

``<workspace>/audit/keys.json`` is the key's history: each key with the tree size (and byte
offset) from which it signs, every key after the first endorsed by the one before it. A log
begun by an older aidtrace, signed by a key derived from the root key, keeps that key as the
first of its history: the new key is endorsed by it on first use, while the root key is there.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from aidtrace.audit.frames import MAGIC
from aidtrace.audit.head import public_bytes, signing_key
from aidtrace.audit.log import HEAD, LOG
from aidtrace.audit.witness import write_atomically
from aidtrace.errors import IntegrityError, KeyMaterialError

HISTORY, KEYS_LOCK = "keys.json", "keys.lock"
FORMAT = "aidtrace-audit-keys/1"
_ENDORSE = b"aidtrace-audit-key/1\x00"


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
class KeyHistory:
    secret: Path
    epochs: tuple[KeyEpoch, ...]

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


def read_history(directory: Path) -> KeyHistory | None:
    path = directory / HISTORY
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        epochs = tuple(KeyEpoch(**e) for e in doc["keys"])
        secret = Path(doc["secret"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise IntegrityError(f"audit key history is damaged: {exc}", source=path) from exc
    if doc.get("format") != FORMAT or not epochs:
        raise IntegrityError("not an audit key history", source=path)
    return KeyHistory(secret, epochs)


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
    size, offset = _log_end(directory)
    if size == 0:
        epochs: tuple[KeyEpoch, ...] = (KeyEpoch(public.hex(), 0, len(MAGIC)),)
    else:  # a log begun under the root-derived key: it endorses the new key
        legacy = signing_key(root_key())
        first = KeyEpoch(public_bytes(legacy.public_key()).hex(), 0, len(MAGIC))
        unsigned = KeyEpoch(public.hex(), size, offset)
        epochs = (
            first,
            KeyEpoch(public.hex(), size, offset, legacy.sign(unsigned.message()).hex()),
        )
    history = KeyHistory(secret, epochs)
    doc = {"format": FORMAT, "secret": str(secret), "keys": [asdict(e) for e in epochs]}
    write_atomically(directory / HISTORY, json.dumps(doc, indent=1).encode())
    return history


def _log_end(directory: Path) -> tuple[int, int]:
    """The signed size and byte length of an existing log (0 if there is none yet)."""
    try:
        doc = json.loads((directory / HEAD).read_text(encoding="utf-8"))
        return int(doc["head"]["tree_size"]), int(doc["log_bytes"])
    except FileNotFoundError:
        log = directory / LOG
        if log.exists() and log.stat().st_size > len(MAGIC):
            raise IntegrityError(
                "the log has entries but no head to start its key history from", source=HEAD
            ) from None
        return 0, len(MAGIC)
    except (ValueError, KeyError, TypeError) as exc:
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


def accepted_keys(directory: Path, pinned: bytes | None) -> Collection[bytes] | None:
    """The keys a check may accept for this log (``None``: no history, take ``pinned`` as is)."""
    history = read_history(directory)
    return history.keys_from(pinned) if history else None


def rotate(
    directory: Path, history: KeyHistory, current: Ed25519PrivateKey, size: int, offset: int
) -> KeyHistory:
    """Replace the audit key from entry ``size`` (byte ``offset``) on: a new key, endorsed by
    ``current``, appended to the history; the old key's file is then overwritten and removed.
    The caller holds the log's writer lock, so nothing is appended meanwhile."""
    secret = history.secret.with_name(f"{history.secret.stem}.{len(history.epochs)}.key")
    key = _new_secret(secret)
    unsigned = KeyEpoch(public_bytes(key.public_key()).hex(), size, offset)
    epoch = KeyEpoch(unsigned.public_key, size, offset, current.sign(unsigned.message()).hex())
    rotated = KeyHistory(secret, (*history.epochs, epoch))
    doc = {"format": FORMAT, "secret": str(secret), "keys": [asdict(e) for e in rotated.epochs]}
    write_atomically(directory / HISTORY, json.dumps(doc, indent=1).encode())
    _shred(history.secret)
    return rotated


def _shred(path: Path) -> None:
    """Overwrite a retired key file with random bytes, flush it, and remove it."""
    with path.open("r+b") as fh:
        fh.write(os.urandom(max(path.stat().st_size, 65)))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
