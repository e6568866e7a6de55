"""Map colours: every band keeps its province's name readable."""

from __future__ import annotations

import pytest

from aidtrace.report.palette import (
    BLACK,
    BLUES,
    NO_DATA,
    REDS,
    WHITE,
    band,
    contrast,
    ink,
    thresholds,
)


@pytest.mark.parametrize("fill", [*BLUES, *REDS, NO_DATA])
def test_every_fill_has_an_ink_with_contrast_at_least_4_5(fill: str) -> None:
    assert contrast(fill, ink(fill)) >= 4.5


@pytest.mark.parametrize(
    ("fill", "expected"), [("#ffffff", BLACK), ("#000000", WHITE), (BLUES[-1], WHITE)]
)
def test_ink(fill: str, expected: str) -> None:
    assert ink(fill) == expected


def test_contrast_of_black_on_white_is_21() -> None:
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)


@pytest.mark.parametrize(
    ("value", "top", "expected"),
    [(None, 10.0, NO_DATA), (0.0, 10.0, BLUES[0]), (10.0, 10.0, BLUES[-1]),
     (5.0, 10.0, BLUES[3]), (3.0, 0.0, BLUES[0])],
)  # fmt: skip
def test_band(value: float | None, top: float, expected: str) -> None:
    assert band(value, top, BLUES) == expected


def test_thresholds_split_the_range_into_the_ramps_bands() -> None:
    limits = thresholds(7.0, BLUES)
    assert limits == pytest.approx([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    assert [band(x + 0.5, 7.0, BLUES) for x in range(7)] == list(BLUES)
