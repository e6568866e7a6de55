"""The same linkage on Spark (local mode) links the same pairs as on DuckDB."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aidtrace.consortium import link, linkfile

from .conftest import Round


@pytest.mark.spark
def test_spark_links_the_same_pairs_as_duckdb(exported: Round) -> None:
    # A sample: each agency's first 500 rows (in opaque-id order) keep some shared people.
    files = [linkfile.read(f) for f in exported.files]
    sample = [replace(f, table=f.table.slice(0, 500)) for f in files]
    on_duckdb = link.link(sample)
    on_spark = link.link(sample, engine="spark")

    def pairs(result: link.Linked) -> dict[str, object]:
        return {f"{p['a']} {p['b']}": p["probability"] for p in result.pairs}

    assert pairs(on_spark) == pairs(on_duckdb)
    assert len(pairs(on_duckdb)) >= 3
