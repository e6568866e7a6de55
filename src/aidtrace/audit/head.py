"""Signed tree heads: the log's size and root hash at a moment, signed with Ed25519.

The signing key is derived from the workspace root key for one purpose only
(``KeyPurpose.AUDIT_SIGNING``); the head carries the public key so anyone can check the
signature, and ``key_id`` (the public key's SHA-256) so they can pin it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from aidtrace.errors import InputError, IntegrityError
from aidtrace.privacy.keys import KeyPurpose, derive_key

FORMAT = "aidtrace-sth/1"
_SIGNED = struct.Struct(">QQ32s")


def signing_key(root_key: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(derive_key(root_key, KeyPurpose.AUDIT_SIGNING))


def frame_key(key: Ed25519PrivateKey) -> bytes:
    """The HMAC key that authenticates log frames, bound to the signing key."""
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hmac.new(raw, b"aidtrace-audit-frame-mac/1", hashlib.sha256).digest()


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class TreeHead:
    """What a head publishes. ``timestamp_ms`` is milliseconds since the Unix epoch, UTC."""

    tree_size: int
    root_hash: str
    timestamp_ms: int
    public_key: str
    signature: str
    format: str = FORMAT

    @property
    def root(self) -> bytes:
        return bytes.fromhex(self.root_hash)

    @property
    def key_id(self) -> str:
        return hashlib.sha256(bytes.fromhex(self.public_key)).hexdigest()

    @property
    def timestamp(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC)

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "key_id": self.key_id, "timestamp": self.timestamp.isoformat()}

    @classmethod
    def from_json(cls, doc: dict[str, object], source: str | Path = "tree head") -> TreeHead:
        try:
            return cls(
                tree_size=int(str(doc["tree_size"])),
                root_hash=str(doc["root_hash"]),
                timestamp_ms=int(str(doc["timestamp_ms"])),
                public_key=str(doc["public_key"]),
                signature=str(doc["signature"]),
                format=str(doc.get("format", FORMAT)),
            )
        except (KeyError, ValueError) as exc:
            raise InputError(f"not a signed tree head: {exc}", source=source) from exc


def signed_message(tree_size: int, timestamp_ms: int, root: bytes) -> bytes:
    """The bytes a head's signature covers: a label, the size, the time and the root."""
    return FORMAT.encode() + b"\x00" + _SIGNED.pack(tree_size, timestamp_ms, root)


def sign_head(key: Ed25519PrivateKey, tree_size: int, root: bytes, at: datetime) -> TreeHead:
    ms = int(at.timestamp() * 1000)
    signature = key.sign(signed_message(tree_size, ms, root))
    return TreeHead(
        tree_size, root.hex(), ms, public_bytes(key.public_key()).hex(), signature.hex()
    )


def check_head(head: TreeHead, public_key: bytes | Collection[bytes] | None = None) -> None:
    """Raise ``IntegrityError`` unless the head is well formed and signed by the expected key
    (or one of the expected keys: an audit key history)."""
    if head.format != FORMAT:
        raise IntegrityError(f"unknown tree head format {head.format!r}")
    try:
        key_bytes = bytes.fromhex(head.public_key)
        root = bytes.fromhex(head.root_hash)
        signature = bytes.fromhex(head.signature)
    except ValueError as exc:
        raise IntegrityError("tree head holds a malformed hex field") from exc
    allowed = {public_key} if isinstance(public_key, bytes) else public_key
    if allowed is not None and key_bytes not in allowed:
        raise IntegrityError("tree head is signed by a different key than this workspace's")
    if len(root) != 32:
        raise IntegrityError("tree head root hash is not 32 bytes")
    try:
        key = Ed25519PublicKey.from_public_bytes(key_bytes)
        key.verify(signature, signed_message(head.tree_size, head.timestamp_ms, root))
    except (InvalidSignature, ValueError) as exc:
        raise IntegrityError(f"tree head of size {head.tree_size}: bad signature") from exc


def load_head(path: Path) -> TreeHead:
    """A published head from a JSON file (as written by ``aidtrace audit head``)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("tree head file not found", source=path) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read tree head: {exc}", source=path) from exc
    if not isinstance(doc, dict):
        raise InputError("not a signed tree head", source=path)
    return TreeHead.from_json(doc, path)
