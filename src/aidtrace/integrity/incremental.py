"""Incremental linkage: this week's new list against the existing clusters, no full recompute.

Only two kinds of pair are scored: new record × existing record (``predict_between``) and new ×
new (``predict_within``); the existing × existing pairs, by far the most, were scored last time and
their clusters are kept. New auto-links then join the existing components, so a new record lands
in the cluster of the person it matches, two new records of one person form a cluster of their
own, and clusters the new record bridges merge. The model is reused as trained, so weights are
comparable week to week.
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

import pyarrow as pa
from splink import Linker

from aidtrace.integrity import linkage
from aidtrace.integrity.clusters import connected_components
from aidtrace.integrity.compact import compact
from aidtrace.integrity.tokenshape import TOKEN_COLUMNS


def _cluster_edges(clusters: pa.Table) -> list[tuple[str, str]]:
    # Each existing member tied to its cluster's name rebuilds the old components exactly.
    return list(
        zip(
            clusters.column("person_id").to_pylist(),
            clusters.column("cluster_id").to_pylist(),
            strict=True,
        )
    )


def link_increment(
    existing: pa.Table,
    clusters: pa.Table,
    new: pa.Table,
    model: linkage.Model,
    db_api: Any,
    *,
    bands: linkage.Bands | None = None,
) -> linkage.LinkageResult:
    """Score the new list against the existing records and itself; return those pairs and the
    updated clusters (existing clusters, extended and merged by the new auto-links).

    Pass the ``bands`` of the run that made ``clusters`` to keep its auto-link cut-off week to
    week; without them the cut-off is calibrated on this increment's pairs."""
    review = bands.review if bands else linkage.Bands().review
    prior = linkage.prior_weight(model)
    columns = list(TOKEN_COLUMNS)
    # Compacted together, so old and new tokens get the same column types.
    both = compact(
        pa.concat_tables([existing.select(columns), new.select(columns)], promote_options="default")
    )
    old, fresh = both.slice(0, existing.num_rows), both.slice(existing.num_rows)
    old_frame, new_frame = db_api.register(old), db_api.register(fresh)
    # The linker holds old and new together only so term frequencies are those a full run sees.
    everything = db_api.register(both)
    linker = Linker(everything, linkage.settings(model), log_level=logging.ERROR)
    linker.table_management.compute_tf_table("given_tok")
    threshold = review
    inference = linker.inference
    between = inference.predict_between(
        new_frame, old_frame, threshold_match_probability=threshold, warning_mode="never"
    )
    within = inference.predict_within(
        new_frame, threshold_match_probability=threshold, warning_mode="never"
    )
    scored = [linkage.arrow(t) for t in (between, within)]
    if bands is None:
        bands = linkage.calibrate(scored, linkage.LINK_ERROR, review)
    pairs = pa.concat_tables(
        [linkage.annotate(t, bands, prior) for t in scored], promote_options="default"
    )
    edges = chain(_cluster_edges(clusters), linkage.auto_links_across_households(pairs))
    return linkage.LinkageResult(pairs=pairs, clusters=connected_components(edges), bands=bands)
