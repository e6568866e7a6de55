"""Open or create a workspace: its config, its embedded store and its key source.

A workspace is a directory holding ``aidtrace.toml``, the DuckDB store ``store.duckdb`` and a
``tmp/`` directory for the store's spill files. The root key is kept elsewhere (by default under
``~/.config/aidtrace/keys``), so copying the workspace does not copy the key.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from aidtrace.config import CONFIG_NAME, WorkspaceConfig, load_config
from aidtrace.errors import StoreError, WorkspaceError
from aidtrace.privacy.keys import (
    FileKeySource,
    KeySource,
    key_source_from_spec,
    new_key_source,
)
from aidtrace.store import DuckDBEngine, Engine
from aidtrace.store.migrations import migrate

STORE_NAME = "store.duckdb"
APP_ID = "aidtrace"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_key_dir() -> Path:
    """Where new key files go unless told otherwise: outside any workspace."""
    env = os.environ.get("AIDTRACE_KEY_DIR")
    if env:
        return Path(env)
    return Path.home() / ".config" / "aidtrace" / "keys"


@dataclass
class Workspace:
    """An open workspace. Use as a context manager, or call ``close``."""

    path: Path
    config: WorkspaceConfig
    engine: Engine
    keys: KeySource
    clock: Clock = field(default=utc_now)

    @property
    def tmp_dir(self) -> Path:
        return self.path / "tmp"

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        key_file: Path | None = None,
        key_source: KeySource | None = None,
        clock: Clock = utc_now,
    ) -> Workspace:
        """Make a new workspace in ``path`` (created if absent; must not hold one already).

        The root key goes to ``key_file``, or comes from ``key_source``, or from the source
        that ``$AIDTRACE_KEY_SOURCE`` requests (``env:VAR`` or ``passphrase``)."""
        path = path.resolve()
        if (path / CONFIG_NAME).exists() or (path / STORE_NAME).exists():
            raise WorkspaceError("a workspace already exists here", source=path)
        workspace_id = uuid.uuid4().hex
        key_path = (key_file or default_key_dir() / f"{workspace_id}.key").resolve()
        if key_path.is_relative_to(path):
            raise WorkspaceError("the key file must live outside the workspace", source=key_path)
        requested = os.environ.get("AIDTRACE_KEY_SOURCE")
        if key_source is None and key_file is None and requested:
            key_source = new_key_source(requested)
        path.mkdir(parents=True, exist_ok=True)
        (path / "tmp").mkdir(exist_ok=True)
        keys = key_source or FileKeySource.create(key_path)
        config = WorkspaceConfig(
            workspace_id=workspace_id, created_at=clock(), key_source=keys.describe()
        )
        engine = cls._open_store(path, config)
        migrate(engine)
        engine.execute(
            "INSERT INTO workspace_meta VALUES ('app', ?), ('workspace_id', ?)",
            (APP_ID, workspace_id),
        )
        (path / CONFIG_NAME).write_text(config.dump(), encoding="utf-8")
        return cls(path, config, engine, keys, clock)

    @classmethod
    def open(cls, path: Path, *, clock: Clock = utc_now) -> Workspace:
        """Open an existing workspace, applying pending schema migrations."""
        path = path.resolve()
        config = load_config(path)
        if not (path / STORE_NAME).exists():
            raise WorkspaceError("the workspace has no store (store.duckdb missing)", source=path)
        engine = cls._open_store(path, config)
        try:
            cls._check_identity(engine, config, path)
            migrate(engine)
        except WorkspaceError:
            engine.close()
            raise
        return cls(path, config, engine, key_source_from_spec(config.key_source), clock)

    @staticmethod
    def _open_store(path: Path, config: WorkspaceConfig) -> Engine:
        store = path / STORE_NAME
        try:
            return DuckDBEngine.open(
                store, temp_directory=path / "tmp", memory_limit=config.memory_limit
            )
        except StoreError as exc:
            raise WorkspaceError(
                f"the store is not a readable DuckDB database (corrupt?): {exc.message}",
                source=store,
            ) from exc

    @staticmethod
    def _check_identity(engine: Engine, config: WorkspaceConfig, path: Path) -> None:
        store = path / STORE_NAME
        if not engine.has_table("workspace_meta"):
            raise WorkspaceError("the store is not an aidtrace store", source=store)
        rows = engine.query("SELECT key, value FROM workspace_meta").to_pylist()
        meta = {r["key"]: r["value"] for r in rows}
        if meta.get("app") != APP_ID:
            raise WorkspaceError("the store is not an aidtrace store", source=store)
        if meta.get("workspace_id") != config.workspace_id:
            raise WorkspaceError(
                "the store belongs to another workspace (its id does not match aidtrace.toml)",
                source=store,
            )

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
