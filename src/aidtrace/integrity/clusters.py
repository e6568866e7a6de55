"""Clusters of linked records: connected components of the auto-link edges.

Splink (on whichever engine) does the heavy part, scoring millions of candidate pairs; the edges
that survive the auto-link band are few (a fraction of the records), so their components are
computed here, in-process, identically for every engine. A cluster is named by its smallest
member id, so the same links give the same cluster ids on DuckDB and on Spark.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller id becomes the root, so roots are the clusters' smallest members.
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def connected_components(edges: Iterable[tuple[str, str]]) -> pa.Table:
    """``person_id`` → ``cluster_id`` for every record on at least one edge."""
    forest = _UnionFind()
    for a, b in edges:
        forest.union(a, b)
    members = sorted(forest.parent)
    return pa.table(
        {"person_id": members, "cluster_id": [forest.find(m) for m in members]},
        schema=pa.schema([("person_id", pa.string()), ("cluster_id", pa.string())]),
    )


def groups(clusters: pa.Table) -> list[tuple[str, ...]]:
    """The clusters as sorted tuples of member ids, in a canonical order (for comparison)."""
    by_cluster: dict[str, list[str]] = {}
    for pid, cid in zip(
        clusters.column("person_id").to_pylist(),
        clusters.column("cluster_id").to_pylist(),
        strict=True,
    ):
        by_cluster.setdefault(cid, []).append(pid)
    return sorted(tuple(sorted(g)) for g in by_cluster.values())


def household_groups(pairs: pa.Table) -> pa.Table:
    """``household_id`` → ``group_id``: households joined by an auto-linked member pair (one
    family registered twice), named by their smallest household id."""
    auto = pc.equal(pairs.column("band"), "auto_link")
    keep = pairs.filter(pc.and_(auto, pc.invert(pairs.column("same_household"))))
    edges = zip(
        keep.column("household_id_l").to_pylist(),
        keep.column("household_id_r").to_pylist(),
        strict=True,
    )
    table = connected_components((a, b) for a, b in edges if a and b)
    return table.rename_columns(["household_id", "group_id"])
