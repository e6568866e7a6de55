"""A self-contained, versioned export of the log for outsiders: they check it with the log's
public key alone (no root key, no aidtrace workspace).

Format ``aidtrace-log-export/1`` is a directory of three files:

``FORMAT``
    the line ``aidtrace-log-export/1``.
``checkpoint``
    the C2SP checkpoint (signed note) of the exported tree, with the witnesses' cosignatures.
``entries.bin``
    the entries in log order, each a 4-byte big-endian length then the entry's bytes (an
    aidtrace event: canonical JSON). Entry ``i``'s RFC 9162 leaf hash is SHA-256(0x00 || entry);
    the tree over all of them must have the checkpoint's size and root.
``keys.json`` (optional)
    the audit key history (``audit.keys``, without where the secret lives): a verifier who pinned
    an earlier key of the log follows its endorsements to the key that signed the checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import struct
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from aidtrace.audit.checkpoint import Checkpoint, open_checkpoint
from aidtrace.audit.frames import MAGIC, scan
from aidtrace.audit.keys import FORMAT as KEYS_FORMAT
from aidtrace.audit.keys import KeyEpoch, KeyHistory
from aidtrace.audit.log import LOG, AuditLog
from aidtrace.audit.merkle import MerkleTree
from aidtrace.audit.note import Note, Verifier
from aidtrace.errors import InputError, IntegrityError

FORMAT = "aidtrace-log-export/1"
FORMAT_FILE, CHECKPOINT_FILE, ENTRIES_FILE, KEYS_FILE = (
    "FORMAT", "checkpoint", "entries.bin", "keys.json",
)  # fmt: skip
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class ExportCheck:
    """What an outsider's check established."""

    checkpoint: Checkpoint
    signed_by: tuple[str, ...]  # the log key and the witnesses whose signatures verified
    entries: int


def export_log(
    log: AuditLog, note: Note, tree_size: int, directory: Path, history: KeyHistory | None = None
) -> int:
    """Write the first ``tree_size`` entries and their checkpoint ``note`` to ``directory``
    (with the audit key ``history``, if given)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    count = 0
    with (directory / ENTRIES_FILE).open("wb") as out:
        if tree_size:
            with (
                log.path(LOG).open("rb") as fh,
                mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data,
            ):
                view = memoryview(data)
                try:
                    for frame in scan(view, len(MAGIC), tree_size):
                        out.write(_LENGTH.pack(len(frame.entry)) + frame.entry)
                        count += 1
                finally:
                    view.release()
    if count != tree_size:
        raise IntegrityError(f"log.bin holds {count} intact entries, the checkpoint {tree_size}")
    (directory / CHECKPOINT_FILE).write_text(note.render(), encoding="utf-8")
    if history is not None:
        doc = {"format": KEYS_FORMAT, "keys": [asdict(e) for e in history.epochs]}
        (directory / KEYS_FILE).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    (directory / FORMAT_FILE).write_text(FORMAT + "\n", encoding="utf-8")
    return count


def leaves_of(path: Path) -> bytes:
    """The concatenated leaf hashes of an ``entries.bin``, refusing a torn or padded file."""
    sha256, leaves = hashlib.sha256, bytearray()
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        at, size = 0, len(data)
        while at < size:
            if at + 4 > size:
                raise IntegrityError(f"entries.bin ends inside a length at byte {at}", source=path)
            end = at + 4 + int.from_bytes(data[at : at + 4], "big")
            if end > size:
                raise IntegrityError(f"entries.bin ends inside entry at byte {at}", source=path)
            digest = sha256(b"\x00")
            digest.update(data[at + 4 : end])
            leaves += digest.digest()
            at = end
    return bytes(leaves)


def check_export(
    directory: Path, log_keys: Sequence[Verifier], witnesses: Sequence[Verifier] = (),
    quorum: int = 0,
) -> ExportCheck:  # fmt: skip
    """Check an export with the log's verifier key(s): the checkpoint's signature, optionally a
    quorum of witness cosignatures, and that the entries hash to its root."""
    fmt = _read(directory / FORMAT_FILE).strip()
    if fmt != FORMAT:
        raise InputError(f"not an {FORMAT} export (FORMAT says {fmt[:40]!r})", source=directory)
    note = _read(directory / CHECKPOINT_FILE)
    keys = endorsed(directory, log_keys)
    return check_entries(directory / ENTRIES_FILE, note, keys, witnesses, quorum, exact=True)


def endorsed(directory: Path, log_keys: Sequence[Verifier]) -> list[Verifier]:
    """The pinned log keys and, per the export's key history, the keys endorsed after them."""
    path = directory / KEYS_FILE
    if not path.exists():
        return list(log_keys)
    try:
        doc = json.loads(_read(path))
        history = KeyHistory(Path(), tuple(KeyEpoch(**e) for e in doc["keys"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not an audit key history: {exc}", source=path) from exc
    out = list(log_keys)
    for v in log_keys:
        later = history.keys_from(v.public_key) - {v.public_key}
        out += [Verifier(v.name, v.sig_type, k) for k in sorted(later)]
    return list(dict.fromkeys(out))


def check_entries(
    entries: Path, note: str, log_keys: Sequence[Verifier], witnesses: Sequence[Verifier] = (),
    quorum: int = 0, *, exact: bool = False,
) -> ExportCheck:  # fmt: skip
    """Check entries against a checkpoint: its first ``tree_size`` entries (all, if ``exact``)
    hash to its root, and the signatures asked for verify."""
    checkpoint, _, good = open_checkpoint(note, [*log_keys, *witnesses])
    cosigners = [v.name for v in good if v in witnesses]
    if len(cosigners) < quorum:
        raise IntegrityError(
            f"only {len(cosigners)} of the {quorum} witness cosignatures required verify"
        )
    tree = MerkleTree(leaves_of(entries))
    size = checkpoint.tree_size
    if tree.size < size or (exact and tree.size != size) or tree.root(size) != checkpoint.root:
        raise IntegrityError(
            f"the {tree.size:,} exported entries do not hash to the checkpoint's root of "
            f"{size:,} entries (altered, removed or added)",
            source=entries,
        )
    return ExportCheck(checkpoint, tuple(v.name for v in good), tree.size)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("missing from the export", source=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", source=path) from exc
