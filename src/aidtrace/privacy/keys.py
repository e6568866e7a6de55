"""Where the root key comes from. It never lives inside the workspace's store.

A root key comes from a *key source*: a key file with 0600 permissions kept outside the
workspace (``file:PATH``), an environment variable holding 64 hex digits (``env:VAR``), a
passphrase stretched with Argon2id (``passphrase:…``, see ``passphrase.py``) or a key wrapped by an
external KMS (``kms:…``, see ``kms.py``). The workspace config stores only the source's
description (its *spec*), never a secret; ``key_source_from_spec`` rebuilds the source from it.

Every use of key material gets its own key derived from the root with HKDF (``derive_key``), and
every derived key has a public *key id* (``key_id``) that is stored beside each ciphertext and
token so a wrong or destroyed key is named, not guessed at.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from aidtrace.errors import KeyMaterialError
from aidtrace.registry import Registry

ROOT_KEY_BYTES = 32


class KeySource(Protocol):
    """Anything that can hand over the 32-byte root key."""

    def describe(self) -> str:
        """A human description that names no secret (for config and messages)."""

    def root_key(self) -> bytes:
        """The root key, or ``KeyMaterialError`` if it is missing or destroyed."""


@runtime_checkable
class DestroyableKeySource(Protocol):
    """A source that can erase its own key material (crypto-shredding)."""

    def describe(self) -> str: ...

    def root_key(self) -> bytes: ...

    def destroy(self) -> str:
        """Erase the key material; returns what was done, in one sentence."""


def parse_hex_key(text: str, *, source: str) -> bytes:
    """A 32-byte key written as 64 hex digits, or a clear ``KeyMaterialError``."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise KeyMaterialError("does not hold a hex key", source=source) from exc
    if len(key) != ROOT_KEY_BYTES:
        raise KeyMaterialError(
            "holds a key of the wrong length (want 64 hex digits)", source=source
        )
    return key


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

    def destroy(self) -> str:
        """Overwrite the key file with random bytes, flush it to disk, then unlink it."""
        try:
            size = max(self.path.stat().st_size, ROOT_KEY_BYTES * 2 + 1)
            with self.path.open("r+b") as fh:
                fh.write(secrets.token_bytes(size))
                fh.flush()
                os.fsync(fh.fileno())
            self.path.unlink()
        except FileNotFoundError as exc:
            raise KeyMaterialError("key file already gone", source=self.path) from exc
        return f"overwrote and deleted the key file {self.path}"


class EnvKeySource:
    """A root key given as 64 hex digits in an environment variable (e.g. from a secret store).

    The environment is injected so tests and services need not touch ``os.environ``.
    """

    def __init__(self, variable: str, environ: Mapping[str, str] | None = None) -> None:
        self.variable = variable
        self._environ = environ

    def describe(self) -> str:
        return f"env:{self.variable}"

    def root_key(self) -> bytes:
        environ = os.environ if self._environ is None else self._environ
        text = environ.get(self.variable)
        if not text:
            raise KeyMaterialError(
                "environment variable is not set (it must hold the 64-hex-digit root key)",
                source=self.describe(),
            )
        return parse_hex_key(text, source=self.describe())

    def destroy(self) -> str:
        # The variable lives in the operator's shell or secret store, beyond our reach.
        return (
            f"the key lives in ${self.variable}: unset it and delete it from every secret store "
            "that holds it"
        )


DESTROYED = "destroyed"


class DestroyedKeySource:
    """What a workspace's key source becomes after shredding (``aidtrace.keyring.shred``): it
    refuses, and says why."""

    def __init__(self, when: str) -> None:
        self.when = when

    def describe(self) -> str:
        return f"{DESTROYED}:{self.when}"

    def root_key(self) -> bytes:
        raise KeyMaterialError(
            f"the root key was destroyed at {self.when}: personal fields are unreadable and "
            "linkage tokens unlinkable"
        )


SourceFactory = Callable[[str], KeySource]

# Modules that register further key-source kinds when imported.
KEY_SOURCE_MODULES: tuple[str, ...] = (
    "aidtrace.privacy.passphrase",
    "aidtrace.privacy.kms",
)

# How to rebuild each kind of key source from the rest of its spec (after ``kind:``).
KEY_SOURCES: Registry[SourceFactory] = Registry(
    "key source", KEY_SOURCE_MODULES, error=KeyMaterialError
)
KEY_SOURCES.register(lambda rest: FileKeySource(Path(rest)), "file")
KEY_SOURCES.register(EnvKeySource, "env")
KEY_SOURCES.register(DestroyedKeySource, DESTROYED)


def register_key_source(kind: str, factory: SourceFactory) -> None:
    KEY_SOURCES.register(factory, kind)


def key_source_from_spec(spec: str) -> KeySource:
    """Rebuild a key source from the description stored in the workspace config."""
    kind, _, rest = spec.partition(":")
    if not rest or kind not in KEY_SOURCES:
        raise KeyMaterialError(f"unknown key source {spec!r}")
    return KEY_SOURCES.get(kind)(rest)


def _new_env_source(rest: str) -> KeySource | None:
    if not rest:
        return None
    source = EnvKeySource(rest)
    source.root_key()  # fail now, not at the first import
    return source


def _new_file_source(rest: str) -> KeySource | None:
    return FileKeySource.create(Path(rest)) if rest else None


# How to make a fresh key source of each kind from the rest of the request (``None``: not from
# that); ``passphrase.py`` registers its own kind.
NEW_KEY_SOURCES: Registry[Callable[[str], KeySource | None]] = Registry(
    "new key source", ("aidtrace.privacy.passphrase",), error=KeyMaterialError
)
NEW_KEY_SOURCES.register(_new_env_source, "env")
NEW_KEY_SOURCES.register(_new_file_source, "file")


def new_key_source(request: str) -> KeySource:
    """A key source for a new workspace: ``env:VAR`` (must hold a key already), ``passphrase``
    (a fresh Argon2id salt; the passphrase comes from ``AIDTRACE_PASSPHRASE``) or ``file:PATH``."""
    kind, _, rest = request.partition(":")
    source = NEW_KEY_SOURCES.get(kind)(rest) if kind in NEW_KEY_SOURCES else None
    if source is None:
        raise KeyMaterialError(f"cannot create a key source from {request!r}")
    return source


class KeyPurpose(StrEnum):
    """Each use of key material gets its own key, derived from the root with HKDF."""

    FIELD_ENCRYPTION = "field-encryption"
    LINKAGE_TOKENS = "linkage-tokens"
    AUDIT_SIGNING = "audit-signing"
    SESSIONS = "web-sessions"


# Short prefixes make key ids readable: ``fe3-…`` is version 3 of the field-encryption key.
_ID_PREFIX = {
    KeyPurpose.FIELD_ENCRYPTION: "fe",
    KeyPurpose.LINKAGE_TOKENS: "lt",
    KeyPurpose.AUDIT_SIGNING: "as",
    KeyPurpose.SESSIONS: "ws",
}


def derive_key(root: bytes, purpose: KeyPurpose, *, version: int = 1, length: int = 32) -> bytes:
    """A per-purpose key: HKDF-SHA256 over the root key, labelled by purpose and version."""
    info = f"aidtrace/{purpose.value}/v{version}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(root)


def fingerprint(key: bytes) -> str:
    """A public 16-hex-digit name for a key; reveals nothing usable about the key itself."""
    return hmac.digest(key, b"aidtrace/key-id", hashlib.sha256)[:8].hex()


def key_id(root: bytes, purpose: KeyPurpose, version: int) -> str:
    """The public id of a derived key, e.g. ``fe2-1a2b3c4d5e6f7081``."""
    return (
        f"{_ID_PREFIX[purpose]}{version}-{fingerprint(derive_key(root, purpose, version=version))}"
    )
