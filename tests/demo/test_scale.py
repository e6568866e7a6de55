from __future__ import annotations

import pytest

from aidtrace.demo.codes import permute
from aidtrace.demo.scale import parse_scale
from aidtrace.errors import InputError


@pytest.mark.parametrize(
    ("text", "beneficiaries"),
    [
        ("small", 20_000),
        ("10k", 10_000),
        ("100K", 100_000),
        ("1m", 1_000_000),
        ("1.5m", 1_500_000),
        ("2500", 2_500),
        (" tiny ", 2_000),
    ],
)
def test_parse_scale(text: str, beneficiaries: int) -> None:
    assert parse_scale(text).beneficiaries == beneficiaries


@pytest.mark.parametrize("text", ["", "big", "10q", "-5k", "100", "100m"])
def test_parse_scale_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_scale(text)


def test_scale_grows_districts_and_households() -> None:
    small, large = parse_scale("small"), parse_scale("1m")
    assert small.households < large.households
    assert 12 <= small.active_districts < large.active_districts <= 401


@pytest.mark.parametrize("digits", [3, 4, 5])
def test_codes_are_a_bijection(digits: int) -> None:
    size = 10**digits
    assert sorted(permute(n, digits, "k") for n in range(size)) == list(range(size))


def test_codes_depend_on_the_key() -> None:
    assert [permute(n, 6, "a") for n in range(20)] != [permute(n, 6, "b") for n in range(20)]
