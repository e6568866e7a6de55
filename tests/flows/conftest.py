"""One synthetic programme, imported once for the flow tests of a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aidtrace.workspace import Workspace
from flows.scenario import Scenario, load


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Scenario]]:
    root = tmp_path_factory.mktemp("programme")
    with Workspace.create(root / "ws", key_file=root / "keys" / "root.key") as ws:
        yield ws, load(ws, root / "files")
