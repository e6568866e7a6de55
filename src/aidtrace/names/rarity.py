"""Name-token rarity: how much a matching token says about identity.

"Mohammad", "Abdul", "Gul", "Khan" and "Ullah" are carried by a large share of Afghan men; two
people sharing them share almost nothing. Rarity is an inverse document frequency over the
consonant skeletons of the list names and, when imported, of the screened population (where a
beneficiary list makes local names common that the watchlists rarely contain).

A population is counted as it streams past (``PopulationCounter``: one count per person and
skeleton, whatever scripts the name was written in), so a million people cost a counter of
their distinct name skeletons, not a million analysed names. Only skeletons carried by at least
``MIN_PEOPLE`` people are ever written down (``shareable``): a frequency table of common names
identifies no one, while a rare skeleton would say that someone bearing it is on the list.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from aidtrace.names.model import AnalysedName

MIN_WEIGHT: Final = 0.12
MIN_PEOPLE: Final = 10  # a skeleton fewer people carry is not stored (it is rare anyway)


def skeletons(name: AnalysedName) -> set[str]:
    """The skeletons a name is counted under: its evidence tokens' main skeletons."""
    return {t.skeleton for t in name.tokens if t.evidence and t.skeleton}


@dataclass
class TokenRarity:
    """Document frequencies of skeletons, over ``names`` names in all."""

    counts: Counter[str] = field(default_factory=Counter)
    names: int = 0
    people: int = 0  # of ``names``, how many are people of a screened population
    _memo: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def add(self, names: Iterable[AnalysedName]) -> None:
        """Count each name once per distinct skeleton it contains."""
        for name in names:
            self.names += 1
            self.counts.update(skeletons(name))
        self._memo.clear()

    def add_counts(self, counts: Mapping[str, int], names: int) -> None:
        """Counts made elsewhere: a population counted at import, over ``names`` people."""
        self.counts.update(counts)
        self.names += names
        self.people += names
        self._memo.clear()

    def weight(self, skeleton: str) -> float:
        """Between ``MIN_WEIGHT`` (a token in every name) and 1.0 (a token never seen)."""
        known = self._memo.get(skeleton)
        if known is None:
            total = self.names + 1
            idf = math.log(total / (self.counts.get(skeleton, 0) + 0.5))
            known = self._memo[skeleton] = max(MIN_WEIGHT, min(1.0, idf / math.log(total * 2)))
        return known

    def telling(self, list_only: float) -> float:
        """The summed weight at which agreeing tokens single a person out.

        Weights are fractions of log(2N) over all N names counted. With a screened population
        of P people, singling one of them out takes log(P) nats, so the agreement is fully
        telling at log(P) / log(2N) (about 0.93 for 20,000 people). Without a population that
        question has no answer and ``list_only`` (the scorer's calibrated constant) applies.
        """
        if self.people < 2:
            return list_only
        return min(list_only, math.log(self.people) / math.log(2 * (self.names + 1)))

    def as_dict(self) -> dict[str, object]:
        """For the index file, which is saved before any population is counted in (its rare
        skeletons must not reach a file)."""
        return {"names": self.names, "counts": dict(self.counts)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TokenRarity:
        counts = data["counts"]
        names = data["names"]
        assert isinstance(counts, dict)
        assert isinstance(names, int)
        return cls(Counter({str(k): int(v) for k, v in counts.items()}), names)


@dataclass
class PopulationCounter:
    """A screened population's skeleton counts, one per person, streamed batch by batch."""

    counts: Counter[str] = field(default_factory=Counter)
    people: int = 0

    def add_person(self, names: Iterable[AnalysedName]) -> None:
        """Count one person under every skeleton of every script their name was written in."""
        found: set[str] = set()
        for name in names:
            found |= skeletons(name)
        self.counts.update(found)
        self.people += 1

    def shareable(self, min_people: int = MIN_PEOPLE) -> dict[str, int]:
        """The counts that may be stored: skeletons at least ``min_people`` people carry."""
        return {k: n for k, n in self.counts.items() if n >= min_people}
