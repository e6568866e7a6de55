"""Blocking keys, and the candidate search that uses them with a score bound.

Per token: every consonant skeleton (spellings and scripts), the skeleton with one symbol
deleted (one typo or transliteration slip: "ptn"/"pln" share "pn"), the Latin form and its
prefix. Per name: the skeleton pairs of its tokens (so "Mohammad Gul" is found without visiting
every Mohammad) and the skeleton of the whole name (spacing: "Abdulghani"/"Abdul Ghani").

A key shared by more than ``MAX_POSTING`` list names is not used on its own. Each candidate
then gets an upper bound of its name score from the query tokens that reached it; a candidate
whose bound cannot reach the threshold is never scored, which is what makes screening a whole
population cheap: most people reach a few list names through one common token and stop there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations

from aidtrace.names.model import AnalysedName, NameToken

MAX_POSTING = 400  # a single-token key with more names than this is too common to block on
MAX_PAIR_TOKENS = 7  # pair keys from at most this many tokens of a name


def token_keys(token: NameToken) -> set[str]:
    keys = {"s:" + s for s in token.skeletons if s}
    for skeleton in token.skeletons:
        if len(skeleton) >= 4:
            keys.update("d:" + skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton)))
    keys.add("f:" + token.form)
    if len(token.form) >= 5:
        keys.add("x:" + token.form[:4])
    return keys


def evidence_tokens(name: AnalysedName) -> list[NameToken]:
    return [t for t in name.tokens if t.evidence and t.skeleton]


def pair_keys(name: AnalysedName) -> dict[str, tuple[int, ...]]:
    """Name-level keys, each with the positions (in ``evidence_tokens``) it stands for."""
    evidence = evidence_tokens(name)
    first: dict[str, int] = {}
    for i, tok in enumerate(evidence[:MAX_PAIR_TOKENS]):
        first.setdefault(tok.skeleton, i)
    keys: dict[str, tuple[int, ...]] = {}
    for a, b in combinations(sorted(first), 2):
        keys[f"p:{a}|{b}"] = (first[a], first[b])
    if len(evidence) > 1:
        keys["j:" + name.skeleton] = tuple(range(len(evidence)))
    return keys


def name_keys(name: AnalysedName) -> set[str]:
    """Every key of a list name (what the index posts it under)."""
    keys: set[str] = set(pair_keys(name))
    for tok in evidence_tokens(name):
        keys |= token_keys(tok)
    return keys


def reached_tokens(query: AnalysedName, postings: Mapping[str, list[int]]) -> dict[int, set[int]]:
    """List-name ids reached by the query, each with the query evidence tokens that reached it."""
    reached: defaultdict[int, set[int]] = defaultdict(set)
    for i, tok in enumerate(evidence_tokens(query)):
        for key in token_keys(tok):
            posting = postings.get(key)
            if posting is not None and len(posting) <= MAX_POSTING:
                for name_id in posting:
                    reached[name_id].add(i)
    for key, positions in pair_keys(query).items():
        for name_id in postings.get(key, ()):
            reached[name_id].update(positions)
    return reached


def bounded_candidates(
    query: AnalysedName,
    postings: Mapping[str, list[int]],
    weight: Callable[[NameToken], float],
    floor: float,
) -> Iterable[int]:
    """Candidates whose name score could reach ``floor``.

    The bound treats every reached token as a perfect match and every unreached evidence token
    as unmatched (particles are given the benefit of the doubt): score = matched / (matched +
    unmatched) with matched counted on both sides, as ``match.compare`` counts it.
    """
    evidence = evidence_tokens(query)
    weights = [weight(t) for t in evidence]
    total = sum(weights)
    for name_id, hit in reached_tokens(query, postings).items():
        matched = sum(weights[i] for i in hit)
        bound = 2 * matched / (2 * matched + (total - matched)) if matched else 0.0
        if bound >= floor:
            yield name_id
