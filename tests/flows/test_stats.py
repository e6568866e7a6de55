"""The statistics behind the detectors, checked against known values."""

from __future__ import annotations

import math

import pytest

from aidtrace.flows.detectors.benford import EXPECTED, band, mad
from aidtrace.flows.detectors.split_payments import is_cut
from aidtrace.flows.stats import benjamini_hochberg, binom_sf, median, normal_sf


@pytest.mark.parametrize(
    ("k", "n", "p", "expected"),
    [
        (0, 10, 0.5, 1.0),
        (10, 10, 0.5, 0.5**10),
        (3, 5, 0.5, 0.5),
        (11, 10, 0.5, 0.0),
        (60, 100, 0.5, 0.0284),  # normal approximation with continuity correction
    ],
)
def test_binomial_tail(k: int, n: int, p: float, expected: float) -> None:
    assert binom_sf(k, n, p) == pytest.approx(expected, abs=2e-3)


def test_normal_and_bh() -> None:
    assert normal_sf(1.959964) == pytest.approx(0.025, abs=1e-6)
    assert benjamini_hochberg([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04])
    assert median([3.0, 1.0, 2.0, 10.0]) == 2.5
    assert math.isnan(median([]))


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (0.005, "close conformity"),
        (0.010, "acceptable conformity"),
        (0.014, "marginal"),
        (0.016, "nonconformity"),
    ],
)
def test_nigrini_bands(value: float, name: str) -> None:
    assert band(value) == name


def test_mad_of_perfect_and_fabricated_digits() -> None:
    perfect = {d: round(p * 100_000) for d, p in EXPECTED.items()}
    assert mad(perfect) < 1e-5
    assert mad({d: 100 for d in range(1, 10)}) > 0.015  # uniform digits: made up


@pytest.mark.parametrize(
    ("parts", "total", "limit", "cut"),
    [
        (3, 28_950, 10_000, True),
        (2, 19_000, 10_000, True),
        (4, 28_950, 10_000, False),
        (2, 25_000, 10_000, False),
    ],
)
def test_split_needs_the_fewest_parts(parts: int, total: float, limit: float, cut: bool) -> None:
    assert is_cut(parts, total, limit) is cut
