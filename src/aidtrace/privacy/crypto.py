"""Field encryption: AES-256-GCM, each ciphertext bound to its record, field and key.

A sealed field is ``0x01 | len(key id) | key id | 96-bit nonce | ciphertext+tag``. The associated
data is the record id, the field name and the key id, so a ciphertext copied onto another record
or another field, or relabelled with another key id, fails authentication exactly as a tampered
one does. Nonces are random: at 2**32 encryptions per key the collision risk stays below 2**-32,
and rotation (``rotate.py``) starts a fresh key long before that.
"""

from __future__ import annotations

import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aidtrace.errors import IntegrityError, KeyMaterialError
from aidtrace.privacy.keys import KeyPurpose

FORMAT = 1
NONCE_BYTES = 12
_AAD_LABEL = b"aidtrace/field/v1"


def associated_data(record_id: str, field: str, kid: str) -> bytes:
    """What a ciphertext is bound to (NUL-separated; ids never contain NUL)."""
    return b"\x00".join((_AAD_LABEL, record_id.encode(), field.encode(), kid.encode()))


def sealed_key_id(blob: bytes) -> str:
    """The key id a sealed field names, or ``IntegrityError`` if the framing is broken."""
    if len(blob) < 2 or blob[0] != FORMAT or len(blob) < 2 + blob[1] + NONCE_BYTES + 16:
        raise IntegrityError("not a sealed field (unknown format or truncated)")
    try:
        return blob[2 : 2 + blob[1]].decode("ascii")
    except UnicodeDecodeError as exc:
        raise IntegrityError("sealed field has a corrupt key id") from exc


class FieldKeys(Protocol):
    """The keys a cipher draws on: a workspace's key ring (``aidtrace.keyring.ring.KeyRing``)."""

    def key(self, kid: str) -> bytes:
        """The key named ``kid``, or a ``KeyMaterialError`` naming it."""

    def active_key(self, purpose: KeyPurpose) -> tuple[str, bytes]:
        """The id and key now used for ``purpose``."""


class FieldCipher:
    """Seals and opens personal fields with the ring's field-encryption keys."""

    def __init__(self, ring: FieldKeys) -> None:
        self.ring = ring
        self.key_id, key = ring.active_key(KeyPurpose.FIELD_ENCRYPTION)
        self._active = AESGCM(key)
        self._by_id: dict[str, AESGCM] = {self.key_id: self._active}

    def seal(self, record_id: str, field: str, value: str) -> bytes:
        """Encrypt ``value`` under the active key, bound to ``record_id`` and ``field``."""
        kid = self.key_id.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        aad = associated_data(record_id, field, self.key_id)
        body = self._active.encrypt(nonce, value.encode("utf-8"), aad)
        return bytes((FORMAT, len(kid))) + kid + nonce + body

    def open(self, record_id: str, field: str, blob: bytes) -> str:
        """Decrypt a sealed field; ``KeyMaterialError`` for an unknown key, else
        ``IntegrityError`` when it was tampered with or belongs to another record or field."""
        kid = sealed_key_id(blob)
        start = 2 + len(kid)
        nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
        try:
            plain = self._cipher(kid).decrypt(nonce, body, associated_data(record_id, field, kid))
        except InvalidTag:
            raise IntegrityError(
                f"field {field!r} fails authentication: tampered with, or moved here from "
                "another record or field",
                record=record_id,
            ) from None
        return plain.decode("utf-8")

    def _cipher(self, kid: str) -> AESGCM:
        if kid not in self._by_id:
            self._by_id[kid] = AESGCM(self.ring.key(kid))
        return self._by_id[kid]


__all__ = [
    "FieldCipher",
    "FieldKeys",
    "IntegrityError",
    "KeyMaterialError",
    "associated_data",
    "sealed_key_id",
]
