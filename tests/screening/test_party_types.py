"""A query says what kind of party it is. A person meets listed people, and organisations only
when named after a person; an organisation meets organisations; a vessel, vessels."""

from __future__ import annotations

import pytest

from aidtrace.errors import InputError
from aidtrace.people.importer import NameRecord
from aidtrace.people.screening import queries
from aidtrace.screening import ScreeningIndex, build_index, screen_names
from aidtrace.screening.query import PartyType, Query, read_party
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

# Person names that meet organisations by one word on the UN list (the examples of issue 22)
WORD_ONLY = [
    ("Haji Sahab", "SOe.001"),  # AL-SHABAAB, as "Shabaab"
    ("Abu Jihad", "QDe.003"),  # EGYPTIAN ISLAMIC JIHAD, as "Al-Jihad"
    ("Akmad", "KPe.001"),  # KOREA MINING DEVELOPMENT TRADING CORPORATION, as "KOMID"
]


def _hits(index: ScreeningIndex, name: str, party: PartyType) -> dict[str, EntitySchema]:
    [result] = screen_names(index, [Query(name, party=party)], threshold=0.75, limit=50)
    return {hit.entry.source_id: hit.entry.schema for hit in result.hits}


@pytest.mark.parametrize(("name", "organisation"), WORD_ONLY)
def test_a_person_does_not_meet_an_organisation_by_one_word(
    un_index: ScreeningIndex, name: str, organisation: str
) -> None:
    assert organisation in _hits(un_index, name, PartyType.ANY)  # what an unknown party meets
    as_person = _hits(un_index, name, PartyType.PERSON)
    assert organisation not in as_person
    assert set(as_person.values()) <= {EntitySchema.PERSON}


def test_abu_jihad_as_a_person_still_meets_the_people_known_by_it(un_index: ScreeningIndex) -> None:
    assert "QDi.192" in _hits(un_index, "Abu Jihad", PartyType.PERSON)


@pytest.mark.parametrize(
    "name", ["Khairullah Sattar", "Haji Khairullah Haji Sattar", "خیرالله ستار"]
)
def test_a_person_meets_a_firm_named_after_a_person(un_index: ScreeningIndex, name: str) -> None:
    # HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE, a hawala named after its owner
    assert "TAe.010" in _hits(un_index, name, PartyType.PERSON)


def test_two_words_that_only_sound_alike_are_not_a_persons_name(un_index: ScreeningIndex) -> None:
    # "Nasir ... Aslem" and ANSAR AL-ISLAM agree on two consonant skeletons, not on two names
    hits = _hits(un_index, "Nasir Abdul Wali Aslem", PartyType.PERSON)
    assert set(hits.values()) <= {EntitySchema.PERSON}


def test_an_organisation_meets_organisations(un_index: ScreeningIndex) -> None:
    hits = _hits(un_index, "Korea Mining Development Trading Corporation", PartyType.ORGANISATION)
    assert "KPe.001" in hits
    assert EntitySchema.PERSON not in hits.values()


@pytest.mark.parametrize("name", ["Akmad", "Haji Sahab", "Ltd"])
def test_an_organisation_of_one_word_does_not_meet_people(
    un_index: ScreeningIndex, name: str
) -> None:
    # a one-word name said to be an organisation's is not a person's (Akmad met a listed man as
    # a part of his name, Ltd a woman as the initials of hers)
    assert EntitySchema.PERSON not in _hits(un_index, name, PartyType.ORGANISATION).values()


def test_an_organisation_named_after_a_person_meets_him() -> None:
    index = build_index([_entry("p1", EntitySchema.PERSON, "JAWID HABIBULLAH")])
    # two name parts: a person's name, whether it is a firm's or not
    assert "p1" in _hits(index, "Jawid Habibullah", PartyType.ORGANISATION)


def _entry(source_id: str, schema: EntitySchema, name: str) -> ListEntry:
    return ListEntry("test", source_id, schema, (EntryName(name, NameQuality.PRIMARY),))


@pytest.mark.parametrize(
    ("party", "met"),
    [
        (PartyType.VESSEL, {"v1"}),
        # a firm's name of three name parts reads as a person's: the two meet
        (PartyType.ORGANISATION, {"o1", "p1"}),
        (PartyType.PERSON, {"o1", "p1"}),
        (PartyType.ANY, {"v1", "o1", "p1"}),
    ],
)
def test_only_a_vessel_or_any_party_meets_a_vessel(party: PartyType, met: set[str]) -> None:
    index = build_index(
        [
            _entry("v1", EntitySchema.VESSEL, "Sea Breeze Navigator"),
            _entry("o1", EntitySchema.ORGANIZATION, "Sea Breeze Navigator"),
            _entry("p1", EntitySchema.PERSON, "Sea Breeze Navigator"),
        ]
    )
    assert set(_hits(index, "Sea Breeze Navigator", party)) == met


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("person", PartyType.PERSON),
        ("Person", PartyType.PERSON),
        ("organisation", PartyType.ORGANISATION),
        ("Organization", PartyType.ORGANISATION),
        ("Company", PartyType.ORGANISATION),
        ("LegalEntity", PartyType.ORGANISATION),
        ("vessel", PartyType.VESSEL),
        ("Vessel", PartyType.VESSEL),
        ("any", PartyType.ANY),
    ],
)
def test_party_types_are_read_by_their_names(text: str, party: PartyType) -> None:
    assert read_party(text) is party


def test_an_unknown_party_type_is_refused() -> None:
    with pytest.raises(InputError, match="expected person, organisation, vessel or any"):
        read_party("robot")


@pytest.mark.parametrize(
    ("organisation", "party"),
    [(None, PartyType.ANY), (False, PartyType.PERSON), (True, PartyType.ORGANISATION)],
)
def test_a_query_built_with_organisation_alone_takes_its_party_from_it(
    organisation: bool | None, party: PartyType
) -> None:
    query = Query("x", organisation=organisation)
    assert query.party is party
    assert Query("x", party=party).organisation is organisation


@pytest.mark.parametrize("kind", ["beneficiary", "staff"])
def test_the_people_importers_screen_persons(kind: str) -> None:
    record = NameRecord("b1", kind, "Khairullah", "Sattar", "", "", "", 1970, "AF0101")
    assert {q.party for q in queries(record)} == {PartyType.PERSON}
