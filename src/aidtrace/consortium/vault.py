"""Consortium secrets at rest: small JSON entries in ``workspace_meta``, their secrets sealed.

An entry is public fields plus named secrets; each secret is sealed (AES-GCM) under the
workspace's field-encryption key and bound to its entry and name, exactly as a personal field is
bound to its record. The re-keyer registered here re-seals every entry when the workspace keys
rotate; destroying the workspace keys makes every entry's secrets unreadable.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from aidtrace.errors import IntegrityError
from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.rotate import register_rekeyer
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.progress import Progress
from aidtrace.workspace import Workspace

PREFIX = "consortium"


@dataclass(frozen=True)
class Entry:
    """One stored entry: its public fields and its opened secrets."""

    public: Mapping[str, object]
    secrets: Mapping[str, bytes] = field(default_factory=dict, repr=False)


def _record(key: str) -> str:
    return f"meta:{key}"


def _encode(key: str, entry: Entry, cipher: FieldCipher) -> str:
    sealed = {
        name: base64.b64encode(cipher.seal(_record(key), name, value.hex())).decode("ascii")
        for name, value in entry.secrets.items()
    }
    return json.dumps({"public": entry.public, "sealed": sealed}, sort_keys=True)


def _decode(key: str, text: str, cipher: FieldCipher) -> Entry:
    try:
        data = json.loads(text)
        sealed = {name: base64.b64decode(blob) for name, blob in data["sealed"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IntegrityError(f"consortium entry {key} is corrupt ({exc})") from None
    opened = {name: bytes.fromhex(cipher.open(_record(key), name, b)) for name, b in sealed.items()}
    return Entry(data["public"], opened)


def put(ws: Workspace, key: str, entry: Entry) -> None:
    """Store (or replace) the entry ``key``, sealing its secrets."""
    assert key.startswith(PREFIX)
    text = _encode(key, entry, FieldCipher(KeyRing.open(ws)))
    ws.engine.execute("INSERT OR REPLACE INTO workspace_meta VALUES (?, ?)", (key, text))


def _raw(ws: Workspace, prefix: str) -> dict[str, str]:
    rows = ws.engine.query(
        "SELECT key, value FROM workspace_meta WHERE starts_with(key, ?) ORDER BY key", (prefix,)
    ).to_pylist()
    return {str(r["key"]): str(r["value"]) for r in rows}


def names(ws: Workspace, prefix: str) -> list[str]:
    """The keys of the stored entries starting with ``prefix`` (no secret is opened)."""
    return list(_raw(ws, prefix))


def get(ws: Workspace, key: str) -> Entry | None:
    """The entry ``key`` with its secrets opened, or None."""
    text = _raw(ws, key).get(key)
    return None if text is None else _decode(key, text, FieldCipher(KeyRing.open(ws)))


def _rekey(ws: Workspace, old: KeyRing, new: KeyRing, progress: Progress) -> int:
    opener, sealer = FieldCipher(old), FieldCipher(new)
    for key, text in _raw(ws, PREFIX).items():
        again = _encode(key, _decode(key, text, opener), sealer)
        ws.engine.execute("UPDATE workspace_meta SET value = ? WHERE key = ?", (again, key))
    return len(_raw(ws, PREFIX))


register_rekeyer("consortium", _rekey)
