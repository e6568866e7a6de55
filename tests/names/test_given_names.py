"""Given names that stand for one another: the diminutive table, either way round."""

from __future__ import annotations

import pytest

from aidtrace.names.given_names import same_given_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ted", "theodore"),
        ("ted", "edward"),  # one diminutive of two names
        ("bill", "william"),
        ("bob", "robert"),
        ("bibi", "benjamin"),
        ("benjamin", "bibi"),  # either way round
        ("sasha", "oleksandr"),
        ("bill", "will"),  # two diminutives of one name
    ],
)
def test_same_given_name(a: str, b: str) -> None:
    assert same_given_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("olga", "oleg"),  # alike in writing, different names
        ("frederick", "friedrich"),  # cognates are the spelling comparison's business
        ("edward", "theodore"),  # Ted stands for both, they are not one name
        ("alexander", "alexandra"),  # Sasha stands for both
        ("hafez", "rami"),
        ("nik", "nicholas"),  # Nik is an Afghan name in its own right: not in the table
    ],
)
def test_different_given_names(a: str, b: str) -> None:
    assert not same_given_name(a, b)
