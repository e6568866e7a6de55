"""One query against one list entry: the best of its names, then the evidence beside the name,
combined into one score with its explanation.

Score = 0.88 × name + 0.12 × corroboration − conflict penalty, where corroboration averages how
distinctive the matching name parts are (rarity) and what date of birth, nationality and
identifiers say (0.5 when unknown). So an exact match on a rare name with an agreeing date of
birth ranks above the same name alone, which ranks above an exact match on "Mohammad Gul": the
top band is ordered, not saturated at 1.0. A clear date-of-birth conflict costs 0.2, enough to
take a name-only match below the default threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

from aidtrace.lists.model import EntitySchema, ListEntry, NameQuality
from aidtrace.names.model import AnalysedName
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.conflict import EntryConflict, entry_conflicts
from aidtrace.screening.evidence import (
    Agreement,
    Check,
    compare_birth,
    compare_identifiers,
    compare_nationality,
)
from aidtrace.screening.match import NameMatch, TokenPair, compare
from aidtrace.screening.query import Query

DEFAULT_THRESHOLD: Final = 0.75
NAME_SHARE: Final = 0.88
DOB_CONFLICT_PENALTY: Final = 0.2
CHAIN_SWAP: Final = 0.08  # per pair of name parts in opposite order, person chain against person
# summed rarity weight at which a name agreement is fully telling
DISTINCTIVE_INFORMATION: Final = 1.4
_QUALITY_FACTOR: Final = {
    NameQuality.PRIMARY: 1.0,
    NameQuality.STRONG: 1.0,
    NameQuality.ORIGINAL_SCRIPT: 1.0,
    NameQuality.WEAK: 0.9,  # weak aliases are searched, at a discount
}


@dataclass(frozen=True)
class Explanation:
    """Why a query matched an entry, in data (rendered by the CLI, API and alert evidence)."""

    listed_name: str
    name_quality: str
    name_score: float
    name: NameMatch
    distinctiveness: float
    birth: Check
    nationality: Check
    identifiers: Check
    titles_ignored: tuple[str, ...]
    entry_conflict: EntryConflict | None = None
    chain_swaps: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "listed_name": self.listed_name,
            "name_quality": self.name_quality,
            "name_score": round(self.name_score, 4),
            "distinctiveness": round(self.distinctiveness, 3),
            "pairs": [_pair(p) for p in self.name.pairs],
            "query_unmatched": list(self.name.query_unmatched),
            "listed_unmatched": list(self.name.list_unmatched),
            "birth_date": _check(self.birth),
            "nationality": _check(self.nationality),
            "identifiers": _check(self.identifiers),
            "titles_ignored": list(self.titles_ignored),
            "entry_conflict": self.entry_conflict.as_dict() if self.entry_conflict else None,
            "chain_swaps": self.chain_swaps,
        }


def _pair(pair: TokenPair) -> dict[str, object]:
    return {
        "query": pair.query,
        "listed": pair.listed,
        "similarity": pair.similarity,
        "how": pair.how,
        "rarity_weight": round(pair.weight, 3),
    }


def _check(check: Check) -> dict[str, str]:
    return {"agreement": check.agreement.value, "query": check.query, "listed": check.listed}


class BestName(NamedTuple):
    """The entry's best name for a query: its score (after the weak-alias discount and any
    entry-level conflict), the token match behind it, the listed name and its quality."""

    score: float
    match: NameMatch
    listed: AnalysedName
    quality: NameQuality
    conflict: EntryConflict | None = None
    distinct: float = 0.0  # how telling the agreeing tokens are, 0..1 (see ``distinctiveness``)


def distinctiveness(match: NameMatch, rarity: TokenRarity) -> float:
    """How far the agreeing tokens go to single the listed person out: their summed rarity
    weight against what it takes (``TokenRarity.telling``: the population's size, when one was
    counted, else the calibrated ``DISTINCTIVE_INFORMATION``)."""
    return min(1.0, match.information / rarity.telling(DISTINCTIVE_INFORMATION))


def best_name(
    query: AnalysedName, names: list[tuple[AnalysedName, NameQuality]], rarity: TokenRarity
) -> BestName | None:
    """The entry's name that matches the query best, after the weak-alias discount.

    Each name is also checked against the entry's other names: a short name (the
    original-script one, an alias) that leaves the query's grandfather's name unmatched does
    not hide that the entry's full name has a different grandfather (``conflict``). Penalties
    only: no name scores above what ``compare`` gives it.
    """
    matches = [(listed, quality, compare(query, listed, rarity)) for listed, quality in names]
    best: BestName | None = None
    for named, conflict in zip(matches, entry_conflicts(query, matches, rarity), strict=True):
        listed, quality, match = named
        raw = match.score - (conflict.cost if conflict else 0.0)
        score = raw * _QUALITY_FACTOR[quality]
        if best is None or score > best.score:
            distinct = distinctiveness(match, rarity)
            best = BestName(score, match, listed, quality, conflict, distinct)
    return best


def score_entry(
    query: Query,
    analysed: AnalysedName,
    entry: ListEntry,
    names: list[tuple[AnalysedName, NameQuality]],
    rarity: TokenRarity,
) -> tuple[float, Explanation] | None:
    """The final score of an entry for a query, with its explanation."""
    best = best_name(analysed, names, rarity)
    return None if best is None else combine(query, analysed, entry, best)


def combine(
    query: Query, analysed: AnalysedName, entry: ListEntry, best: BestName
) -> tuple[float, Explanation]:
    """The name agreement and the evidence beside it as one score and its explanation."""
    name_score, match, listed, quality, conflict, distinct = best
    swaps = chain_swaps(analysed, listed, match) if _chain(query, entry) else 0
    name_score = max(0.0, name_score - CHAIN_SWAP * swaps)
    birth = compare_birth(query.birth_date, entry.birth_dates)
    nationality = compare_nationality(query.nationality, entry.nationalities)
    identifiers = compare_identifiers(query.identifiers, entry.identifiers)
    secondary = [c.agreement for c in (birth, nationality) if c.agreement is not Agreement.UNKNOWN]
    support = sum(a.support for a in secondary) / len(secondary) if secondary else 0.5
    score = NAME_SHARE * name_score + (1 - NAME_SHARE) * corroboration(distinct, support)
    if birth.agreement is Agreement.CONFLICT:
        score -= DOB_CONFLICT_PENALTY
    if identifiers.agreement is Agreement.EXACT:
        score = max(score, 0.9 + 0.1 * name_score)
    explanation = Explanation(
        listed.original, quality.value, name_score, match, distinct, birth, nationality,
        identifiers, analysed.titles, conflict, swaps,
    )  # fmt: skip
    return max(0.0, min(1.0, score)), explanation


def corroboration(distinct: float, support: float) -> float:
    """What stands beside the name score: how telling the agreeing name parts are, and what
    date of birth and nationality say (``Agreement.support``)."""
    return 0.5 * distinct + 0.5 * support


def best_corroboration(query: Query) -> float:
    """The most corroboration ``combine`` can credit a match of this query: fully telling name
    parts, and an exact date of birth and nationality where the query gives either; a query
    that gives neither says nothing beside the name (``Agreement.UNKNOWN``)."""
    told = query.birth_date is not None or query.nationality is not None
    return _BEST_TOLD if told else _BEST_UNTOLD


_BEST_TOLD: Final = corroboration(1.0, Agreement.EXACT.support)
_BEST_UNTOLD: Final = corroboration(1.0, Agreement.UNKNOWN.support)


def _chain(query: Query, entry: ListEntry) -> bool:
    """A person's name recorded as a chain (given, father's, grandfather's name, as people
    lists record them) against a listed person."""
    return query.organisation is False and entry.schema is EntitySchema.PERSON


def chain_swaps(query: AnalysedName, listed: AnalysedName, match: NameMatch) -> int:
    """Pairs of agreeing name parts that stand in opposite order in the two names.

    In a name chain the order tells the generations apart: "Hamid (son of) Omar" is not
    "Omar Jawid Ahmad" with its grandfather Ahmad read as Hamid. ``compare`` charges a swap
    little (lists reorder family names); for a chain against a listed person it costs
    ``CHAIN_SWAP`` more.
    """
    q_pos = {t.text: i for i, t in enumerate(query.scored) if t.evidence}
    l_pos = {t.text: j for j, t in enumerate(listed.scored) if t.evidence}
    placed = sorted(
        (q_pos[p.query], l_pos[p.listed])
        for p in match.pairs
        if p.query in q_pos and p.listed in l_pos
    )
    return sum(1 for a, (_, j1) in enumerate(placed) for _, j2 in placed[a + 1 :] if j2 < j1)
