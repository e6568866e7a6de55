"""External key management: the root key is wrapped by a KMS and unwrapped at run time.

aidtrace does not ship cloud clients. An adapter for AWS KMS, GCP KMS, Azure Key Vault or a
HashiCorp Vault transit engine implements ``KmsClient`` (wrap, unwrap, destroy) and registers
itself with ``register_kms``. The workspace config records
``kms:<client>:<wrapped key hex>:<key reference>`` — the wrapped key is useless without the KMS.
``LocalKms`` is the reference implementation (a master key in a file), used by the tests.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aidtrace.errors import KeyMaterialError
from aidtrace.privacy.keys import ROOT_KEY_BYTES, FileKeySource, register_key_source


class KmsClient(Protocol):
    """What aidtrace needs from a key management service."""

    name: str

    def wrap(self, key_ref: str, plaintext_key: bytes) -> bytes:
        """Encrypt a data key under the KMS key ``key_ref``."""

    def unwrap(self, key_ref: str, wrapped: bytes) -> bytes:
        """Decrypt a wrapped data key; ``KeyMaterialError`` if refused or destroyed."""

    def destroy(self, key_ref: str) -> str:
        """Schedule deletion of the KMS key; returns what was done."""


KMS_CLIENTS: dict[str, KmsClient] = {}


def register_kms(client: KmsClient) -> KmsClient:
    KMS_CLIENTS[client.name] = client
    return client


class KmsKeySource:
    """A root key that exists in plaintext only in memory, unwrapped by a KMS on demand."""

    def __init__(self, client: KmsClient, key_ref: str, wrapped: bytes) -> None:
        self.client = client
        self.key_ref = key_ref
        self.wrapped = wrapped

    @classmethod
    def create(cls, client: KmsClient, key_ref: str) -> KmsKeySource:
        """Generate a fresh root key and keep only its wrapped form."""
        return cls(client, key_ref, client.wrap(key_ref, secrets.token_bytes(ROOT_KEY_BYTES)))

    @classmethod
    def from_spec(cls, rest: str) -> KmsKeySource:
        name, _, tail = rest.partition(":")
        wrapped_hex, _, key_ref = tail.partition(":")
        client = KMS_CLIENTS.get(name)
        if client is None:
            raise KeyMaterialError(f"no KMS client named {name!r} is registered")
        try:
            return cls(client, key_ref, bytes.fromhex(wrapped_hex))
        except ValueError as exc:
            raise KeyMaterialError("the wrapped root key is not hex") from exc

    def describe(self) -> str:
        return f"kms:{self.client.name}:{self.wrapped.hex()}:{self.key_ref}"

    def root_key(self) -> bytes:
        key = self.client.unwrap(self.key_ref, self.wrapped)
        if len(key) != ROOT_KEY_BYTES:
            raise KeyMaterialError("the KMS returned a key of the wrong length")
        return key

    def destroy(self) -> str:
        return self.client.destroy(self.key_ref)


class LocalKms:
    """A file-backed stand-in for a KMS: one AES-256 master key file per key reference."""

    def __init__(self, directory: Path, name: str = "local") -> None:
        self.directory = directory
        self.name = name

    def _master(self, key_ref: str) -> FileKeySource:
        return FileKeySource(self.directory / f"{key_ref}.key")

    def create_key(self, key_ref: str) -> None:
        FileKeySource.create(self.directory / f"{key_ref}.key")

    def wrap(self, key_ref: str, plaintext_key: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        master = AESGCM(self._master(key_ref).root_key())
        return nonce + master.encrypt(nonce, plaintext_key, key_ref.encode())

    def unwrap(self, key_ref: str, wrapped: bytes) -> bytes:
        master = AESGCM(self._master(key_ref).root_key())
        try:
            return master.decrypt(wrapped[:12], wrapped[12:], key_ref.encode())
        except InvalidTag as exc:
            raise KeyMaterialError("the KMS refused to unwrap the root key") from exc

    def destroy(self, key_ref: str) -> str:
        return self._master(key_ref).destroy()


register_key_source("kms", KmsKeySource.from_spec)
