"""Field encryption: round trips, and clear failures for wrong keys, tampering and moves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.errors import IntegrityError, KeyMaterialError
from aidtrace.keyring.ring import KeyRing
from aidtrace.privacy.crypto import FieldCipher, sealed_key_id

CIPHER = FieldCipher(KeyRing.derive(bytes(range(32)), 1))
OTHER = FieldCipher(KeyRing.derive(bytes(32), 1))


@given(st.text(), st.text(min_size=1).filter(lambda s: "\x00" not in s))
def test_round_trip(value: str, record: str) -> None:
    sealed = CIPHER.seal(record, "given_name", value)
    assert CIPHER.open(record, "given_name", sealed) == value


def test_ciphertext_names_its_key_and_hides_the_value() -> None:
    sealed = CIPHER.seal("beneficiary:M1", "name_fa", "زرغونه")
    assert sealed_key_id(sealed) == CIPHER.key_id
    assert "زرغونه".encode() not in sealed
    assert sealed != CIPHER.seal("beneficiary:M1", "name_fa", "زرغونه")  # fresh nonce


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1 :]


SEALED = CIPHER.seal("beneficiary:M1", "phone", "+93 700 123 456")
BODY = 2 + len(CIPHER.key_id)


@pytest.mark.parametrize(
    ("record", "field", "blob", "error", "message"),
    [
        ("beneficiary:M2", "phone", SEALED, IntegrityError, "another record or field"),
        ("beneficiary:M1", "tazkira", SEALED, IntegrityError, "another record or field"),
        ("beneficiary:M1", "phone", _flip(SEALED, BODY), IntegrityError, "tampered"),
        ("beneficiary:M1", "phone", _flip(SEALED, BODY + 12), IntegrityError, "tampered"),
        ("beneficiary:M1", "phone", _flip(SEALED, len(SEALED) - 1), IntegrityError, "tampered"),
        ("beneficiary:M1", "phone", SEALED[:20], IntegrityError, "truncated"),
        ("beneficiary:M1", "phone", b"\x02" + SEALED[1:], IntegrityError, "format"),
        ("beneficiary:M1", "phone", _flip(SEALED, 5), KeyMaterialError, "does not provide"),
    ],
    ids=["other-record", "other-field", "nonce", "body", "tag", "cut", "format", "key-id"],
)
def test_open_fails_clearly(
    record: str, field: str, blob: bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        CIPHER.open(record, field, blob)


def test_wrong_key_is_named() -> None:
    with pytest.raises(KeyMaterialError, match=CIPHER.key_id):
        OTHER.open("beneficiary:M1", "phone", SEALED)
