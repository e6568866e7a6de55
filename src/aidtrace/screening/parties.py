"""Which listed parties a query may meet, by the kind of party it is (``query.PartyType``).

The list names are searched by kind (people, organisations, vessels and aircraft), each kind
with its own token vocabulary, so a search walks only the names it may match: a person's name
never walks the vessels', and a name read as a firm's never the people's.

A person meets listed people, and listed organisations named after a person: the organisation's
name, read as a person's (trade words such as "Money Exchange" aside), must agree with the query
on two name parts or more, each the same name (written alike or as a known variant): "Khairullah
Sattar" and HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE. One agreeing word is a person's name
meeting a word ("Haji Sahab" and AL-SHABAAB's "Shabaab", "Abu Jihad" and "Al-Jihad", "Akmad" and
"KOMID"), and two words that only sound alike are not a person's name ("Nasir Aslem" and ANSAR
AL-ISLAM). Those organisations are found by their name parts' Latin forms rather than searched in
full, which would cost a person's query as much again as the people's names.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Final

from aidtrace.names.analyze import analyse, trade_words_demoted
from aidtrace.names.model import AnalysedName, NameToken
from aidtrace.names.skeleton import collapse
from aidtrace.screening.blocking import RunTable, Vocabulary, candidates
from aidtrace.screening.evidence import country_of
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.match import NameMatch
from aidtrace.screening.query import PartyType
from aidtrace.watchlists.model import EntitySchema


class Kind(StrEnum):
    """The kinds of listed party searched apart."""

    PERSON = "person"
    ORGANISATION = "organisation"
    ASSET = "asset"  # vessels and aircraft


def kind_of(schema: EntitySchema) -> Kind:
    if schema is EntitySchema.PERSON:
        return Kind.PERSON
    if schema in (EntitySchema.VESSEL, EntitySchema.AIRCRAFT):
        return Kind.ASSET
    return Kind.ORGANISATION


# What each party type searches: (name read as an organisation's?, kind of listed party).
# A person reading of a firm's name is searched only when it may be a person's (``screen``).
SEARCHES: Final[dict[PartyType, tuple[tuple[bool, Kind], ...]]] = {
    PartyType.ANY: ((False, Kind.PERSON), (True, Kind.ORGANISATION), (True, Kind.ASSET)),
    PartyType.PERSON: ((False, Kind.PERSON),),  # and ``firms_named`` after the person
    PartyType.ORGANISATION: ((False, Kind.PERSON), (True, Kind.ORGANISATION)),
    PartyType.VESSEL: ((True, Kind.ASSET),),
}
# Name parts a person and a listed organisation must agree on for the one to meet the other,
# and the ways they may agree: the same name, not one that looks or sounds like it.
PERSON_PARTS: Final = 2
SAME_NAME: Final = frozenset(("exact", "variant"))


@dataclass
class KindVocabularies:
    """The index's names split by kind: a vocabulary per kind, and for each the positions in
    ``index.names`` of its names (a vocabulary numbers its names from 0)."""

    vocabularies: dict[Kind, Vocabulary]
    positions: dict[Kind, list[int]]
    size: int = field(default=0)  # the names the index held when these were built
    # a name part's form → positions of the organisations' names holding it, for the names
    # that read as a person's (``PERSON_PARTS`` name parts or more)
    firms: dict[str, list[int]] = field(default_factory=dict)
    # one table of the kinds' keys: a query's runs written together are looked up in it once
    # for every kind searched, not once in each kind's vocabulary
    runs: RunTable = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.runs = RunTable(list(self.vocabularies.values()))

    def firms_named(self, person: AnalysedName) -> list[int]:
        """Positions of organisations' names sharing ``PERSON_PARTS`` name parts or more with a
        person's name, by their forms: those that may be named after the person."""
        shared: dict[int, int] = {}
        for form in _forms(person.scored):
            for position in self.firms.get(form, ()):
                shared[position] = shared.get(position, 0) + 1
        return [position for position, count in shared.items() if count >= PERSON_PARTS]

    def candidates(self, kind: Kind, query: AnalysedName, floor: float) -> list[int]:
        """Positions in ``index.names`` of the names of ``kind`` that could reach ``floor``."""
        positions = self.positions[kind]
        return [positions[i] for i in candidates(self.vocabularies[kind], query, floor)]


def build_kinds(index: ScreeningIndex, entries: Container[int] | None = None) -> KindVocabularies:
    """The index's names by kind (``entries``: only the names of the entries at these
    positions)."""
    vocabularies = {kind: Vocabulary(index.rarity) for kind in Kind}
    positions: dict[Kind, list[int]] = {kind: [] for kind in Kind}
    firms: dict[str, list[int]] = {}
    for position, indexed in enumerate(index.names):
        if entries is not None and indexed.entry not in entries:
            continue
        kind = kind_of(index.entries[indexed.entry].schema)
        vocabularies[kind].add_name(indexed.name, kind is Kind.PERSON)
        positions[kind].append(position)
        forms = _forms(_person_reading(indexed.name.original)) if kind is Kind.ORGANISATION else ()
        for form in forms if len(forms) >= PERSON_PARTS else ():
            firms.setdefault(form, []).append(position)
    return KindVocabularies(vocabularies, positions, len(index.names), firms)


def by_kind(index: ScreeningIndex) -> KindVocabularies:
    """The index's names by kind, built on first use and again when names were added."""
    return index.derived(_KINDS, lambda: build_kinds(index))


_KINDS: Final = "names by kind"  # ``ScreeningIndex.derived``'s key for ``by_kind``


@dataclass(frozen=True)
class Nationals:
    """The listed entries of one nationality (their positions in ``index.entries``) and their
    names by kind, searched apart: only they can agree with a query on its nationality."""

    entries: frozenset[int]
    kinds: KindVocabularies


def nationals(index: ScreeningIndex, country: str) -> Nationals:
    """The entries holding ``country`` (an ISO code, as ``evidence.country_of`` reads a
    nationality) among their nationalities, built on first use for each country and again when
    names were added; forgotten with the index."""
    return index.derived(("nationals", country), lambda: _nationals(index, country))


def _nationals(index: ScreeningIndex, country: str) -> Nationals:
    held = frozenset(
        position
        for position, entry in enumerate(index.entries)
        if any(country_of(n) == country for n in entry.nationalities)
    )
    return Nationals(held, build_kinds(index, held))


def remember_kinds(index: ScreeningIndex, kinds: KindVocabularies) -> None:
    """Let ``by_kind`` return ``kinds`` for ``index``: kinds built before, saved with the index
    and loaded with it (``persist``); kinds built for other names than the index holds are left
    for ``by_kind`` to build again."""
    if kinds.size == len(index.names):
        index.keep(_KINDS, kinds)


def named_after_person(listed_name: str, match: NameMatch) -> bool:
    """Whether a listed organisation's name agrees with a person's on ``PERSON_PARTS`` parts
    or more, each the same name, that are name parts when it is read as a person's."""
    parts = {t.text for t in _person_reading(listed_name) if t.evidence}
    agreeing = sum(
        1
        for pair in match.pairs
        if pair.how in SAME_NAME
        for part in pair.listed.split()
        if part in parts
    )
    return agreeing >= PERSON_PARTS


def _forms(tokens: Iterable[NameToken]) -> set[str]:
    """The forms name parts are the same name by (``similarity``: alike, or for doubled letters)."""
    return {collapse(t.form) for t in tokens if t.evidence}


@lru_cache(maxsize=4096)
def _person_reading(name: str) -> tuple[NameToken, ...]:
    """An organisation's name read as a person's, its trade words read as such."""
    return trade_words_demoted(analyse(name, False)).tokens
