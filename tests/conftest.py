"""Shared fixtures: workspaces with keys kept in a separate temporary directory, and a spy on the
queries a workspace's engine answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aidtrace.store.duckdb_engine import DuckDBEngine
from aidtrace.workspace import Workspace

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_keys(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never write keys into the developer's home directory from a test.
    monkeypatch.setenv("AIDTRACE_KEY_DIR", str(tmp_path_factory.mktemp("keys")))
    monkeypatch.delenv("AIDTRACE_WORKSPACE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "keys" / "root.key") as ws:
        yield ws


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA} (it must sit beside the checkout)")
    return SHARED_DATA


@pytest.fixture
def engine_queries(monkeypatch: pytest.MonkeyPatch) -> Callable[[Workspace], list[str]]:
    """Call it with a workspace: the SQL of every query its engine answers from then on."""

    def spy(ws: Workspace) -> list[str]:
        asked: list[str] = []
        real = ws.engine.query

        def query(sql: str, params: object = ()) -> object:
            asked.append(sql)
            return real(sql, params)  # type: ignore[arg-type]

        monkeypatch.setattr(ws.engine, "query", query)
        return asked

    return spy


@pytest.fixture
def store_queries(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[str]]:
    """Call it with SQL fragments: from then on, the SQL of every query any store connection
    answers (a desk opens its own) that names one of them."""

    def spy(*fragments: object) -> list[str]:
        asked: list[str] = []
        real = DuckDBEngine.query

        def query(self: DuckDBEngine, sql: str, params: object = ()) -> object:
            if any(f in sql or params == (f,) for f in fragments):
                asked.append(sql)
            return real(self, sql, params)  # type: ignore[arg-type]

        monkeypatch.setattr(DuckDBEngine, "query", query)
        return asked

    return spy
