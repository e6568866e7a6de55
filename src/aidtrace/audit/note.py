"""C2SP signed notes (c2sp.org/signed-note): text, a blank line, then signature lines.

A note's text is trusted only once a signature from a key the reader already knows verifies.
Keys are named and identified by a 4-byte id, ``SHA-256(name || 0x0A || type || public key)[:4]``;
a verifier key (*vkey*) is written ``name+hex(id)+base64(type || public key)``. Two signature
types are implemented: plain Ed25519 (``0x01``, what the log signs its checkpoints with) and
timestamped Ed25519 cosignatures (``0x04``, c2sp.org/tlog-cosignature, what witnesses return).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from aidtrace.errors import IntegrityError

ED25519 = 0x01
COSIGNATURE = 0x04
DASH = "\u2014 "  # em dash and space open every signature line
MAX_SIGNATURES = 100  # the spec asks verifiers to accept at least 16
_TIME = struct.Struct(">Q")


class NoteError(IntegrityError):
    """A note that is malformed, or not signed by a key the reader trusts."""


@dataclass(frozen=True)
class Signature:
    """One signature line: the key's name and id, and the signature bytes after the id."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        blob = base64.b64encode(self.key_id + self.signature).decode()
        return f"{DASH}{self.name} {blob}\n"


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    def render(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


def check_name(name: str) -> str:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} is empty or holds a space or '+'")
    return name


def parse_note(blob: str | bytes) -> Note:
    """Split a note into its text and signature lines (nothing is verified here)."""
    try:
        text = blob.decode("utf-8") if isinstance(blob, bytes) else blob
    except UnicodeDecodeError as exc:
        raise NoteError("a signed note must be UTF-8") from exc
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("a signed note must not hold control characters other than newline")
    at = text.rfind("\n\n")
    if at < 0 or not text.endswith("\n"):
        raise NoteError("a signed note needs text, a blank line and signature lines")
    lines = text[at + 2 :].splitlines()
    if not lines or len(lines) > MAX_SIGNATURES:
        raise NoteError("a signed note needs between 1 and 100 signature lines")
    return Note(text[: at + 1], tuple(_signature(line) for line in lines))


def _signature(line: str) -> Signature:
    if not line.startswith(DASH):
        raise NoteError(f"not a signature line: {line[:40]!r}")
    name, _, blob = line[len(DASH) :].partition(" ")
    try:
        raw = base64.b64decode(blob, validate=True)
    except binascii.Error as exc:
        raise NoteError(f"signature of {name!r} is not base64") from exc
    if len(raw) < 5 or " " in blob:
        raise NoteError(f"signature of {name!r} is too short")
    return Signature(check_name(name), raw[:4], raw[4:])


@dataclass(frozen=True)
class Verifier:
    """A trusted key: its name, signature type and Ed25519 public key."""

    name: str
    sig_type: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.sig_type, self.public_key)

    def vkey(self) -> str:
        material = base64.b64encode(bytes([self.sig_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    def matches(self, sig: Signature) -> bool:
        return sig.name == self.name and sig.key_id == self.key_id

    def verify(self, text: str, sig: Signature) -> bool:
        message, raw = text.encode(), sig.signature
        if self.sig_type == COSIGNATURE:
            if len(raw) != _TIME.size + 64:
                return False
            message = cosigned_message(text, _TIME.unpack(raw[: _TIME.size])[0])
            raw = raw[_TIME.size :]
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(raw, message)
        except (InvalidSignature, ValueError):
            return False
        return True


def parse_vkey(vkey: str) -> Verifier:
    """Read ``name+hex(id)+base64(type || key)``, checking the id against the key."""
    name, _, rest = vkey.strip().partition("+")
    hex_id, _, material = rest.partition("+")
    try:
        raw = base64.b64decode(material, validate=True)
        wanted = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"not a verifier key: {vkey[:60]!r}") from exc
    if len(hex_id) != 8 or len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE):
        raise NoteError(f"not an Ed25519 verifier key: {vkey[:60]!r}")
    verifier = Verifier(check_name(name), raw[0], raw[1:])
    if verifier.key_id != wanted:
        raise NoteError(f"verifier key {name!r}: its id does not match its key")
    return verifier


def open_note(blob: str | bytes, verifiers: Sequence[Verifier]) -> tuple[Note, list[Verifier]]:
    """The note and the trusted keys whose signatures on it verified. Unknown signatures are
    ignored; a known one that fails, or no known one at all, rejects the note."""
    note = parse_note(blob)
    good: list[Verifier] = []
    for sig in note.signatures:
        for v in verifiers:
            if not v.matches(sig):
                continue
            if not v.verify(note.text, sig):
                raise NoteError(f"the signature of {sig.name!r} does not verify")
            good.append(v)
    if not good:
        raise NoteError("the note carries no signature from a trusted key")
    return note, good


def sign(text: str, name: str, key: Ed25519PrivateKey) -> Signature:
    """A plain Ed25519 note signature (type 0x01)."""
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Signature(check_name(name), key_id(name, ED25519, public), key.sign(text.encode()))


def cosigned_message(text: str, timestamp: int) -> bytes:
    """What a tlog-cosignature/v1 signs: a header, the time, then the checkpoint body."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


def cosign(text: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> Signature:
    """A timestamped Ed25519 cosignature (type 0x04) over a checkpoint's text."""
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = _TIME.pack(timestamp) + key.sign(cosigned_message(text, timestamp))
    return Signature(check_name(name), key_id(name, COSIGNATURE, public), raw)


def cosignature_time(sig: Signature) -> int:
    """The POSIX time a cosignature says it was made."""
    if len(sig.signature) != _TIME.size + 64:
        raise NoteError(f"the cosignature of {sig.name!r} is not a timestamped Ed25519 one")
    return int(_TIME.unpack(sig.signature[: _TIME.size])[0])


def public_verifier(name: str, sig_type: int, key: Ed25519PrivateKey) -> Verifier:
    return Verifier(name, sig_type, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
