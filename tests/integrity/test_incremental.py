"""A new weekly list linked against last week's clusters: last week's links kept, this week's
added exactly as a full run would score them."""

from __future__ import annotations

import pyarrow as pa
from splink import DuckDBAPI

from aidtrace.integrity import linkage
from aidtrace.integrity.clusters import connected_components, groups
from aidtrace.integrity.incremental import link_increment


def test_increment_matches_a_full_recompute(tokens: pa.Table, model: linkage.Model) -> None:
    full = linkage.predict(tokens, model, DuckDBAPI())
    # The sample lists each duplicate after its original, so the tail holds new duplicates of
    # old records as well as new people.
    cut = tokens.num_rows * 2 // 3
    old, new = tokens.slice(0, cut), tokens.slice(cut)
    # One auto-link cut-off for both weeks (the full run's), so the links compare.
    last_week = linkage.predict(old, model, DuckDBAPI(), bands=full.bands)
    this_week = link_increment(old, last_week.clusters, new, model, DuckDBAPI(), bands=full.bands)
    new_ids = set(new.column("person_id").to_pylist())
    # Old pairs are not rescored (term frequencies moved a little since), new ones are scored
    # as in a full run: so the clusters are last week's plus the full run's new links.
    new_links = [
        (a, b)
        for a, b in linkage.auto_links_across_households(full.pairs)
        if a in new_ids or b in new_ids
    ]
    old_links = linkage.auto_links_across_households(last_week.pairs)
    expected = groups(connected_components([*old_links, *new_links]))
    assert groups(this_week.clusters) == expected
    assert len(expected) > len(groups(last_week.clusters))
    # Only pairs touching a new record were scored.
    for row in this_week.pairs.select(["person_id_l", "person_id_r"]).to_pylist():
        assert row["person_id_l"] in new_ids or row["person_id_r"] in new_ids
