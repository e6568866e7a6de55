"""A run of name parts written together against one name part in the other script: the same
name written apart at its article or particle (Mujibur Rahman, Ziaur Rahman, Bin al-Shibh) is
paired even a consonant off, two names that a long name one consonant off happens to cover
are not (a person's given and family names against an organisation's one word)."""

from __future__ import annotations

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.match import compare


def _score(query: str, listed: str, organisation: bool = False) -> float:
    return compare(analyse(query, False), analyse(listed, organisation), TokenRarity()).score


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # Bangladesh's founding leader and president as Bengali-English and Persian write them
        ("Mujiburrahman", "مجیب الرحمن"),
        ("مجیب الرحمن", "Mujiburrahman"),
        ("Ziaurrahman", "ضیاء الرحمن"),
        ("Khudairahim", "خدای رحیم"),
        ("Binalshibh", "بن الشيبة"),
    ],
)
def test_a_compound_written_apart_pairs_across_scripts(query: str, listed: str) -> None:
    assert _score(query, listed) >= 0.8


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # a given name and a family name (invented, written as Iranian registers write them)
        # against an organisation's one word a consonant off them written together
        ("امیرعباس صنایعی", "Al Mourabitoun"),
        ("امیرعباس صنایعی", "Mourabitoun"),
    ],
)
def test_two_names_are_not_a_word_a_consonant_off_them(query: str, listed: str) -> None:
    assert _score(query, listed, organisation=True) < 0.6
