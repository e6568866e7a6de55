"""The screening index: every list name analysed once, and the token vocabulary that finds the
few entries worth scoring for a query.

The vocabulary, the blocking keys and the bounded candidate search are in ``blocking``; the
vocabulary is derived from the analysed names (never stored), on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from aidtrace.names.analyze import analyse
from aidtrace.names.model import AnalysedName, NameToken
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.blocking import Vocabulary, candidates
from aidtrace.screening.match import token_weight
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry: int  # position of the entry in ``ScreeningIndex.entries``
    name: AnalysedName
    quality: NameQuality


@dataclass
class ScreeningIndex:
    """List names and token rarity; built once per list snapshot."""

    entries: list[ListEntry] = field(default_factory=list)
    names: list[IndexedName] = field(default_factory=list)
    rarity: TokenRarity = field(default_factory=TokenRarity)
    snapshot: str | None = None
    _vocabulary: Vocabulary | None = field(default=None, repr=False, compare=False)
    _by_entry: list[list[tuple[AnalysedName, NameQuality]]] = field(
        default_factory=list, repr=False, compare=False
    )
    _by_entry_names: int = field(default=-1, repr=False, compare=False)
    # what is worked out from the index and kept with it (``derived``): by key, the entries
    # and names the index held then, and the value
    _derived: dict[Hashable, tuple[tuple[int, int], object]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, worked out on first use for ``key`` and again once entries or names
        were added, and kept with the index (dropped with it): the names by kind, a
        nationality's entries, the identifiers listed. Two threads asking at once may both
        build it; either value is the same."""
        held = self._held()
        known = self._derived.get(key)
        if known is not None and known[0] == held:
            return cast(T, known[1])
        value = build()
        self._derived[key] = (held, value)  # as the index was when the build began
        return value

    def keep(self, key: Hashable, value: object) -> None:
        """Let ``derived`` return ``value`` for ``key`` until entries or names are added (a
        value built before, saved with the index and loaded with it)."""
        self._derived[key] = (self._held(), value)

    def _held(self) -> tuple[int, int]:
        """What a derived value is kept by: the entries and names the index holds."""
        return len(self.entries), len(self.names)

    def names_of(self, position: int) -> list[tuple[AnalysedName, NameQuality]]:
        """Every indexed name of the entry at ``position``, with its quality."""
        if self._by_entry_names != len(self.names) or len(self._by_entry) != len(self.entries):
            # built aside and published whole: a thread screening meanwhile must never be handed
            # a list still growing (a compiled comprehension over it writes past its own end)
            by_entry: list[list[tuple[AnalysedName, NameQuality]]] = [[] for _ in self.entries]
            for indexed in self.names:
                by_entry[indexed.entry].append((indexed.name, indexed.quality))
            self._by_entry = by_entry
            self._by_entry_names = len(self.names)
        return self._by_entry[position]

    @property
    def vocabulary(self) -> Vocabulary:
        vocab = self._vocabulary
        if vocab is None or len(vocab.name_tokens) != len(self.names):
            vocab = self._vocabulary = Vocabulary(self.rarity)
            for indexed in self.names:
                person = not is_organisation(self.entries[indexed.entry].schema)
                vocab.add_name(indexed.name, person)
        return vocab

    def candidates(self, query: AnalysedName, floor: float = 0.0) -> list[int]:
        """Positions in ``names`` whose name score for ``query`` could reach ``floor``."""
        return candidates(self.vocabulary, query, floor)

    def token_weight(self, token: NameToken) -> float:
        return token_weight(token, self.rarity)


def is_organisation(schema: EntitySchema) -> bool:
    return schema is not EntitySchema.PERSON


def build_index(
    entries: Iterable[ListEntry],
    population: Sequence[AnalysedName] = (),
    snapshot: str | None = None,
) -> ScreeningIndex:
    """Analyse every name of every entry and count token rarity over the list names and the
    (optional) screened population."""
    index = ScreeningIndex(snapshot=snapshot)
    for entry in entries:
        add_entry(index, entry)
    index.rarity.add(n.name for n in index.names)
    index.rarity.add(population)
    return index


def add_entry(index: ScreeningIndex, entry: ListEntry) -> None:
    position = len(index.entries)
    index.entries.append(entry)
    organisation = is_organisation(entry.schema)
    seen: set[str] = set()
    for listed in entry.names:
        if listed.full in seen:
            continue
        seen.add(listed.full)
        analysed = analyse(listed.full, organisation)
        if not analysed.scored:
            continue
        index.names.append(IndexedName(position, analysed, listed.quality))
