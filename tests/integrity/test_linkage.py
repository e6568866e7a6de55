"""Deduplication on tokens: known duplicates found, households not mistaken for people."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pyarrow as pa
import pytest
from splink import DuckDBAPI

from aidtrace.errors import InputError
from aidtrace.integrity import linkage
from aidtrace.integrity.clusters import connected_components, groups
from aidtrace.integrity.linkage import Band, Bands


@pytest.fixture(scope="module")
def result(tokens: pa.Table, model: linkage.Model) -> linkage.LinkageResult:
    return linkage.predict(tokens, model, DuckDBAPI())


def _true_pairs(truth: dict[str, str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())


def _hits(pairs: pl.DataFrame, truth: dict[str, str]) -> int:
    ids = zip(pairs["person_id_l"], pairs["person_id_r"], strict=True)
    return sum(truth[a] == truth[b] for a, b in ids)


def test_auto_links_are_precise_and_review_completes_them(
    result: linkage.LinkageResult, truth: dict[str, str]
) -> None:
    pairs = pl.from_arrow(result.pairs)
    auto = pairs.filter(pl.col("band") == Band.AUTO_LINK.value)
    assert _hits(auto, truth) / auto.height >= 0.95
    assert _hits(auto, truth) / _true_pairs(truth) >= 0.85
    assert _hits(pairs, truth) / _true_pairs(truth) >= 0.95


def test_siblings_are_not_linked(result: linkage.LinkageResult, truth: dict[str, str]) -> None:
    # Same father, grandfather, phone and district: a household, not a person.
    auto = pl.from_arrow(result.pairs).filter(pl.col("band") == Band.AUTO_LINK.value)
    same_hh = auto.filter(pl.col("household_id_l") == pl.col("household_id_r"))
    wrong = [
        a
        for a, b in zip(same_hh["person_id_l"], same_hh["person_id_r"], strict=True)
        if truth[a] != truth[b]
    ]
    assert len(wrong) <= 2


def test_each_auto_linked_record_is_in_one_cluster(result: linkage.LinkageResult) -> None:
    pairs = pl.from_arrow(result.pairs).filter(
        (pl.col("band") == Band.AUTO_LINK.value) & ~pl.col("same_household")
    )
    linked = set(pairs["person_id_l"]) | set(pairs["person_id_r"])
    ids = result.clusters.column("person_id").to_pylist()
    assert len(ids) == len(set(ids))
    assert set(ids) == linked


def test_connected_components_are_named_by_smallest_member() -> None:
    table = connected_components([("c", "b"), ("b", "a"), ("x", "y")])
    assert dict(
        zip(table["person_id"].to_pylist(), table["cluster_id"].to_pylist(), strict=True)
    ) == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
    assert groups(table) == [("a", "b", "c"), ("x", "y")]


@pytest.mark.parametrize(
    ("probability", "band"),
    [(0.999, Band.AUTO_LINK), (0.95, Band.AUTO_LINK), (0.8, Band.REVIEW), (0.3, Band.NO_MATCH)],
)
def test_bands(probability: float, band: Band) -> None:
    assert Bands(auto_link=0.95, review=0.5).of(probability) is band


def test_model_round_trips_as_json(model: linkage.Model) -> None:
    assert linkage.Model.from_json(model.to_json()) == model


def test_missing_token_columns_are_an_input_error(model: linkage.Model) -> None:
    with pytest.raises(InputError, match="given_tok"):
        linkage.predict(pa.table({"person_id": ["a"]}), model, DuckDBAPI())
