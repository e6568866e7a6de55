"""The screening index: every list name analysed once, and blocking keys that find the few
entries worth scoring for a query.

The keys and the bounded candidate search are in ``blocking``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aidtrace.lists.model import EntitySchema, ListEntry, NameQuality
from aidtrace.names.analyze import analyse
from aidtrace.names.model import AnalysedName, NameToken
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.blocking import bounded_candidates, name_keys
from aidtrace.screening.match import token_weight


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry: int  # position of the entry in ``ScreeningIndex.entries``
    name: AnalysedName
    quality: NameQuality


@dataclass
class ScreeningIndex:
    """List names, their keys and token rarity; built once per list snapshot."""

    entries: list[ListEntry] = field(default_factory=list)
    names: list[IndexedName] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    rarity: TokenRarity = field(default_factory=TokenRarity)
    snapshot: str | None = None

    def candidates(self, query: AnalysedName, floor: float = 0.0) -> list[int]:
        """Positions in ``names`` whose name score for ``query`` could reach ``floor``."""
        return list(bounded_candidates(query, self.postings, self.token_weight, floor))

    def token_weight(self, token: NameToken) -> float:
        return token_weight(token, self.rarity)


def is_organisation(schema: EntitySchema) -> bool:
    return schema is not EntitySchema.PERSON


def build_index(
    entries: Iterable[ListEntry],
    population: Sequence[AnalysedName] = (),
    snapshot: str | None = None,
) -> ScreeningIndex:
    """Analyse every name of every entry, key it, and count token rarity over the list names
    and the (optional) screened population."""
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
        name_id = len(index.names)
        index.names.append(IndexedName(position, analysed, listed.quality))
        for key in name_keys(analysed):
            index.postings[key].append(name_id)
