"""Crypto-shredding: destroy the root key, and with it every way to read or link personal data.

Ciphertext stays where it is (and in every backup) but no key can open it; the tokens are
deleted from the live store, and every copy of them elsewhere is unlinkable because nobody can
compute the token of a name any more. Aggregates (counts by district, amounts paid) survive.
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.errors import KeyMaterialError
from aidtrace.privacy.keyring import DESTROYED_META, KeyStatus, adopt_key_source
from aidtrace.privacy.keys import DestroyableKeySource, register_key_source
from aidtrace.workspace import Workspace

DESTROYED = "destroyed"
TOKEN_TABLES = ("person_tokens",)


class DestroyedKeySource:
    """What a workspace's key source becomes after shredding: it refuses, and says why."""

    def __init__(self, when: str) -> None:
        self.when = when

    def describe(self) -> str:
        return f"{DESTROYED}:{self.when}"

    def root_key(self) -> bytes:
        raise KeyMaterialError(
            f"the root key was destroyed at {self.when}: personal fields are unreadable and "
            "linkage tokens unlinkable"
        )


@dataclass(frozen=True)
class ShredReport:
    key_material: str  # what happened to the key material itself
    tokens_deleted: int
    sealed_fields: int  # ciphertexts now unreadable


def destroy_keys(workspace: Workspace) -> ShredReport:
    """Destroy the workspace's root key and mark its data keys destroyed. Irreversible."""
    source = workspace.keys
    if isinstance(source, DestroyedKeySource):
        raise KeyMaterialError(f"the keys were already destroyed at {source.when}")
    # The key first: once the operator has confirmed, losing the key is the point.
    if isinstance(source, DestroyableKeySource):
        done = source.destroy()
    else:
        done = f"{source.describe()} cannot erase itself: destroy that key where it is kept"
    when = workspace.clock().isoformat(timespec="seconds")
    engine = workspace.engine
    tokens = _count(workspace, "person_tokens")
    sealed = _count(workspace, "person_fields")
    engine.execute("BEGIN TRANSACTION")
    try:
        for table in TOKEN_TABLES:
            if engine.has_table(table):
                engine.execute(f"DELETE FROM {table}")
        engine.execute(
            "UPDATE privacy_keys SET status = ?, retired_at = ? WHERE status <> ?",
            (KeyStatus.DESTROYED, workspace.clock(), KeyStatus.DESTROYED),
        )
        engine.execute(
            "INSERT OR REPLACE INTO workspace_meta VALUES (?, ?)", (DESTROYED_META, when)
        )
        engine.execute("COMMIT")
    except BaseException:
        engine.execute("ROLLBACK")
        raise
    # Rewrite the config last: it drops the salt or wrapped key a passphrase or KMS source kept.
    adopt_key_source(workspace, DestroyedKeySource(when))
    engine.execute("CHECKPOINT")
    return ShredReport(done, tokens, sealed)


def _count(workspace: Workspace, table: str) -> int:
    if not workspace.engine.has_table(table):
        return 0
    return int(workspace.engine.query(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py())


register_key_source(DESTROYED, DestroyedKeySource)
