"""The screening index: every list name analysed once, and blocking keys that find the few
entries worth scoring for a query.

Keys per name: each evidence token's consonant skeleton (bridges spellings and scripts), its
Latin form and form prefix (catches typos that change the skeleton), and the skeleton pairs of
the name's tokens. A single-token key shared by too many names (the skeleton of "Mohammad") is
not used for lookup; the pair keys still find "Mohammad Gul" without visiting every Mohammad.
That keeps every candidate set bounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from aidtrace.lists.model import EntitySchema, ListEntry, NameQuality
from aidtrace.names.analyze import analyse
from aidtrace.names.model import AnalysedName
from aidtrace.names.rarity import TokenRarity

MAX_POSTING = 400  # a single-token key with more names than this is too common to block on
MAX_PAIR_TOKENS = 7  # pair keys from at most this many tokens of a name


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

    def candidates(self, query: AnalysedName) -> set[int]:
        """Positions in ``names`` that share a usable key with the query."""
        found: set[int] = set()
        for key in name_keys(query):
            posting = self.postings.get(key)
            if posting is None:
                continue
            if len(posting) <= MAX_POSTING or key.startswith("p:"):
                found.update(posting)
        return found


def is_organisation(schema: EntitySchema) -> bool:
    return schema is not EntitySchema.PERSON


def name_keys(name: AnalysedName) -> set[str]:
    """Blocking keys of an analysed name."""
    evidence = [t for t in name.tokens if t.evidence and t.skeleton]
    keys: set[str] = set()
    for tok in evidence:
        keys.update("s:" + skeleton for skeleton in tok.skeletons)
        keys.add("f:" + tok.form)
        if len(tok.form) >= 5:
            keys.add("x:" + tok.form[:4])
    skeletons = sorted({t.skeleton for t in evidence[:MAX_PAIR_TOKENS]})
    keys.update(f"p:{a}|{b}" for a, b in combinations(skeletons, 2))
    if len(evidence) > 1:
        keys.add("j:" + name.skeleton)
    return keys


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
