"""Deduplication on tokens: known duplicates found, households not mistaken for people."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
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


@pytest.mark.parametrize(
    ("probabilities", "cut"),
    [
        # two sure pairs carry a third at 0.99: (0.001 + 0 + 0.01) / 3 is within 1 %
        ([1.0, 0.999, 0.99, 0.95, 0.8, 0.6], 0.99),
        # forty near-certain pairs make room for one at 0.7 (0.3 / 41 < 1 %)
        ([1.0] * 40 + [0.7, 0.6], 0.7),
        # nothing that sure: the cut-off stays at 1 - link_error and links nothing
        ([0.9, 0.8], 0.99),
        ([], 0.99),
        # never below the review band, whatever the certain pairs allow
        ([1.0] * 1000 + [0.55, 0.45], 0.55),
        # a cut-off takes every pair of its probability: one of two tied pairs would pass
        # (0.2 / 21), both do not (0.4 / 22)
        ([1.0] * 20 + [0.8, 0.8], 0.99),
    ],
)
def test_calibrated_cutoff(probabilities: list[float], cut: float) -> None:
    bands = Bands.calibrated(probabilities, link_error=0.01)
    assert bands.auto_link == pytest.approx(cut)
    assert bands.source == "calibrated"
    # Pairs inside one household are weighed apart: the across-household pairs do not lower
    # their cut-off.
    assert bands.within_household == pytest.approx(0.99)
    assert bands.of(0.995, same_household=True) is Band.AUTO_LINK
    assert bands.of(0.98, same_household=True) is not Band.AUTO_LINK


def test_calibrated_cutoff_keeps_the_expected_wrong_links_within_bounds(
    result: linkage.LinkageResult,
) -> None:
    across = result.pairs.filter(pc.invert(result.pairs.column("same_household")))
    probabilities = across.column("match_probability").to_pylist()
    for link_error in (0.001, 0.01, 0.05):
        bands = Bands.calibrated(probabilities, link_error=link_error)
        linked = [p for p in probabilities if p >= bands.auto_link]
        assert sum(1 - p for p in linked) <= link_error * len(linked) + 1e-12
    # The run calibrated its own cut-off, and a stricter error allowance never links more.
    assert result.bands.source == "calibrated"
    cuts = [Bands.calibrated(probabilities, link_error=e).auto_link for e in (0.001, 0.01, 0.05)]
    assert cuts == sorted(cuts, reverse=True)
    assert len(set(cuts)) > 1  # the cut-off moves with the allowance: it is not a constant


@pytest.mark.parametrize("link_error", [0.0, 1.0, -0.5])
def test_link_error_outside_zero_one_is_refused(link_error: float) -> None:
    with pytest.raises(InputError, match="link_error"):
        Bands.calibrated([0.99], link_error=link_error)


def test_model_round_trips_as_json(model: linkage.Model) -> None:
    assert linkage.Model.from_json(model.to_json()) == model


def test_missing_token_columns_are_an_input_error(model: linkage.Model) -> None:
    with pytest.raises(InputError, match="given_tok"):
        linkage.predict(pa.table({"person_id": ["a"]}), model, DuckDBAPI())
