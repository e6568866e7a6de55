"""Watchlist snapshots and diffs, as the lists page shows them."""

from __future__ import annotations

from typing import Any

from aidtrace.workspace import Workspace


def snapshots_overview(ws: Workspace) -> dict[str, Any]:
    return {"available": False, "snapshots": []}
