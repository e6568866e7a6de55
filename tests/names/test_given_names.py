"""Given names that stand for one another: the catalogue's and the diminutive table's pairs."""

from __future__ import annotations

import pytest

from aidtrace.names.given_names import same_given_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ted", "theodore"),  # the catalogue's nickname
        ("bill", "william"),
        ("bob", "robert"),
        ("sergejs", "sergey"),  # Latvian and Russian spellings of one name
        ("bibi", "benjamin"),  # the diminutive table
        ("benjamin", "bibi"),  # either way round
        ("sasha", "oleksandr"),
    ],
)
def test_same_given_name(a: str, b: str) -> None:
    assert same_given_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("olga", "oleg"),  # alike in writing, different names
        ("frederick", "friedrich"),  # cognates the catalogue keeps apart
        ("hafez", "rami"),
        ("ted", "bibi"),
        ("x1", "x1y"),  # not a word: never looked up
    ],
)
def test_different_given_names(a: str, b: str) -> None:
    assert not same_given_name(a, b)
