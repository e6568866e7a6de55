"""A new weekly list linked against last week's clusters gives the clusters a full run gives."""

from __future__ import annotations

import pyarrow as pa
from splink import DuckDBAPI

from aidtrace.integrity import linkage
from aidtrace.integrity.clusters import groups
from aidtrace.integrity.incremental import link_increment


def test_increment_matches_a_full_recompute(tokens: pa.Table, model: linkage.Model) -> None:
    full = linkage.predict(tokens, model, DuckDBAPI())
    # The sample lists each duplicate after its original, so the tail holds new duplicates of
    # old records as well as new people.
    cut = tokens.num_rows * 2 // 3
    old, new = tokens.slice(0, cut), tokens.slice(cut)
    last_week = linkage.predict(old, model, DuckDBAPI())
    this_week = link_increment(old, last_week.clusters, new, model, DuckDBAPI())
    assert groups(this_week.clusters) == groups(full.clusters)
    assert len(groups(this_week.clusters)) > len(groups(last_week.clusters))
    # Only pairs touching a new record were scored.
    new_ids = set(new.column("person_id").to_pylist())
    for row in this_week.pairs.select(["person_id_l", "person_id_r"]).to_pylist():
        assert row["person_id_l"] in new_ids or row["person_id_r"] in new_ids
