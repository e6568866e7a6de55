"""Name against name: align the tokens, weigh them by rarity, explain every pair.

Token similarity takes the best of three readings: the Latin forms (typos, spelling families via
``variants``), the consonant skeletons (romanisation variants and Latin against Arabic script) and,
for two Arabic-script tokens, the folded script itself. Tokens are aligned greedily, best pair
first, so word order does not matter. The name score is the rarity-weighted share of both names
that is matched; list-side tokens the query lacks (father's name, tribe) cost less than query
tokens the list lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity

MIN_TOKEN_SIM = 0.6  # below this two tokens are not the same name part
SKELETON_EQUAL = 0.92  # same consonants, different vowels: very likely a spelling variant
CROSS_SCRIPT_EQUAL = 0.95  # same consonants across scripts: the best agreement possible
INITIAL = 0.75  # "V." for "Vladimir": consistent, weak
TYPO_FLOOR = 0.5  # edit similarity at which a token pair earns nothing
TYPO_KNEE = 0.8  # from here on a pair earns its similarity
JOINED_CEILING = 0.9
QUERY_EXTRA = 1.0  # cost factor of a query token with no partner
LIST_EXTRA = 0.55  # cost factor of a list token with no partner (lists add father and tribe)
_ROLE_WEIGHT = {
    TokenRole.NAME: 1.0,
    TokenRole.NUMBER: 1.0,
    TokenRole.PARTICLE: 0.15,
    TokenRole.ORG_TYPE: 0.2,
    TokenRole.TITLE: 0.0,
}


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    how: str  # exact, variant, typo, skeleton, cross-script
    weight: float


@dataclass(frozen=True, slots=True)
class NameMatch:
    score: float
    pairs: tuple[TokenPair, ...]
    query_unmatched: tuple[str, ...]
    list_unmatched: tuple[str, ...]
    information: float  # summed weights of well-matched tokens: how distinctive the agreement is


def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """How alike two tokens are (0..1, already discounted for doubt), and by which reading."""
    if a.role is TokenRole.NUMBER or b.role is TokenRole.NUMBER:
        return (1.0, "exact") if a.text == b.text else (0.0, "different")
    if a.text == b.text:
        return 1.0, "exact"
    cross = (a.script is Script.ARABIC) != (b.script is Script.ARABIC)
    if a.form == b.form:
        return (CROSS_SCRIPT_EQUAL, "cross-script") if cross else (0.97, "variant")
    if len(a.form) == 1 or len(b.form) == 1:
        initial = a.form[:1] == b.form[:1] and not cross
        return (INITIAL, "initial") if initial else (0.0, "different")
    best, how = 0.0, "different"
    if not cross:
        text_sim = Levenshtein.normalized_similarity(a.form, b.form)
        if a.script is Script.ARABIC:
            text_sim = max(text_sim, Levenshtein.normalized_similarity(a.text, b.text))
        best, how = _discount(text_sim), "typo"
    if cross:
        skel = max(_skeleton_similarity(x, y, cross) for x in a.skeletons for y in b.skeletons)
    else:
        skel = _skeleton_similarity(a.skeleton, b.skeleton, cross)
    if skel > best:
        best, how = skel, "cross-script" if cross else "skeleton"
    return best, how


def _discount(similarity: float) -> float:
    """Edit similarity to credit: one typo in a long name keeps most, a different name none."""
    if similarity >= TYPO_KNEE:
        return similarity
    return similarity * max(0.0, (similarity - TYPO_FLOOR) / (TYPO_KNEE - TYPO_FLOOR))


def _skeleton_similarity(a: str, b: str, cross: bool) -> float:
    """Equal skeletons are a spelling variant; one slip is tolerated in long ones."""
    if not a or not b:
        return 0.0
    ceiling = CROSS_SCRIPT_EQUAL if cross else SKELETON_EQUAL
    if len(a) + len(b) <= 2:
        # a one-consonant skeleton ("طه" / Taha) is evidence only across scripts
        return ceiling * 0.9 if cross and a == b else 0.0
    if a == b:
        return ceiling
    if min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return ceiling * 0.85
    return 0.0


def compare(query: AnalysedName, listed: AnalysedName, rarity: TokenRarity) -> NameMatch:
    """Score how well ``listed`` (a list-side name) matches ``query``."""
    q_tokens, l_tokens = query.scored, listed.scored
    candidates = []
    for i, qt in enumerate(q_tokens):
        for j, lt in enumerate(l_tokens):
            sim, how = token_similarity(qt, lt)
            if sim >= MIN_TOKEN_SIM:
                candidates.append((sim, -abs(i - j), i, j, how))
    candidates.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs: list[TokenPair] = []
    matched = total = information = 0.0
    for sim, _, i, j, how in candidates:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        weight = (token_weight(q_tokens[i], rarity) + token_weight(l_tokens[j], rarity)) / 2
        pairs.append(TokenPair(q_tokens[i].text, l_tokens[j].text, round(sim, 3), how, weight))
        matched += 2 * weight * sim
        total += 2 * weight
        if sim >= 0.8 and q_tokens[i].evidence:
            information += weight
    q_left = [t for i, t in enumerate(q_tokens) if i not in used_q]
    l_left = [t for j, t in enumerate(l_tokens) if j not in used_l]
    total += QUERY_EXTRA * sum(token_weight(t, rarity) for t in q_left)
    total += LIST_EXTRA * sum(token_weight(t, rarity) for t in l_left)
    score = matched / total if total else 0.0
    if q_left or l_left:
        score = max(score, _joined_similarity(q_tokens, l_tokens))
    return NameMatch(
        score,
        tuple(pairs),
        tuple(t.text for t in q_left),
        tuple(t.text for t in l_left),
        information,
    )


def _joined_similarity(query: tuple[NameToken, ...], listed: tuple[NameToken, ...]) -> float:
    """ "VladimirPutin" against "Vladimir Putin": the names written without spaces."""
    q = "".join(t.form for t in query if t.evidence)
    ell = "".join(t.form for t in listed if t.evidence)
    if len(q) < 6 or len(ell) < 6:
        return 0.0
    return JOINED_CEILING * _discount(Levenshtein.normalized_similarity(q, ell)) ** 2


def token_weight(token: NameToken, rarity: TokenRarity) -> float:
    """How much a token counts: its role's weight times its rarity."""
    return _ROLE_WEIGHT[token.role] * rarity.weight(token.skeleton)
