"""Where the root key comes from. It never lives inside the workspace's store.

The foundation knows one source, a key file with 0600 permissions kept outside the store; the
privacy layer adds environment-variable, passphrase (Argon2id) and external-KMS sources behind the
same ``KeySource`` protocol.
"""

from __future__ import annotations

import os
import secrets
import stat
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from aidtrace.errors import KeyMaterialError

ROOT_KEY_BYTES = 32


class KeySource(Protocol):
    """Anything that can hand over the 32-byte root key."""

    def describe(self) -> str:
        """A human description that names no secret (for config and messages)."""

    def root_key(self) -> bytes:
        """The root key, or ``KeyMaterialError`` if it is missing or destroyed."""


class FileKeySource:
    """A root key held in a file outside the workspace, readable by its owner only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        return f"file:{self.path}"

    @classmethod
    def create(cls, path: Path) -> FileKeySource:
        """Write a fresh random root key; refuses to overwrite an existing key."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise KeyMaterialError("a key file already exists here", source=path) from exc
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(ROOT_KEY_BYTES).hex().encode() + b"\n")
        return cls(path)

    def root_key(self) -> bytes:
        try:
            mode = self.path.stat().st_mode
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError as exc:
            raise KeyMaterialError(
                "key file not found (destroyed or moved?)", source=self.path
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyMaterialError(f"cannot read key file: {exc}", source=self.path) from exc
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyMaterialError("key file is readable by others; chmod 600 it", source=self.path)
        try:
            key = bytes.fromhex(text)
        except ValueError as exc:
            raise KeyMaterialError("key file does not hold a hex key", source=self.path) from exc
        if len(key) != ROOT_KEY_BYTES:
            raise KeyMaterialError("key file holds a key of the wrong length", source=self.path)
        return key


def key_source_from_spec(spec: str) -> KeySource:
    """Rebuild a key source from the description stored in the workspace config."""
    kind, _, rest = spec.partition(":")
    if kind == "file" and rest:
        return FileKeySource(Path(rest))
    raise KeyMaterialError(f"unknown key source {spec!r}")


class KeyPurpose(StrEnum):
    """Each use of key material gets its own key, derived from the root with HKDF."""

    FIELD_ENCRYPTION = "field-encryption"
    LINKAGE_TOKENS = "linkage-tokens"
    AUDIT_SIGNING = "audit-signing"
    SESSIONS = "web-sessions"


def derive_key(root: bytes, purpose: KeyPurpose, *, version: int = 1, length: int = 32) -> bytes:
    """A per-purpose key: HKDF-SHA256 over the root key, labelled by purpose and version."""
    info = f"aidtrace/{purpose.value}/v{version}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(root)
