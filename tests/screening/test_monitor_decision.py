"""Which organisation hits the screening monitor raises: those whose name carries the listed
name whole, legal forms and trade words aside, or a listed man's given and father's names
where few organisations would carry them by chance."""

from __future__ import annotations

from collections import Counter

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import PopulationCounter, TokenRarity, skeletons
from aidtrace.screening import Query
from aidtrace.screening.monitor import (
    carries_listed_name,
    leads_listed_person,
    owner_namesakes,
    raised,
)
from aidtrace.screening.population import Namesakes
from aidtrace.screening.score import score_entry
from aidtrace.screening.screen import Hit, ScreeningResult
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NamePart, NameQuality

PERSON, ORGANISATION = EntitySchema.PERSON, EntitySchema.ORGANIZATION


def hit(name: str, listed: str, schema: EntitySchema) -> Hit:
    entry = ListEntry("un", "TAi.1", schema, (EntryName(listed, NameQuality.PRIMARY),))
    names = [(analyse(listed, schema is not PERSON), NameQuality.PRIMARY)]
    scored = score_entry(Query(name, "org:A"), analyse(name), entry, names, TokenRarity())
    assert scored is not None
    return Hit(entry, *scored)


@pytest.mark.parametrize(
    ("name", "listed", "schema", "carried"),
    [
        # a business named after its owner, who is the listed man
        ("Dawood Akbar Trading Company", "DAWOOD AKBAR", PERSON, True),
        # the listed hawala without its trade word
        ("Haji Bashir Mohammad Aziz", "HAJI BASHIR MOHAMMAD AZIZ HAWALA", ORGANISATION, True),
        # named after a man who shares the listed man's last names only
        ("Haji Mohammad Ismail Money Exchange", "SHER MOHAMMAD MOHAMMAD ISMAIL", PERSON, False),
        # the listed exchange has a second owner this one lacks
        (
            "Haji Mohammad Aslam Money Exchange",
            "HAJI ASLAM HAJI MOHAMMAD RAFIQ MONEY EXCHANGE",
            ORGANISATION,
            False,
        ),
        # a name that only resembles the listed one
        ("Qasim Trading Company", "NASIM", PERSON, False),
        # a known name that shares the listed one's consonants is another name
        ("Haji Mohammad Omar Money Exchange", "MAHMUD OMER", PERSON, False),
        ("صرافی حاجی محمد عمر", "محمود عمر", PERSON, False),
        ("Haji Mahmood Omar Money Exchange", "MAHMUD OMER", PERSON, True),
    ],
)
def test_an_organisation_hit_is_raised_only_with_the_listed_name_whole(
    name: str, listed: str, schema: EntitySchema, carried: bool
) -> None:
    found = hit(name, listed, schema)
    assert carries_listed_name(found) is carried
    [result] = raised([ScreeningResult(Query(name, "org:A"), (found,))])
    assert bool(result.hits) is carried


@pytest.mark.parametrize(
    ("name", "listed", "kept"),
    [
        # named after Mohammad Rafiq, not the listed Rafiq son of Mohammad
        ("Mohammad Rafiq Brothers Logistics", "RAFIQ MOHAMMAD", False),
        ("Mohammad Rafiq Brothers Logistics", "رفیق محمد", False),
        ("Rafiq Mohammad Brothers Logistics", "رفیق محمد", True),
        # a part repeated in the chain is placed once each time
        ("Zahir Mohammad Zahir Trading", "ZAHIR MOHAMMAD ZAHIR", True),
    ],
)
def test_a_listed_persons_name_must_stand_in_the_listed_order(
    name: str, listed: str, kept: bool
) -> None:
    found = hit(name, listed, PERSON)
    assert carries_listed_name(found)
    [result] = raised([ScreeningResult(Query(name, "org:A"), (found,))])
    assert bool(result.hits) is kept


def chain_hit(name: str, parts: tuple[str, ...]) -> Hit:
    """A hit on a listed man whose name the list gives as a chain of labelled parts (the UN's
    first, second, third names)."""
    tags = ("first", "second", "third", "fourth")
    listed = " ".join(parts)
    written = EntryName(listed, NameQuality.PRIMARY, parts=tuple(map(NamePart, tags, parts)))
    entry = ListEntry("un", "TAi.1", PERSON, (written,))
    names = [(analyse(listed, False), NameQuality.PRIMARY)]
    scored = score_entry(Query(name, "org:A"), analyse(name), entry, names, TokenRarity())
    assert scored is not None
    return Hit(entry, *scored)


def owners(people: int, **carrying: int) -> Namesakes:
    """A register of ``people`` people, ``carrying[part]`` of them carrying each part."""
    counts: Counter[str] = Counter()
    for part, count in carrying.items():
        for skeleton in skeletons(analyse(part, False)):
            counts[skeleton] = count
    return Namesakes(PopulationCounter(counts, people))


@pytest.mark.parametrize(
    ("name", "parts", "leads"),
    [
        # a business named after its owner's given and father's names, with his title
        ("Maulavi Jawid Habibullah Trading Company", ("JAWID", "HABIBULLAH", "MOHAMMAD"), True),
        # in Dari, against the chain the list writes in Latin
        ("شرکت تجارتی جاوید حبیب الله", ("JAWID", "HABIBULLAH", "MOHAMMAD"), True),
        # a given name of two words is one part: the father's name is not carried
        ("Ghulam Rasool Trading Company", ("GHULAM RASOOL", "ABDUL GHANI", "ABDUL HAMID"), False),
        (
            "Ghulam Rasool Abdul Ghani Trading",
            ("GHULAM RASOOL", "ABDUL GHANI", "ABDUL HAMID"),
            True,
        ),
        # the father's name first: Habibullah son of Jawid is another man
        ("Habibullah Jawid Trading Company", ("JAWID", "HABIBULLAH", "MOHAMMAD"), False),
        # a name of its own after the listed ones: another man's chain
        ("Jawid Habibullah Karim Food Supply", ("JAWID", "HABIBULLAH", "MOHAMMAD"), False),
        # the given name alone
        ("Jawid Trading Company", ("JAWID", "HABIBULLAH", "MOHAMMAD"), False),
    ],
)
def test_an_organisation_named_after_a_listed_mans_first_names(
    name: str, parts: tuple[str, ...], leads: bool
) -> None:
    found = chain_hit(name, parts)
    assert not carries_listed_name(found)
    assert leads_listed_person(Query(name, "org:A"), found) is leads
    rare = owners(10_000, jawid=20, habibullah=30, ghulam=900, rasool=80)
    [result] = raised([ScreeningResult(Query(name, "org:A"), (found,))], rare, 200)
    assert bool(result.hits) is leads
    # without a register to weigh the owner's names, the first names alone are not raised
    [result] = raised([ScreeningResult(Query(name, "org:A"), (found,))])
    assert not result.hits


def test_an_owners_common_first_names_are_not_raised() -> None:
    name = "Maulavi Jawid Habibullah Trading Company"
    found = chain_hit(name, ("JAWID", "HABIBULLAH", "MOHAMMAD"))
    query = Query(name, "org:A")
    # 200 organisations, 1 in 20 people named Jawid and 1 in 10 Habibullah: 200 x 0.005 / 2
    # = 0.5 expected by chance, over the cut-off; among 20 organisations, 0.05, under it
    common = owners(10_000, jawid=500, habibullah=1_000)
    assert owner_namesakes(found, common, 200) == pytest.approx(199 * 0.05 * 0.1 / 2)
    assert not next(raised([ScreeningResult(query, (found,))], common, 200)).hits
    assert next(raised([ScreeningResult(query, (found,))], common, 20)).hits
