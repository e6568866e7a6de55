"""The screening box's query: one name against the current watchlist snapshot."""

from __future__ import annotations

from typing import Any

from aidtrace.workspace import Workspace


def search_names(ws: Workspace, query: str, limit: int) -> dict[str, Any]:
    """Ranked entries with explanations; ``available`` is false until lists and an index exist."""
    text = " ".join(query.split())
    return {"query": text, "available": False, "results": []}
