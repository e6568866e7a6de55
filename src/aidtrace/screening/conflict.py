"""Entry-level conflict: a short name of a list entry must not hide what its full name says.

A listed person usually has a full Latin name (given, father's and grandfather's or tribal
name) beside shorter ones: the original-script name and aliases often stop at the father's
name. A query "Omar Jawid Karim" matches the original-script "عمر جاوید" completely, with
"Karim" merely left over, which costs little. But the entry's full name, "Omar Jawid Ahmad",
puts "Ahmad" where the query has "Karim": the same given and father's names with a different
grandfather — another man, as common as those two names are. That disagreement is charged to
the short name's match at the rate ``match.compare`` charges a conflict inside one name (in a
long chain of a person's names, in proportion to what the chains share: ``conflict_scale``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aidtrace.names.model import AnalysedName, NameToken
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.match import (
    LIST_CONFLICT,
    LIST_EXTRA,
    QUERY_CONFLICT,
    QUERY_EXTRA,
    NameMatch,
    conflict_scale,
    is_chain,
    rival_names,
    token_weight,
)
from aidtrace.watchlists.model import NameQuality

NamedMatch = tuple[AnalysedName, NameQuality, NameMatch]


@dataclass(frozen=True)
class EntryConflict:
    """Query name parts a name left unmatched, answered by different parts in another name of
    the same entry; ``cost`` is what it took off that name's score."""

    other_name: str
    query_parts: tuple[str, ...]
    listed_parts: tuple[str, ...]
    cost: float

    def as_dict(self) -> dict[str, object]:
        return {
            "other_name": self.other_name,
            "query_parts": list(self.query_parts),
            "listed_parts": list(self.listed_parts),
            "cost": round(self.cost, 4),
        }


def entry_conflicts(
    query: AnalysedName, matches: Sequence[NamedMatch], rarity: TokenRarity
) -> list[EntryConflict | None]:
    """For each of an entry's names, the costliest conflict another name of it raises against
    that name's match, if any.

    Another name counts when it matches every query part the match matched (it is the same
    reading of the name, only longer) and still leaves some of the match's leftover query parts
    unmatched while having name parts of its own the query lacks.
    """
    covered = [_matched_query_parts(match) for _, _, match in matches]
    # a listed part the query has too, only paired elsewhere (Mohammad twice), is no conflict
    said = {t.skeleton for t in query.scored}
    return [_costliest(query, k, matches, covered, said, rarity) for k in range(len(matches))]


def _costliest(
    query: AnalysedName,
    k: int,
    matches: Sequence[NamedMatch],
    covered: list[set[str]],
    said: set[str],
    rarity: TokenRarity,
) -> EntryConflict | None:
    named = matches[k]
    name, _, match = named
    leftover = _evidence(query.scored, match.query_unmatched)
    if not leftover or _evidence(name.scored, match.list_unmatched):
        return None  # nothing left over, or ``match`` already counted its own conflict
    worst: EntryConflict | None = None
    for other_k, (listed, _, other) in enumerate(matches):
        if other_k == k or not covered[k] <= covered[other_k]:
            continue
        q_parts = [t for t in leftover if t.text in other.query_unmatched]
        l_parts = [
            t for t in _evidence(listed.scored, other.list_unmatched) if t.skeleton not in said
        ]
        if not q_parts or not l_parts:
            continue
        extra = (QUERY_CONFLICT - QUERY_EXTRA) * _weight(q_parts, rarity)
        extra += LIST_CONFLICT * _weight(l_parts, rarity)
        if rival_names(q_parts, l_parts) and is_chain(query.scored) and is_chain(listed.scored):
            shared: float = sum(pair.weight for pair in match.pairs)
            extra *= conflict_scale(shared)
        cost = match.score - _reweighed(query, named, extra, rarity)
        if cost > 0 and (worst is None or cost > worst.cost):
            texts = (tuple(t.text for t in q_parts), tuple(t.text for t in l_parts))
            worst = EntryConflict(listed.original, *texts, cost)
    return worst


def _reweighed(query: AnalysedName, named: NamedMatch, extra: float, rarity: TokenRarity) -> float:
    """The match's score had its denominator carried ``extra`` more weight (never higher).

    The denominator is rebuilt as ``compare`` builds it when neither side conflicts: both
    sides of every pair, and the leftovers at their one-sided rates."""
    name, _, match = named
    total: float = sum(2 * p.weight for p in match.pairs)
    total += QUERY_EXTRA * _weight(_tokens(query.scored, match.query_unmatched), rarity)
    total += LIST_EXTRA * _weight(_tokens(name.scored, match.list_unmatched), rarity)
    if total <= 0:
        return match.score
    kept = total / (total + extra)
    return max(0.0, (match.score + match.order_penalty) * kept - match.order_penalty)


def _matched_query_parts(match: NameMatch) -> set[str]:
    return {part for pair in match.pairs for part in pair.query.split()}


def _tokens(tokens: Iterable[NameToken], texts: Iterable[str]) -> list[NameToken]:
    wanted = list(texts)
    found = []
    for token in tokens:
        if token.text in wanted:
            wanted.remove(token.text)
            found.append(token)
    return found


def _evidence(tokens: Iterable[NameToken], texts: Iterable[str]) -> list[NameToken]:
    return [t for t in _tokens(tokens, texts) if t.evidence]


def _weight(tokens: Iterable[NameToken], rarity: TokenRarity) -> float:
    return sum(token_weight(t, rarity) for t in tokens)
