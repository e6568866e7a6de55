"""A son's chain of names against his father's: the son carries his father's names as his
patronymic, so every part of the father's name is in the son's chain, and only the given name
the son does not share tells the two men apart. The names are rulers' and their heirs' as
encyclopaedias and official biographies write them (Qatar, Saudi Arabia, Jordan)."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.names import TokenRarity, analyse
from aidtrace.screening import Query
from aidtrace.screening.match import Shift, align, compare, generation_shift
from aidtrace.screening.score import DEFAULT_THRESHOLD, best_name, combine
from aidtrace.watchlists.model import DateInterval, EntitySchema, EntryName, ListEntry, NameQuality

# (the son's chain, his father's name)
SON_AND_FATHER = [
    ("Tamim bin Hamad bin Khalifa", "Hamad bin Khalifa"),
    ("Tamim bin Hamad bin Khalifa Al Thani", "Hamad bin Khalifa Al Thani"),
    ("Tamim bin Hamad bin Khalifa bin Hamad bin Abdullah Al Thani",
     "Hamad bin Khalifa bin Hamad bin Abdullah Al Thani"),
    ("تميم بن حمد بن خليفة آل ثاني", "حمد بن خليفة آل ثاني"),
    ("تميم بن حمد بن خليفة آل ثاني", "Hamad bin Khalifa Al Thani"),
    ("Mohammed bin Salman bin Abdulaziz Al Saud", "Salman bin Abdulaziz Al Saud"),
    ("Abdullah bin Hussein bin Talal", "Hussein bin Talal"),
    ("Hussein bin Abdullah bin Hussein", "Abdullah bin Hussein"),
]  # fmt: skip


def _name_score(query: str, listed: str) -> float:
    return compare(analyse(query, False), analyse(listed, False), TokenRarity()).score


def _final(query: Query, listed: str, entry: ListEntry) -> float:
    analysed = analyse(query.name, False)
    best = best_name(analysed, [(analyse(listed, False), NameQuality.PRIMARY)], TokenRarity())
    assert best is not None
    return combine(query, analysed, entry, best)[0]


def _entry(listed: str) -> ListEntry:
    return ListEntry("test", "E.1", EntitySchema.PERSON,
                     (EntryName(listed, NameQuality.PRIMARY),),
                     birth_dates=(BORN,), nationalities=("qa",))  # fmt: skip


BORN = DateInterval(date(1952, 1, 1), date(1952, 1, 1), "1952-01-01")


@pytest.mark.parametrize(("son", "father"), SON_AND_FATHER)
def test_a_sons_chain_is_not_his_fathers_name(son: str, father: str) -> None:
    """Either way round: a son queried against his father listed, and the father queried
    against the son listed (0.86-0.91 by name before, every part of the shorter name agreeing)."""
    for query, listed in ((son, father), (father, son)):
        assert _name_score(query, listed) < 0.75
        assert _final(Query(query, organisation=False), listed, _entry(listed)) < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("son", "father"), SON_AND_FATHER)
def test_agreeing_birth_date_and_nationality_lift_a_sons_chain(son: str, father: str) -> None:
    """The name alone falls under the line; the listed man's birth date and nationality say it
    is him after all (a list that wrote the son's chain short, or a clerk who did)."""
    told = Query(son, "", BORN, "Qatar", organisation=False)
    assert _final(told, father, _entry(father)) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed", "shift"),
    [
        ("Tamim bin Hamad bin Khalifa", "Hamad bin Khalifa", Shift.SON_QUERIED),
        ("Hamad bin Khalifa", "Tamim bin Hamad bin Khalifa", Shift.SON_LISTED),
        # a grandson against his grandfather
        ("Tamim bin Hamad bin Khalifa", "Khalifa bin Hamad", Shift.SON_QUERIED),
        # the same man's chain, longer on one side: his own given name agrees
        ("Hamad bin Khalifa bin Hamad Al Thani", "Hamad bin Khalifa Al Thani", Shift.NONE),
        ("Osama bin Mohammed bin Awad bin Laden", "Usama bin Laden", Shift.NONE),
        # brothers: each has a given name of his own (a conflict, not a shift)
        ("Hamza bin Laden", "Usama bin Laden", Shift.NONE),
        # "Ben" in a Maghrebi family name, the given names before it agreeing
        ("Zine El Abidine Ben Ali", "Ben Ali Zine El Abidine", Shift.NONE),
        ("Mohamed Tahar Ben Achour", "Achour Mohamed", Shift.NONE),
        # "Ben" as a given name: no given name before it
        ("Ben Bernanke", "Bernanke Ben", Shift.NONE),
    ],
)
def test_which_name_is_the_sons(query: str, listed: str, shift: Shift) -> None:
    q, ell = analyse(query, False).scored, analyse(listed, False).scored
    aligned = align(q, ell)
    used_q = {i for _, i, _, _ in aligned}
    used_l = {j for _, _, j, _ in aligned}
    assert generation_shift(q, ell, aligned, used_q, used_l) is shift


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hamad bin Khalifa bin Hamad Al Thani", "Hamad bin Khalifa Al Thani"),
        ("Zine El Abidine Ben Ali", "Zine al-Abidine bin Ali"),
        ("Mohamed Tahar Ben Achour", "محمد الطاھر بن عاشور"),
    ],
)
def test_the_same_mans_chain_still_matches(query: str, listed: str) -> None:
    assert _name_score(query, listed) >= 0.85
