"""Key rotation with re-encryption: every sealed field and every token moves to fresh keys.

Rotation always starts a new key version (``fe2-…``, ``lt2-…``). With a new key source it also
changes the root key: the old root can then be destroyed, so a stolen copy of the old key opens
nothing written since. Components holding sealed data or tokens register a *re-keyer*; all of
them run in one transaction, so a failed rotation leaves the workspace as it was.

The order: the ``KeysRotated`` audit event (signed under the old root), the re-keying
transaction, the config naming the new key source (written atomically and flushed to disk),
and only then the old key's destruction: a crash anywhere leaves a config whose key opens the
data, and a log that says a rotation was started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aidtrace import audit
from aidtrace.events import KeysRotated
from aidtrace.keyring.ring import RINGS, KeyRing, KeyStatus, adopt_key_source, record_ring
from aidtrace.privacy.keys import DestroyableKeySource, KeySource
from aidtrace.progress import Progress, no_progress
from aidtrace.registry import Registry
from aidtrace.workspace import Workspace

# Re-seal and re-tokenise a component's data from the old ring to the new; returns rows moved.
Rekeyer = Callable[[Workspace, KeyRing, KeyRing, Progress], int]

REKEYER_MODULES: tuple[str, ...] = (
    "aidtrace.people.rekey",
    "aidtrace.keyring.freetext",
    "aidtrace.consortium.vault",
)


REKEYERS: Registry[Rekeyer] = Registry("re-keyer", REKEYER_MODULES, sort=True)
all_rekeyers = REKEYERS.all


def register_rekeyer(name: str, rekeyer: Rekeyer) -> Rekeyer:
    return REKEYERS.register(rekeyer, name)


@dataclass(frozen=True)
class RotationReport:
    old_key_ids: tuple[str, ...]
    new_key_ids: tuple[str, ...]
    rows: dict[str, int]  # re-keyer name -> rows re-sealed / re-tokenised
    old_source: str
    new_source: str
    old_source_destroyed: str | None = None


def rotate_keys(
    workspace: Workspace,
    new_source: KeySource | None = None,
    *,
    destroy_old: bool = True,
    progress: Progress = no_progress,
) -> RotationReport:
    """Move every sealed field and token to new keys (under ``new_source``'s root if given)."""
    old = KeyRing.open(workspace)
    old_source = workspace.keys
    new = KeyRing.derive((new_source or old_source).root_key(), old.version + 1)
    moving = new_source is not None and new_source.describe() != old_source.describe()
    shredding = moving and destroy_old and isinstance(old_source, DestroyableKeySource)
    audit.record(workspace, _event(workspace, old, new, new_source or old_source, shredding))
    engine = workspace.engine
    rows: dict[str, int] = {}
    with RINGS.changing(), engine.transaction():  # no ring opened meanwhile outlives it
        for name, rekeyer in all_rekeyers().items():
            rows[name] = rekeyer(workspace, old, new, progress)
        engine.execute(
            "UPDATE privacy_keys SET status = ?, retired_at = ? WHERE status = ?",
            (KeyStatus.RETIRED, workspace.clock(), KeyStatus.ACTIVE),
        )
        record_ring(engine, new, workspace.clock())
    destroyed = None
    if moving and new_source is not None:
        adopt_key_source(workspace, new_source)  # on disk before the old key can go
        if shredding and isinstance(old_source, DestroyableKeySource):
            destroyed = old_source.destroy()
    engine.execute("CHECKPOINT")
    return RotationReport(
        tuple(old.active.values()),
        tuple(new.active.values()),
        rows,
        old_source.describe(),
        workspace.keys.describe(),
        destroyed,
    )


def _event(
    workspace: Workspace, old: KeyRing, new: KeyRing, source: KeySource, destroy_old: bool
) -> KeysRotated:
    return KeysRotated(
        at=workspace.clock(),
        actor="keys",
        old_root_id=old.root_id,
        new_root_id=new.root_id,
        old_key_ids=tuple(old.active.values()),
        new_key_ids=tuple(new.active.values()),
        old_source_kind=_kind(workspace.keys),
        new_source_kind=_kind(source),
        destroy_old=destroy_old,
    )


def _kind(source: KeySource) -> str:
    # The kind only: a KMS spec carries the wrapped key, a passphrase spec the salt.
    return source.describe().partition(":")[0]
