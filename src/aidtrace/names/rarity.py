"""Name-token rarity: how much a matching token says about identity.

"Mohammad", "Abdul", "Gul", "Khan" and "Ullah" are carried by a large share of Afghan men; two
people sharing them share almost nothing. Rarity is an inverse document frequency over the
consonant skeletons of the list names and, when imported, of the screened population (where a
beneficiary list makes local names common that the watchlists rarely contain).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from aidtrace.names.model import AnalysedName

MIN_WEIGHT = 0.12


@dataclass
class TokenRarity:
    """Document frequencies of skeletons, over ``names`` names in all."""

    counts: Counter[str] = field(default_factory=Counter)
    names: int = 0
    _memo: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def add(self, names: Iterable[AnalysedName]) -> None:
        """Count each name once per distinct skeleton it contains."""
        for name in names:
            self.names += 1
            self.counts.update({t.skeleton for t in name.tokens if t.evidence and t.skeleton})
        self._memo.clear()

    def weight(self, skeleton: str) -> float:
        """Between ``MIN_WEIGHT`` (a token in every name) and 1.0 (a token never seen)."""
        known = self._memo.get(skeleton)
        if known is None:
            total = self.names + 1
            idf = math.log(total / (self.counts.get(skeleton, 0) + 0.5))
            known = self._memo[skeleton] = max(MIN_WEIGHT, min(1.0, idf / math.log(total * 2)))
        return known

    def as_dict(self) -> dict[str, object]:
        return {"names": self.names, "counts": dict(self.counts)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TokenRarity:
        counts = data["counts"]
        names = data["names"]
        assert isinstance(counts, dict)
        assert isinstance(names, int)
        return cls(Counter({str(k): int(v) for k, v in counts.items()}), names)
