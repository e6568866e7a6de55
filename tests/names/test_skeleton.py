"""The consonant skeleton's length bound: the matcher reads a run of tokens written together
only where a skeleton of that length could equal the other name's part."""

from __future__ import annotations

import pytest

from aidtrace.names.arabic import arabic_skeletons, fold_arabic
from aidtrace.names.arabic import shortest_skeleton as arabic_shortest
from aidtrace.names.skeleton import latin_skeletons
from aidtrace.names.skeleton import shortest_skeleton as latin_shortest


@pytest.mark.parametrize(
    ("token", "shortest"),
    [
        ("shaikh", 1),  # "sh" one symbol, "kh" read as h and dropped at the end: "S"
        ("mmm", 1),  # doubled symbols collapse
        ("abba", 1),  # ... across the vowels the skeleton drops
        ("ck", 1),  # one symbol for two letters
        ("dvd", 1),  # v, read w, drops after the first letter: "d"
        ("bdl", 3),
        ("kamal", 3),
    ],
)
def test_latin_bound_is_reached_where_nothing_is_left_to_chance(token: str, shortest: int) -> None:
    assert latin_shortest(token) == shortest == min(len(s) for s in latin_skeletons(token))


@pytest.mark.parametrize(
    ("token", "shortest"),
    [
        ("محمد", 4),
        ("ببب", 1),  # beh read b or p: all three may be one symbol
        ("طه", 1),  # a final heh may be silent
        ("عبدالله", 3),
        ("جلال‌الدین", 0),  # the article's own rules: no bound
    ],
)
def test_arabic_bound(token: str, shortest: int) -> None:
    folded = fold_arabic(token)
    assert arabic_shortest(folded) == shortest
    assert shortest <= min(len(s) for s in arabic_skeletons(folded))
