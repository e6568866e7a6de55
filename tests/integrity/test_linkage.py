"""Deduplication on tokens: known duplicates found, households not mistaken for people."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pyarrow as pa
import pytest
from splink import DuckDBAPI

from aidtrace.errors import InputError
from aidtrace.integrity import linkage
from aidtrace.integrity.linkage import Band, Bands


@pytest.fixture(scope="module")
def result(tokens: pa.Table, model: linkage.Model) -> linkage.LinkageResult:
    return linkage.predict(tokens, model, DuckDBAPI())


def _true_pairs(truth: dict[str, str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())


def test_auto_links_are_precise_and_complete(
    result: linkage.LinkageResult, truth: dict[str, str]
) -> None:
    auto = pl.from_arrow(result.pairs).filter(pl.col("band") == Band.AUTO_LINK.value)
    hits = sum(
        truth[a] == truth[b] for a, b in zip(auto["person_id_l"], auto["person_id_r"], strict=True)
    )
    assert hits / auto.height >= 0.95
    assert hits / _true_pairs(truth) >= 0.9


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


def test_clusters_cover_every_record_once(result: linkage.LinkageResult, tokens: pa.Table) -> None:
    ids = result.clusters.column("person_id").to_pylist()
    assert sorted(ids) == sorted(tokens.column("person_id").to_pylist())


@pytest.mark.parametrize(
    ("probability", "band"),
    [(0.999, Band.AUTO_LINK), (0.99, Band.AUTO_LINK), (0.9, Band.REVIEW), (0.5, Band.NO_MATCH)],
)
def test_bands(probability: float, band: Band) -> None:
    assert Bands(auto_link=0.99, review=0.8).of(probability) is band


def test_model_round_trips_as_json(model: linkage.Model) -> None:
    assert linkage.Model.from_json(model.to_json()) == model


def test_missing_token_columns_are_an_input_error(model: linkage.Model) -> None:
    with pytest.raises(InputError, match="given_tok"):
        linkage.predict(pa.table({"person_id": ["a"]}), model, DuckDBAPI())
