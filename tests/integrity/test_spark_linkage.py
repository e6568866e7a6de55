"""The same model on Spark (local mode) scores the same pairs and gives the same clusters."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from splink import DuckDBAPI

from aidtrace.integrity import linkage
from aidtrace.integrity.backends import spark_api
from aidtrace.integrity.clusters import groups
from aidtrace.store.spark_engine import local_session


@pytest.mark.spark
def test_spark_gives_the_same_clusters_as_duckdb(
    tokens: pa.Table, model: linkage.Model, tmp_path: Path
) -> None:
    sample = tokens.slice(0, 300)
    on_duckdb = linkage.predict(sample, model, DuckDBAPI())
    on_spark = linkage.predict(
        sample, model, spark_api(local_session(tmp_path / "wh", memory="4g"))
    )
    assert groups(on_spark.clusters) == groups(on_duckdb.clusters)
    assert len(groups(on_duckdb.clusters)) >= 5

    def weights(result: linkage.LinkageResult) -> dict[tuple[str, str], float]:
        rows = result.pairs.select(["person_id_l", "person_id_r", "match_weight"]).to_pylist()
        return {(r["person_id_l"], r["person_id_r"]): r["match_weight"] for r in rows}

    duck, spark = weights(on_duckdb), weights(on_spark)
    assert duck.keys() == spark.keys()
    assert all(abs(duck[k] - spark[k]) < 1e-6 for k in duck)
