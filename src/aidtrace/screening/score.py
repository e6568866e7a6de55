"""One query against one list entry: the best of its names, then the evidence beside the name,
combined into one score with its explanation.

Score = 0.88 × name + 0.12 × corroboration + evidence, where corroboration says how
distinctive the matching name parts are (rarity), and evidence adds the points of date of birth,
nationality and gender: each agreement level counts the log-likelihood ratio learned from
labelled pairs (``EVIDENCE_POINTS``, fitted by ``benchmarks/screening/fit_evidence.py``) — an
agreement raises the score, a conflict lowers it, and what one side does not say counts nothing.
An identical document number lifts the score to 0.9 or more. So an exact match on a rare name
with an agreeing date of birth ranks above the same name alone, which ranks above an exact match
on "Mohammad Gul": the top band is ordered, not saturated at 1.0; and a true match with the
same date of birth and nationality clears a threshold its name alone falls short of, while a
namesake born in another decade falls below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

from aidtrace.names.model import AnalysedName
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.conflict import EntryConflict, entry_conflicts
from aidtrace.screening.evidence import (
    Agreement,
    Check,
    compare_birth,
    compare_gender,
    compare_identifiers,
    compare_nationality,
)
from aidtrace.screening.match import NameMatch, TokenPair, compare
from aidtrace.screening.query import Query
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

DEFAULT_THRESHOLD: Final = 0.75
NAME_SHARE: Final = 0.88
# Score points of each agreement level beside the name: ln(likelihood ratio) / the log-odds a
# point of name score is worth, from ``benchmarks/screening/fit_evidence.py`` (yente's UN
# positives against the US negatives their names reach; gender with an assumed 1 % slip).
EVIDENCE_POINTS: Final[dict[str, dict[Agreement, float]]] = {
    # a conflict was never seen among the matches: the fit bounds it at -0.083 only through
    # its smoothing; the older rule's -0.2 (a clear conflict takes a name-only match under
    # the default threshold) is within what the data allow, and is kept
    "birth_date": {Agreement.EXACT: 0.08, Agreement.CONSISTENT: 0.026, Agreement.CONFLICT: -0.2},
    "nationality": {Agreement.EXACT: 0.065, Agreement.CONFLICT: -0.076},
    "gender": {Agreement.EXACT: 0.008, Agreement.CONFLICT: -0.046},
}
# what a clear date-of-birth conflict takes off (import screening looks that far under the line)
DOB_CONFLICT_PENALTY: Final = -EVIDENCE_POINTS["birth_date"][Agreement.CONFLICT]
IDENTIFIER_FLOOR: Final = 0.9
UNSAID: Final = Check(Agreement.UNKNOWN)  # a shared document number lifts the score to this or more
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
    gender: Check = UNSAID
    # what each piece of evidence added to the score (negative: took off), in the order shown
    points: tuple[tuple[str, float], ...] = ()

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
            "gender": _check(self.gender),
            "evidence_points": {field: round(points, 4) for field, points in self.points},
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
    query: Query,
    analysed: AnalysedName,
    entry: ListEntry,
    best: BestName,
) -> tuple[float, Explanation]:
    """The name agreement and the evidence beside it as one score and its explanation."""
    name_score, match, listed, quality, conflict, distinct = best
    swaps = chain_swaps(analysed, listed, match) if _chain(query, entry) else 0
    name_score = max(0.0, name_score - CHAIN_SWAP * swaps)
    checks = {
        "birth_date": compare_birth(query.birth_date, entry.birth_dates),
        "nationality": compare_nationality(query.nationality, entry.nationalities),
        "gender": compare_gender(query.gender, entry.gender),
    }
    points = [(field, evidence_points(field, check)) for field, check in checks.items()]
    score = NAME_SHARE * name_score + (1 - NAME_SHARE) * corroboration(distinct)
    score += sum(p for _, p in points)
    identifiers = compare_identifiers(query.identifiers, entry.identifiers)
    if identifiers.agreement is Agreement.EXACT:
        lifted = max(score, IDENTIFIER_FLOOR + (1 - IDENTIFIER_FLOOR) * name_score)
        points.append(("identifiers", lifted - score))
        score = lifted
    explanation = Explanation(
        listed.original, quality.value, name_score, match, distinct, checks["birth_date"],
        checks["nationality"], identifiers, analysed.titles, conflict, swaps, checks["gender"],
        tuple((f, p) for f, p in points if p),
    )  # fmt: skip
    return max(0.0, min(1.0, score)), explanation


def evidence_points(field: str, check: Check) -> float:
    """What a piece of evidence adds to the score: 0 where one side does not say."""
    return EVIDENCE_POINTS[field].get(check.agreement, 0.0)


def corroboration(distinct: float) -> float:
    """What stands beside the name score in it: how telling the agreeing name parts are (the
    evidence beside the name is counted apart, ``evidence_points``)."""
    return 0.5 * distinct + 0.5 * Agreement.UNKNOWN.support


def best_corroboration(query: Query) -> float:
    """The corroboration ``c`` such that no entry scores over 0.88 × name + 0.12 × c for this
    query (``screen.name_floor``): fully telling name parts, and the most the evidence the query
    gives can add. A birth date given as a year or a range can be consistent with a listed one
    but never the same day (``evidence.compare_birth``): registers mostly know the year alone."""
    most = 0.0
    if query.birth_date is not None:
        dates = EVIDENCE_POINTS["birth_date"]
        most += dates[Agreement.EXACT] if query.birth_date.exact else dates[Agreement.CONSISTENT]
    for field, said in (("nationality", query.nationality), ("gender", query.gender)):
        if said is not None:
            most += max(0.0, *EVIDENCE_POINTS[field].values())
    return corroboration(1.0) + most / (1 - NAME_SHARE)


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
