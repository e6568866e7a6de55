"""Name classes from public usage: runs written together or apart, Urdu and kh/ch
transliterations, and honorifics and epithets that are not names."""

from __future__ import annotations

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.model import TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.match import compare


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Siti Nurhaliza", "Siti Nur Haliza"),  # a Malay name written together and apart
        ("Abubakar Shekau", "Abu Bakar Shekau"),
        ("محمدعبدالله", "Mohammad Abdullah"),  # two names written as one word
        ("Chaudhry Shujaat Hussain", "چوہدری شجاعت حسین"),  # Urdu heh after a long vowel
        ("Chaudhary Nisar", "چودھری نثار"),  # Urdu two-eyed heh: an aspirated d
        ("Yusuf Barich", "يوسف بريخ"),  # ch for kh, as German and Slavic romanisers write it
    ],
)
def test_the_same_name_in_another_writing_matches(query: str, listed: str) -> None:
    score = compare(analyse(query, False), analyse(listed, False), TokenRarity()).score
    assert score >= 0.85


@pytest.mark.parametrize(
    ("name", "titles", "names"),
    [
        ("Pahlawan Gul Ahmad", ["pahlawan"], ["gul", "ahmad"]),  # "wrestler", an epithet
        ("پهلوان گل احمد", ["پهلوان"], ["گل", "احمد"]),
        ("Haji Sahab Nazar", ["haji", "sahab"], ["nazar"]),
        ("Mawlawi Qari Sheikh Ahmad", ["mawlawi", "qari", "sheikh"], ["ahmad"]),
        ("Abdul Sahib Karimi", [], ["abdulsahib", "karimi"]),  # a name's second part
    ],
)
def test_honorifics_are_not_name_parts(name: str, titles: list[str], names: list[str]) -> None:
    analysed = analyse(name, False)
    assert [t.text for t in analysed.tokens if t.role is TokenRole.TITLE] == titles
    assert [t.text for t in analysed.tokens if t.evidence] == names
