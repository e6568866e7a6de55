"""Crypto-shredding: destroy the root key, and with it every way to read or link personal data.

Ciphertext stays where it is (and in every backup) but no key can open it; the tokens are
deleted from the live store, and every copy of them elsewhere is unlinkable because nobody can
compute the token of a name any more. Free text still in plaintext (written before sealing) is
blanked. Aggregates (counts by district, amounts paid) survive.

The order is chosen so a crash at any point leaves nothing readable that a second run of
``destroy_keys`` would not finish: the audit event first (the root key signs the log, so this is
the last moment it can be recorded), then the store (tokens, plaintext, keys marked destroyed),
then the key material, then the config, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace import audit
from aidtrace.errors import KeyMaterialError
from aidtrace.events import KeysDestroyed
from aidtrace.keyring import freetext
from aidtrace.keyring.ring import DESTROYED_META, RINGS, KeyStatus, adopt_key_source
from aidtrace.privacy.keys import (
    DestroyableKeySource,
    DestroyedKeySource,
    KeySource,
    fingerprint,
)
from aidtrace.workspace import Workspace

TOKEN_TABLES = ("person_tokens",)


@dataclass(frozen=True)
class ShredReport:
    key_material: str  # what happened to the key material itself
    tokens_deleted: int
    sealed_fields: int  # ciphertexts now unreadable
    sealed_texts: int = 0  # sealed free text (comments, rationales, reasons) now unreadable
    plaintext_wiped: int = 0  # free text from before sealing, blanked
    audited: str = ""  # the audit entry's id, or why none could be written


def destroy_keys(workspace: Workspace) -> ShredReport:
    """Destroy the workspace's root key and mark its data keys destroyed. Irreversible."""
    source = workspace.keys
    if isinstance(source, DestroyedKeySource):
        raise KeyMaterialError(f"the keys were already destroyed at {source.when}")
    engine = workspace.engine
    tokens = _count(workspace, "person_tokens")
    sealed = _count(workspace, "person_fields")
    texts, _ = freetext.totals(engine)
    audited = _record(workspace, sealed, texts, tokens)
    when = workspace.clock().isoformat(timespec="seconds")
    wiped = _shred_store(workspace, when)
    done = _destroy_material(source)
    # The config last: it drops the salt or wrapped key a passphrase or KMS source kept, and
    # until the key file is gone it must still say where that file is.
    adopt_key_source(workspace, DestroyedKeySource(when))
    engine.execute("CHECKPOINT")
    return ShredReport(done, tokens, sealed, texts, wiped, audited)


def _record(workspace: Workspace, sealed: int, texts: int, tokens: int) -> str:
    """Write the ``KeysDestroyed`` event while the root key can still sign it.

    A root key that is already unavailable cannot sign anything: shredding goes on regardless
    (refusing to destroy would be the unsafe failure) and the report says it went unrecorded."""
    try:
        root_id = fingerprint(workspace.keys.root_key())
    except KeyMaterialError as exc:
        return f"not recorded in the audit log: {exc.message}"
    event = KeysDestroyed(
        at=workspace.clock(),
        actor="keys",
        root_id=root_id,
        key_ids=_live_key_ids(workspace),
        source_kind=workspace.keys.describe().partition(":")[0],
        sealed_fields=sealed,
        sealed_texts=texts,
        token_rows=tokens,
    )
    return f"audit entry {audit.record(workspace, event).index}"


def _destroy_material(source: KeySource) -> str:
    if not isinstance(source, DestroyableKeySource):
        return f"{source.describe()} cannot erase itself: destroy that key where it is kept"
    try:
        return source.destroy()
    except KeyMaterialError as exc:  # gone already (a run cut short after erasing it)
        return f"nothing left to erase: {exc.message}"


def _live_key_ids(workspace: Workspace) -> tuple[str, ...]:
    rows = workspace.engine.query(
        "SELECT key_id FROM privacy_keys WHERE status <> ? ORDER BY key_id",
        (KeyStatus.DESTROYED,),
    ).to_pylist()
    return tuple(str(r["key_id"]) for r in rows)


def _shred_store(workspace: Workspace, when: str) -> int:
    """Delete the tokens, blank leftover plaintext free text, mark the keys destroyed; returns
    how many plaintext texts were blanked."""
    engine = workspace.engine
    with RINGS.changing(), engine.transaction():  # no ring opened before is used again
        for table in TOKEN_TABLES:
            if engine.has_table(table):
                engine.execute(f"DELETE FROM {table}")
        wiped = freetext.wipe_plaintext(engine)
        engine.execute(
            "UPDATE privacy_keys SET status = ?, retired_at = ? WHERE status <> ?",
            (KeyStatus.DESTROYED, workspace.clock(), KeyStatus.DESTROYED),
        )
        engine.execute(
            "INSERT OR REPLACE INTO workspace_meta VALUES (?, ?)", (DESTROYED_META, when)
        )
    engine.execute("CHECKPOINT")
    return wiped


def _count(workspace: Workspace, table: str) -> int:
    if not workspace.engine.has_table(table):
        return 0
    return int(workspace.engine.query(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py())
