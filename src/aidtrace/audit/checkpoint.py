"""The log's head as a C2SP checkpoint (c2sp.org/tlog-checkpoint): a signed note whose text is
the origin, the tree size and the base64 root hash, one per line.

The log signs with its Ed25519 audit key under the key name of its origin, so any C2SP tool
(Go's ``sumdb/note``, Sigstore's and transparency-dev's witnesses) can check it given the log's
vkey. Witnesses add their cosignatures as further signature lines.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.merkle import EMPTY_ROOT, HASH_SIZE
from aidtrace.audit.note import (
    ED25519,
    Note,
    NoteError,
    Signature,
    Verifier,
    check_name,
    open_note,
    parse_note,
    public_verifier,
    sign,
)

ORIGIN_PREFIX = "aidtrace.local/audit/"


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint's text says: which log, how many entries, and their root."""

    origin: str
    tree_size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.tree_size), base64.b64encode(self.root).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"


def origin_of(workspace_id: str) -> str:
    """A workspace log's origin (and its key name): unique, schema-less, never fetched."""
    return check_name(ORIGIN_PREFIX + workspace_id)


def parse_checkpoint(text: str, *, empty_root: bool = True) -> Checkpoint:
    """Read a checkpoint's note text strictly (no leading zeros, 32-byte root, and, unless
    ``empty_root`` is False, the empty tree's root for size 0)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
        raise NoteError("a checkpoint is at least three non-empty lines, each ending in newline")
    origin, size, root_b64, *extensions = lines[:-1]
    if not size.isdigit() or (size != "0" and size.startswith("0")) or not size.isascii():
        raise NoteError(f"checkpoint tree size {size!r} is not a plain decimal")
    try:
        root = base64.b64decode(root_b64, validate=True)
    except binascii.Error as exc:
        raise NoteError("checkpoint root hash is not base64") from exc
    if len(root) != HASH_SIZE:
        raise NoteError("checkpoint root hash is not 32 bytes")
    if empty_root and size == "0" and root != EMPTY_ROOT:
        raise NoteError("a checkpoint of size 0 must carry the empty tree's root")
    return Checkpoint(origin, int(size), root, tuple(extensions))


def log_verifier(origin: str, key: Ed25519PrivateKey) -> Verifier:
    return public_verifier(origin, ED25519, key)


def sign_checkpoint(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> Note:
    text = checkpoint.text()
    return Note(text, (sign(text, checkpoint.origin, key),))


def open_checkpoint(
    blob: str | bytes, verifiers: Sequence[Verifier]
) -> tuple[Checkpoint, Note, list[Verifier]]:
    """A checkpoint signed by at least one of ``verifiers`` (its origin's key among them)."""
    note, good = open_note(blob, verifiers)
    checkpoint = parse_checkpoint(note.text)
    if not any(v.name == checkpoint.origin for v in good):
        raise NoteError(f"the checkpoint of {checkpoint.origin!r} is not signed by its log")
    return checkpoint, note, good


def with_signatures(note: Note, extra: Sequence[Signature]) -> Note:
    """The note with more signature lines (cosignatures), each line at most once."""
    have = list(note.signatures)
    return Note(note.text, tuple(have + [s for s in extra if s not in have]))


def read_checkpoint(blob: str | bytes) -> tuple[Checkpoint, Note]:
    """Parse without verifying (for display and for choosing which keys to check with)."""
    note = parse_note(blob)
    return parse_checkpoint(note.text), note
