"""Screening at import weighs a hit against the register's namesakes: a listed name that many
of the imported people are expected to carry by chance (with a birth year in the listed range)
is not raised on that evidence alone, however whole; the same name in a small register is, and
an agreeing ID number always is."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import PopulationCounter, skeletons
from aidtrace.people.importer import NameRecord
from aidtrace.people.screening import ImportScreening, entry_positions, screen_batch
from aidtrace.screening import build_index
from aidtrace.screening.population import CHANCE_CARRIERS, Namesakes, orders
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)
from aidtrace.workspace import Workspace

from .sample import listed_ahmad_ismail

TAZKIRA = "1398-7654-32109"
ENTRY = listed_ahmad_ismail(Identifier("tazkira", TAZKIRA))


def skeleton(name: str) -> str:
    [found] = skeletons(analyse(name, False))
    return found


def register(people: int, ahmad: float, ismail: float, born_1970: float) -> Namesakes:
    """A register of ``people`` where these shares carry Ahmad, Ismail, and were born
    1968-1972 (the listed range and a year either side)."""
    counts = Counter({skeleton("Ahmad"): round(people * ahmad)})
    counts[skeleton("Ismail")] = round(people * ismail)
    found = Namesakes(PopulationCounter(counts, people))
    found.born.update({1970: round(people * born_1970), 1990: people - round(people * born_1970)})
    return found


@pytest.mark.parametrize(
    ("parts", "born", "expected"),
    [
        # 20,000 people, a tenth carry Ahmad, a twentieth Ismail: a hundred others carry both
        (["Ahmad", "Ismail"], None, 100.0),
        # ... of whom a tenth were born in the listed years
        (["Ahmad", "Ismail"], (1968, 1972), 10.0),
        # a part nobody in the register carries: nobody is expected to carry the name
        (["Ahmad", "Qasim"], None, 0.0),
    ],
)
def test_expected_namesakes_are_the_register_size_times_the_shares(
    parts: list[str], born: tuple[int, int] | None, expected: float
) -> None:
    namesakes = register(20_000, 0.1, 0.05, 0.1)
    found = namesakes.expected([skeletons(analyse(p, False)) for p in parts], born)
    assert found == pytest.approx(expected, rel=0.01)


def person(tazkira: str = "", born: int = 1970) -> NameRecord:
    return NameRecord(
        "beneficiary:B1", "beneficiary", "Ahmad", "Ismail", "", "", "", born, "AF01", tazkira
    )


# Registers in which a man carrying the listed Ahmad Ismail, born 1970, is expected to have
# many innocent namesakes, and in which he is not (the same shares, a hundredth of the people).
CROWDED = register(20_000, 0.1, 0.05, 0.1)
SMALL = register(int(10 * CHANCE_CARRIERS / (0.1 * 0.05 * 0.1) / 100), 0.1, 0.05, 0.1)


@pytest.mark.parametrize(
    ("namesakes", "record", "raised"),
    [
        # no register known (the screening box): the name carried whole is raised
        (None, person(), True),
        # a register where a tenth of a namesake is expected: raised
        (SMALL, person(), True),
        # a register where ten namesakes born in those years are expected: not raised...
        (CROWDED, person(), False),
        # ... unless the tazkira number is the listed one
        (CROWDED, person(TAZKIRA), True),
    ],
)
def test_a_name_many_in_the_register_carry_needs_more_than_the_name(
    namesakes: Namesakes | None, record: NameRecord, raised: bool
) -> None:
    index = build_index([ENTRY])
    hits = screen_batch(index, entry_positions(index), [record], namesakes=namesakes)
    assert bool(hits) is raised


def people(count: int, given: str, father: str) -> list[NameRecord]:
    return [
        NameRecord(f"beneficiary:B{n}", "beneficiary", given, father, "", "", "", 1970, "AF01")
        for n in range(2, count + 2)
    ]


@pytest.mark.parametrize(
    ("others", "raised"),
    [
        # alone, or among people of other names: he has no namesake in the register
        ([], True),
        (people(300, "Wahid", "Qasim"), True),
        # among a hundred men called Ahmad Ismail, born the same year, he is one of many
        (people(100, "Ahmad", "Ismail"), False),
    ],
)
def test_an_import_weighs_a_hit_against_its_own_people(
    workspace: Workspace, others: list[NameRecord], raised: bool
) -> None:
    """The import's own people are the register, counted before their batch is screened."""
    screening = ImportScreening(workspace, build_index([ENTRY]))
    hits = screening([person(), *others])
    assert ("beneficiary:B1" in {h.person_id for h in hits}) is raised


CHAIN = ListEntry(
    "un",
    "TAi.908",
    EntitySchema.PERSON,
    (EntryName("AHMAD ISMAIL KARIM", NameQuality.PRIMARY),),
    birth_dates=(DateInterval(date(1969, 1, 1), date(1971, 12, 31), "approximately 1970"),),
)


def chain_register() -> Namesakes:
    """20,000 people: a tenth carry Ahmad, a twentieth Ismail, a twentieth Karim, a tenth were
    born 1968-1972. Half a person is expected to carry all three names and such a year."""
    found = register(20_000, 0.1, 0.05, 0.1)
    found.names.counts[skeleton("Karim")] = 1_000
    found.names.counts[skeleton("Popalzai")] = 2_000  # a tribe's name, a family name
    return found


@pytest.mark.parametrize(
    ("given", "father", "grandfather", "family", "raised"),
    [
        # the listed chain itself: about one in six of those carrying the three names carries
        # them in this order, so a twelfth of a namesake is expected; raised
        ("Ahmad", "Ismail", "Karim", "", True),
        # ... followed by the person's family name
        ("Ahmad", "Ismail", "Karim", "Popalzai", True),
        # the same names with another between them: anyone carrying them counts; not raised
        ("Ahmad", "Wali Ismail", "Karim", "", False),
        # ... or with a son's name before them
        ("Wali", "Ahmad", "Ismail Karim", "", False),
        # the chain's leading parts, no grandfather recorded: five namesakes expected in that
        # order; not raised
        ("Ahmad", "Ismail", "", "Popalzai", False),
    ],
)
def test_the_listed_chain_in_its_order_counts_only_namesakes_in_that_order(
    given: str, father: str, grandfather: str, family: str, raised: bool
) -> None:
    record = NameRecord(
        "beneficiary:B1", "beneficiary", given, father, grandfather, family, "", 1970, "AF01"
    )
    index, namesakes = build_index([CHAIN]), chain_register()
    index.rarity.add_counts(namesakes.names.counts, namesakes.people)  # as the import weighs
    hits = screen_batch(index, entry_positions(index), [record], namesakes=namesakes)
    assert bool(hits) is raised


@pytest.mark.parametrize(
    ("names", "count"),
    [
        (["Ahmad"], 1),
        (["Ahmad", "Ismail"], 2),
        (["Ahmad", "Ismail", "Karim"], 6),
        # a repeated part: Mohammad Zahir Mohammad Zahir stands in 4! / (2! 2!) orders
        (["Mohammad", "Zahir", "Mohammad", "Zahir"], 6),
    ],
)
def test_orders_of_a_chain(names: list[str], count: int) -> None:
    assert orders([frozenset(skeletons(analyse(n, False))) for n in names]) == count


BORN_IN_PANJWAYI = dataclasses.replace(
    listed_ahmad_ismail(),
    birth_places=("Pashmul village, Panjwai District, Kandahar Province, Afghanistan",),
)


def registered(person_id: str, district: str) -> NameRecord:
    return NameRecord(person_id, "beneficiary", "Ahmad", "Ismail", "", "", "", 1970, district)


def namesakes_in(district: str, count: int = 100) -> list[NameRecord]:
    return [registered(f"beneficiary:B{n}", district) for n in range(2, count + 2)]


@pytest.mark.parametrize(
    ("home", "others", "raised"),
    [
        # a hundred namesakes born the same year, all registered in Kabul: the one registered
        # in Panjwayi, where the listed man was born, is told apart by that; raised
        ("AF2704", namesakes_in("AF0101"), True),
        # ... as is one in another district of Kandahar (the province the list names)
        ("AF2701", namesakes_in("AF0101"), True),
        # ... a district written as its name rather than its P-code
        ("Panjwayi", namesakes_in("AF0101"), True),
        # registered in Kabul himself, he is one of a hundred and one; not raised
        ("AF0101", namesakes_in("AF0101"), False),
        # the namesakes live in Panjwayi too: the place tells nobody apart; not raised
        ("AF2704", namesakes_in("AF2704"), False),
        # where he is registered is not known: weighed as before; not raised
        ("", namesakes_in("AF0101"), False),
    ],
)
def test_registered_where_the_listed_man_was_born_counts_only_namesakes_there(
    workspace: Workspace, home: str, others: list[NameRecord], raised: bool
) -> None:
    screening = ImportScreening(workspace, build_index([BORN_IN_PANJWAYI]))
    hits = screening([registered("beneficiary:B1", home), *others])
    found = {h.person_id: h for h in hits}
    assert ("beneficiary:B1" in found) is raised
    if raised:
        assert found["beneficiary:B1"].features["birthplace"] == 1.0


def test_share_living_counts_a_province_as_its_districts() -> None:
    namesakes = Namesakes(places=Counter({"AF2704": 11, "AF2701": 10, "AF0101": 80}))
    # the screened man (registered in AF2704) is left out: 10 of the 100 others live there
    assert namesakes.share_living("AF2704") == pytest.approx(10 / 100)
    assert namesakes.share_living("AF27") == pytest.approx(20 / 100)
    parts = [skeletons(analyse("Ahmad", False))]
    namesakes.names = PopulationCounter(Counter({skeleton("Ahmad"): 50}), 101)
    assert namesakes.expected(parts, None, "AF27") == pytest.approx(100 * 0.49 * 0.2)
