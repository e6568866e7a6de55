"""The key ring: the derived keys of one workspace, by public key id, and which are active.

The store records only key ids (``privacy_keys``); the keys are derived from the root key. Opening
checks that the key source gives the root the data was written under, so a wrong key file,
variable or passphrase is reported as such, before any decryption.

Every opening asks the key source for the root key again (a key file removed or replaced stops
working at once), but the store's side (whether the keys were destroyed, the active version and
its root) is read once per store connection and kept (``RINGS``) until a rotation or
destruction in this process drops it: another process cannot change it while a connection of
this one is open (the store admits one writing process), and a connection opened afterwards
reads it afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aidtrace.config import write_config
from aidtrace.errors import KeyMaterialError
from aidtrace.privacy.keys import (
    KeyPurpose,
    KeySource,
    derive_key,
    fingerprint,
    key_id,
    key_source_from_spec,
)
from aidtrace.store.engine import Engine
from aidtrace.store.kept import PerConnection
from aidtrace.workspace import Workspace

# The purposes whose keys the privacy layer versions and rotates.
DATA_PURPOSES = (KeyPurpose.FIELD_ENCRYPTION, KeyPurpose.LINKAGE_TOKENS)
DESTROYED_META = "keys_destroyed_at"


class KeyStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    DESTROYED = "destroyed"


@dataclass(frozen=True)
class KeyRing:
    """Derived keys by key id, and the active key id of each purpose."""

    root_id: str
    keys: Mapping[str, bytes]
    active: Mapping[KeyPurpose, str]

    @classmethod
    def derive(cls, root: bytes, version: int) -> KeyRing:
        """The ring of one root at one version (used on bootstrap and on rotation)."""
        ids = {p: key_id(root, p, version) for p in DATA_PURPOSES}
        keys = {ids[p]: derive_key(root, p, version=version) for p in DATA_PURPOSES}
        return cls(fingerprint(root), keys, ids)

    @property
    def version(self) -> int:
        kid = self.active[KeyPurpose.FIELD_ENCRYPTION]
        return int(kid.split("-", 1)[0][2:])

    def key(self, kid: str) -> bytes:
        """The key named ``kid``, or a ``KeyMaterialError`` naming it."""
        try:
            return self.keys[kid]
        except KeyError:
            raise KeyMaterialError(
                f"data was written under key {kid}, which the current key source does not "
                "provide (wrong key, or the key was rotated away or destroyed)"
            ) from None

    def active_key(self, purpose: KeyPurpose) -> tuple[str, bytes]:
        kid = self.active[purpose]
        return kid, self.keys[kid]

    @classmethod
    def open(cls, workspace: Workspace) -> KeyRing:
        """The workspace's ring; the first call registers version 1 of each purpose."""
        engine = workspace.engine
        kept = RINGS.get(engine)
        if kept is not None and fingerprint(workspace.keys.root_key()) == kept.root_id:
            return kept
        version = RINGS.version()
        ring = cls._read(workspace)
        RINGS.keep(engine, version, ring)
        return ring

    @classmethod
    def _read(cls, workspace: Workspace) -> KeyRing:
        """The ring from the store's key records and the key source's root."""
        engine = workspace.engine
        refuse_if_destroyed(engine)
        root = workspace.keys.root_key()
        rows = engine.query(
            "SELECT key_id, purpose, version, root_id FROM privacy_keys WHERE status = ?",
            (KeyStatus.ACTIVE,),
        ).to_pylist()
        if not rows:
            ring = cls.derive(root, 1)
            record_ring(engine, ring, workspace.clock())
            return ring
        ring = cls.derive(root, int(rows[0]["version"]))
        if rows[0]["root_id"] != ring.root_id:
            raise KeyMaterialError(
                f"wrong key: this workspace's data is under root key {rows[0]['root_id']}, "
                f"but {workspace.keys.describe()} gives root key {ring.root_id}"
            )
        return ring


class RingCache(PerConnection[KeyRing]):
    """The ring each open store connection (engine) last opened, so that opening it again
    reads nothing from the store. A rotation or a destruction drops every kept ring (in any
    connection of this process) when it starts and again when it ends (``changing``), so a
    ring read half-way, or from a change rolled back, is not kept either."""


RINGS = RingCache()


def record_ring(engine: Engine, ring: KeyRing, now: datetime) -> None:
    """Register a ring's keys as active (public ids only). No ring opened before is kept, nor
    this one (its registration may yet be rolled back): the next opening reads the store."""
    for purpose, kid in ring.active.items():
        engine.execute(
            "INSERT INTO privacy_keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
            (kid, purpose.value, ring.version, ring.root_id, KeyStatus.ACTIVE, now),
        )
    RINGS.changed()


def destroyed_at(engine: Engine) -> str | None:
    """When this workspace's keys were destroyed, or None while they exist."""
    rows = engine.query(
        "SELECT value FROM workspace_meta WHERE key = ?", (DESTROYED_META,)
    ).to_pylist()
    return str(rows[0]["value"]) if rows else None


def refuse_if_destroyed(engine: Engine) -> None:
    when = destroyed_at(engine)
    if when is not None:
        raise KeyMaterialError(
            f"the keys of this workspace were destroyed at {when}: personal fields "
            "are unreadable and linkage tokens unlinkable"
        )


def adopt_key_source(workspace: Workspace, source: KeySource | str) -> None:
    """Make ``source`` the workspace's key source, in memory and durably in ``aidtrace.toml``
    (replaced atomically: callers destroy an old key only after this returns)."""
    spec = source if isinstance(source, str) else source.describe()
    config = workspace.config.model_copy(update={"key_source": spec})
    write_config(workspace.path, config)
    workspace.config = config
    workspace.keys = key_source_from_spec(spec) if isinstance(source, str) else source
