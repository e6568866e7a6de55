"""Which organisation hits the screening monitor raises: those whose name carries the listed
name whole, legal forms and trade words aside."""

from __future__ import annotations

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening import Query
from aidtrace.screening.monitor import carries_listed_name, raised
from aidtrace.screening.score import score_entry
from aidtrace.screening.screen import Hit, ScreeningResult
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

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
