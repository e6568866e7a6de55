"""Versioned schema migrations, one sequence per component.

Each component (core, watchlists, alerts, …) declares its own ordered migrations in its own module
and registers them here; the store records one version number per component. Opening a workspace
applies whatever is missing, in one transaction, and refuses a store newer than this code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aidtrace.errors import WorkspaceError
from aidtrace.registry import Registry
from aidtrace.store.engine import Engine


@dataclass(frozen=True)
class Migration:
    """One step of a component's schema: ``version`` is 1, 2, 3… within the component."""

    version: int
    description: str
    statements: tuple[str, ...]


# Modules that declare migrations; importing one registers its component.
SCHEMA_MODULES: tuple[str, ...] = (
    "aidtrace.store.core_schema",
    "aidtrace.alerts.schema",
    "aidtrace.keyring.schema",
    "aidtrace.people.schema",
    "aidtrace.store.web_schema",  # the web desk's tables, without importing the desk
    "aidtrace.accounts.schema",
    "aidtrace.cases.schema",
    "aidtrace.screening.schema",
    "aidtrace.watchlists.schema",
    "aidtrace.flows.schema",
    "aidtrace.integrity.schema",
    "aidtrace.ingest.published_schema",
    "aidtrace.ingest.contracts_schema",
    "aidtrace.audit.schema",
)


# Every component's migrations, by component name.
SCHEMAS: Registry[tuple[Migration, ...]] = Registry("schema component", SCHEMA_MODULES, sort=True)


def register(component: str, migrations: Sequence[Migration]) -> tuple[Migration, ...]:
    """Declare a component's migrations (versions must run 1..n without gaps)."""
    steps = tuple(migrations)
    if [m.version for m in steps] != list(range(1, len(steps) + 1)):
        raise ValueError(f"migrations of {component} must be numbered 1..n")
    return SCHEMAS.register(steps, component)


def latest_versions() -> dict[str, int]:
    return {name: len(steps) for name, steps in SCHEMAS.all().items()}


def current_versions(engine: Engine) -> dict[str, int]:
    if not engine.has_table("schema_versions"):
        return {}
    rows = engine.query("SELECT component, version FROM schema_versions").to_pylist()
    return {str(r["component"]): int(r["version"]) for r in rows}


def migrations_pending(engine: Engine) -> bool:
    """Whether the store's schema differs from this code's (older, or newer: ``migrate`` says
    which, and refuses a newer one)."""
    have = current_versions(engine)
    return any(have.get(name, 0) != version for name, version in latest_versions().items())


def migrate(engine: Engine) -> list[tuple[str, int]]:
    """Apply every pending migration; returns the (component, version) steps applied."""
    engine.execute(
        "CREATE TABLE IF NOT EXISTS schema_versions (component VARCHAR PRIMARY KEY, "
        "version INTEGER NOT NULL, applied_at TIMESTAMPTZ DEFAULT now())"
    )
    have = current_versions(engine)
    applied: list[tuple[str, int]] = []
    for component, steps in SCHEMAS.all().items():
        at = have.get(component, 0)
        if at > len(steps):
            raise WorkspaceError(
                f"the store's {component} schema is version {at}, newer than this aidtrace "
                f"understands ({len(steps)}); upgrade aidtrace"
            )
        pending = steps[at:]
        if not pending:
            continue
        with engine.transaction():
            for step in pending:
                for sql in step.statements:
                    engine.execute(sql)
                applied.append((component, step.version))
            engine.execute(
                "INSERT OR REPLACE INTO schema_versions (component, version) VALUES (?, ?)",
                (component, pending[-1].version),
            )
    return applied
