"""Proofs handed to third parties as plain JSON: hex hashes and the entry itself.

An inclusion proof is everything needed to recompute the signed root from one entry with
SHA-256 alone (the manual's docs/audit.md, "Checking a proof yourself", has the dozen lines
that do it).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import mmap
from pathlib import Path

from aidtrace.audit.frames import FRAME_OVERHEAD, read_frame
from aidtrace.audit.log import LOG, AuditLog
from aidtrace.audit.verify import load_tree
from aidtrace.errors import IntegrityError, NotFound

INCLUSION_FORMAT = "aidtrace-inclusion-proof/1"
CONSISTENCY_FORMAT = "aidtrace-consistency-proof/1"


def _entry_at(path: Path, offset: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(offset)
        chunk = fh.read(4)
        fh.seek(offset)
        chunk = fh.read(FRAME_OVERHEAD + int.from_bytes(chunk, "big"))
    frame = read_frame(chunk, 0)
    if frame is None:
        raise IntegrityError(f"the entry at byte {offset} does not match its hash", source=LOG)
    return frame.entry


def _names(entry: bytes, ref: str) -> bool:
    """Does the entry carry ``ref`` in one of its ``…_id`` fields (its own identifiers)?"""
    if f'"{ref}"'.encode() not in entry:
        return False  # cheap test first: most entries do not mention it at all
    try:
        doc = json.loads(entry)
    except ValueError:
        return False
    return isinstance(doc, dict) and any(k.endswith("_id") and v == ref for k, v in doc.items())


def find_event(log: AuditLog, ref: str) -> int:
    """Resolve a reference to a leaf index: a number, a leaf-hash prefix (8+ hex digits), or
    an identifier (alert, case, decision, import, run id); the earliest entry naming it wins,
    i.e. the one that created it."""
    _, tree, offsets = load_tree(log)
    if ref.isdigit():
        if int(ref) >= tree.size:
            raise NotFound(f"no audit entry {ref} (the log has {tree.size})")
        return int(ref)
    prefix = ref.lower()
    if len(prefix) >= 8 and all(c in "0123456789abcdef" for c in prefix):
        hashes = tree.levels[0].hex()
        at = next((i for i in range(0, len(hashes), 64) if hashes.startswith(prefix, i)), None)
        if at is not None:
            return at // 64
    found = _first_naming(log.path(LOG), offsets, ref)
    if found is None:
        raise NotFound(f"no audit entry matches {ref!r}")
    return found


def _first_naming(path: Path, offsets: list[int], ref: str) -> int | None:
    """The first signed entry naming ``ref``: a byte search over the log, then a JSON check."""
    needle = f'"{ref}"'.encode()
    if not offsets:
        return None
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        pos = data.find(needle)
        while pos != -1:
            i = bisect.bisect_right(offsets, pos) - 1
            if i < 0:
                return None
            if _names(_entry_at(path, offsets[i]), ref):
                return i
            pos = data.find(needle, pos + 1)
    return None


def inclusion_proof(log: AuditLog, index: int) -> dict[str, object]:
    """Entry ``index`` and its RFC 9162 audit path up to the current signed head."""
    state, tree, offsets = load_tree(log)
    if state.head is None or not 0 <= index < tree.size:
        raise NotFound(f"no audit entry {index} (the log has {tree.size})")
    entry = _entry_at(log.path(LOG), offsets[index])
    doc: dict[str, object] = {
        "format": INCLUSION_FORMAT,
        "leaf_index": index,
        "tree_size": tree.size,
        "entry_hex": entry.hex(),
        "leaf_hash": tree.leaf(index).hex(),
        "audit_path": [h.hex() for h in tree.inclusion_path(index)],
        "root_hash": tree.root().hex(),
        "signed_tree_head": state.head.to_json(),
    }
    with contextlib.suppress(UnicodeDecodeError):  # not text: entry_hex alone carries it
        doc["entry"] = entry.decode("utf-8")
    return doc


def consistency_proof(log: AuditLog, old_size: int) -> dict[str, object]:
    """The RFC 9162 proof that the tree of ``old_size`` entries is a prefix of today's."""
    state, tree, _ = load_tree(log)
    if not 0 <= old_size <= tree.size:
        raise NotFound(f"the log has {tree.size} entries, fewer than {old_size}")
    return {
        "format": CONSISTENCY_FORMAT,
        "old_size": old_size,
        "old_root": tree.root(old_size).hex(),
        "new_size": tree.size,
        "proof": [h.hex() for h in tree.consistency_proof(old_size)],
        "signed_tree_head": state.head.to_json() if state.head else None,
    }
