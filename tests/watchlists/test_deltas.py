"""OpenSanctions deltas loaded version by version as snapshots end where a full load ends."""

from __future__ import annotations

import json
from pathlib import Path

from aidtrace.watchlists.codec import to_dict
from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.snapshots import current_entries, load_snapshot
from aidtrace.workspace import Workspace

INDEX = "watchlists/opensanctions/yente_t2_deltas/delta.json"


def test_versions_one_by_one_equal_the_index(workspace: Workspace, shared_data: Path) -> None:
    index = shared_data / INDEX
    diffs = []
    for version in json.loads(index.read_text())["versions"]:
        delta = index.parent / version / "entities.delta.json"
        diffs.append(load_snapshot(workspace, delta, format="ftm_delta").diff)
    assert diffs[3].removed == ("NK-500Poltergeist",)
    assert "NK-2T3S8Hu29ktYnKSTgQp2wL" in diffs[2].amended_ids
    stepwise = {e.source_id: to_dict(e) for e in current_entries(workspace)}
    whole = {e.source_id: to_dict(e) for e in parse_file(index)}
    assert stepwise == whole
