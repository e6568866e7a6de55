"""Name against name: align the tokens, weigh them by rarity, explain every pair.

Tokens are aligned greedily, best pair first, so word order matters only a little (a swap
costs ``INVERSION``, a swap across "bin"/"ibn" — a different father — costs more). The name score
is the rarity-weighted share of both names that is matched. A token left over on one side only
costs a little (lists add father and tribe, people add a middle name); a token left over on
both sides is a conflict — a different given name or family name — and costs more. Leftovers
that one writer split and the other joined are paired as a run ("Khudai Rahim" / "خدایرحیم").
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final, NamedTuple

from rapidfuzz.distance import OSA, Levenshtein
from rigour.territories import lookup_territory

from aidtrace.names.analyze import make_token
from aidtrace.names.compare import may_reach, may_reach_sketch, token_similarity, token_sketch
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.names.skeleton import latin_skeleton

MIN_TOKEN_SIM: Final = 0.6  # below this two tokens are not the same name part
QUERY_EXTRA: Final = 0.6  # cost factor of a query token with no partner
LIST_EXTRA: Final = 0.4  # cost factor of a list token with no partner
QUERY_CONFLICT: Final = 2.0  # ... when the list also has a token with no partner
LIST_CONFLICT: Final = 1.2
INVERSION: Final = 0.04  # two aligned pairs in opposite order
PATRONYMIC_SWAP: Final = 0.3  # "Muhammad bin Salman" against "Salman bin Muhammad"
DISTINCT_PENALTY: Final = 0.05  # a number or country only one side has
JOINED_CEILING: Final = 0.9
JOINED_FLOOR: Final = 0.85  # edit similarity two names written without spaces need to count
MERGE_SIM: Final = 0.8  # a joined run must agree this well to count
CONFLICT_FLOOR: Final = 0.5  # share of its role's weight a disagreeing part weighs at least
# matched weight (about three rare name parts) beyond which a conflict is charged in proportion
# to it, so a long chain does not dilute a disagreeing part (``conflict_scale``)
CONFLICT_SPAN: Final = 3.0
# "US" for "United States": an abbreviation of the same words, or a coincidence
ACRONYM: Final = 0.85
_ROLE_WEIGHT: Final = {
    TokenRole.NAME: 1.0,
    TokenRole.NUMBER: 1.0,
    TokenRole.PLACE: 1.0,
    TokenRole.INITIAL: 0.3,
    TokenRole.PARTICLE: 0.15,
    TokenRole.ORG_TYPE: 0.2,
    TokenRole.TITLE: 0.0,
}


# Records of a comparison are named tuples: as immutable as frozen dataclasses, and compiled
# (``aidtrace.compiled``) about three times cheaper to build, which the matcher does for every
# pair of every candidate.
class TokenPair(NamedTuple):
    query: str
    listed: str
    similarity: float
    how: str  # exact, variant, typo, skeleton, cross-script, initial, compound
    weight: float


class NameMatch(NamedTuple):
    score: float
    pairs: tuple[TokenPair, ...]
    query_unmatched: tuple[str, ...]
    list_unmatched: tuple[str, ...]
    information: float  # summed weights of well-matched tokens: how distinctive the agreement is
    order_penalty: float = 0.0


def compare(query: AnalysedName, listed: AnalysedName, rarity: TokenRarity) -> NameMatch:
    """Score how well ``listed`` (a list-side name) matches ``query``."""
    q_tokens, l_tokens = query.scored, listed.scored
    aligned = align(q_tokens, l_tokens)
    pairs: list[TokenPair] = []
    matched = total = information = 0.0
    for sim, i, j, how in aligned:
        weight = (token_weight(q_tokens[i], rarity) + token_weight(l_tokens[j], rarity)) / 2
        pairs.append(TokenPair(q_tokens[i].text, l_tokens[j].text, round(sim, 3), how, weight))
        matched += 2 * weight * sim
        total += 2 * weight
        if sim >= 0.8 and q_tokens[i].evidence:
            information += weight
    used_q = {i for _, i, _, _ in aligned}
    used_l = {j for _, _, j, _ in aligned}
    for sim, q_run, l_run, how in joined_runs(q_tokens, l_tokens, used_q, used_l):
        weight = (_sum_weights([q_tokens[i] for i in q_run], rarity) +
                  _sum_weights([l_tokens[j] for j in l_run], rarity)) / 2  # fmt: skip
        q_text = " ".join(q_tokens[i].text for i in q_run)
        l_text = " ".join(l_tokens[j].text for j in l_run)
        pairs.append(TokenPair(q_text, l_text, round(sim, 3), how, weight))
        matched += 2 * weight * sim
        total += 2 * weight
        information += weight if sim >= 0.8 else 0.0
        used_q.update(q_run)
        used_l.update(l_run)
    q_left = [t for i, t in enumerate(q_tokens) if i not in used_q]
    l_left = [t for j, t in enumerate(l_tokens) if j not in used_l]
    conflict = any(t.evidence for t in q_left) and any(t.evidence for t in l_left)
    # a number or a country only one side has names another entity (Fund IX, Santander Chile)
    distinct = any(t.role in _DISTINCT for t in (*q_left, *l_left))
    conflict = conflict or distinct or _hidden_conflict(q_tokens, l_tokens, aligned, q_left, l_left)
    # a name part against another in two chains of a person's names (``conflict_scale``), or a
    # son's given name against his father's, which his chain holds one generation along
    shift = generation_shift(q_tokens, l_tokens, aligned, used_q, used_l)
    conflict = conflict or shift is not Shift.NONE
    rivals = shift is not Shift.NONE or (
        conflict and rival_names(q_left, l_left) and is_chain(q_tokens) and is_chain(l_tokens)
    )
    left_weight = conflict_weights if conflict else _sum_weights
    scale = conflict_scale(total / 2) if rivals else 1.0
    # a listed son's own given name is no part a list adds: it is charged as the query's is
    list_conflict = QUERY_CONFLICT if shift is Shift.SON_LISTED else LIST_CONFLICT
    total += (QUERY_CONFLICT * scale if conflict else QUERY_EXTRA) * left_weight(q_left, rarity)
    total += (list_conflict * scale if conflict else LIST_EXTRA) * left_weight(l_left, rarity)
    penalty = _order_penalty(q_tokens, l_tokens, aligned) + (DISTINCT_PENALTY if distinct else 0)
    score = max(0.0, matched / total - penalty) if total else 0.0
    if (q_left or l_left) and (not rivals or _written_apart(q_left, l_left)):
        joined = joined_similarity(written_together(q_tokens), written_together(l_tokens))
        if joined > score:
            score = joined
            information = max(information, _sum_weights(q_tokens, rarity) * joined)
    return NameMatch(
        score,
        tuple(pairs),
        tuple(t.text for t in q_left),
        tuple(t.text for t in l_left),
        information,
        penalty,
    )


def align(
    q_tokens: tuple[NameToken, ...], l_tokens: tuple[NameToken, ...]
) -> list[tuple[float, int, int, str]]:
    """Greedy best-first one-to-one alignment of the tokens (ties: nearer positions first)."""
    candidates = []
    for i, qt in enumerate(q_tokens):
        for j, lt in enumerate(l_tokens):
            sim, how = token_similarity(qt, lt)
            if sim >= MIN_TOKEN_SIM:
                candidates.append((sim, -abs(i - j), i, j, how))
    candidates.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    aligned = []
    for sim, _, i, j, how in candidates:
        if i not in used_q and j not in used_l:
            used_q.add(i)
            used_l.add(j)
            aligned.append((sim, i, j, how))
    return aligned


Merge = tuple[float, tuple[int, ...], tuple[int, ...], str]


def joined_runs(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    used_q: set[int],
    used_l: set[int],
) -> list[Merge]:
    """Leftover tokens one writer split and the other joined ("Khudai Rahim" / "خدایرحیم",
    "Aziz al-Rahman" / "Azizirahman"): a token against a run of two or three on the other side."""
    q_left = [i for i in range(len(q_tokens)) if i not in used_q]
    l_left = [j for j in range(len(l_tokens)) if j not in used_l]
    if not q_left or not l_left or len(q_left) + len(l_left) < 3:
        return []
    found = sorted(_joins(q_tokens, l_tokens, q_left, l_left), reverse=True)
    taken_q: set[int] = set()
    taken_l: set[int] = set()
    chosen: list[Merge] = []
    for sim, q_run, l_run, how in found:
        if sim < MERGE_SIM or taken_q.intersection(q_run) or taken_l.intersection(l_run):
            continue
        taken_q.update(q_run)
        taken_l.update(l_run)
        chosen.append((sim, q_run, l_run, "joined " + how))
    return chosen


def may_join(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    q_parts: list[int],
    l_parts: list[int],
) -> bool:
    """Whether ``joined_runs`` could pair one of the parts ``q_parts`` or ``l_parts`` with a run
    that takes in one of the other side's: the way two parts with no partner of their own may
    still pair up ("Lidia" / "al-Id"). Every other part of both names counts as free, since one
    with a partner may lose it to a twin ("Ali Dawood Mohammad Dawood" / "Mohamed Ould Ahmed
    Deya")."""
    every_q, every_l = list(range(len(q_tokens))), list(range(len(l_tokens)))
    joins = _joins(q_tokens, l_tokens, every_q, every_l, (set(q_parts), set(l_parts)))
    return any(sim >= MERGE_SIM for sim, _, _, _ in joins)


def every_join(q_tokens: tuple[NameToken, ...], l_tokens: tuple[NameToken, ...]) -> list[Merge]:
    """Every token of either name against every run of two or three of the other's that
    ``joined_runs`` would pair, whatever the alignment took (for bounds of the score)."""
    every_q, every_l = list(range(len(q_tokens))), list(range(len(l_tokens)))
    return [j for j in _joins(q_tokens, l_tokens, every_q, every_l) if j[0] >= MERGE_SIM]


def _joins(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    q_left: list[int],
    l_left: list[int],
    touching: tuple[set[int], set[int]] | None = None,
) -> list[Merge]:
    """Every leftover token against every run of two or three leftovers on the other side (when
    ``touching`` is given, only a token of its query or list side against a run that takes in
    one of the other side's)."""
    found: list[Merge] = []
    q_touch, l_touch = (None, None) if touching is None else touching
    q_single = q_left if q_touch is None else [i for i in q_left if i in q_touch]
    l_single = l_left if l_touch is None else [j for j in l_left if j in l_touch]
    for sim, i, run, how in _against_runs(q_tokens, q_single, l_tokens, l_left, l_touch, True):
        found.append((sim, (i,), run, how))
    for sim, j, run, how in _against_runs(l_tokens, l_single, q_tokens, q_left, q_touch, False):
        found.append((sim, run, (j,), how))
    return found


def _against_runs(
    single_tokens: tuple[NameToken, ...],
    singles: list[int],
    run_tokens: tuple[NameToken, ...],
    run_left: list[int],
    touching: set[int] | None,
    single_is_query: bool,
) -> list[tuple[float, int, tuple[int, ...], str]]:
    """Each of ``singles`` against each run of ``run_left`` (taking in a position of
    ``touching``) written together once: similarity, single position, run, and how."""
    if not singles:
        return []
    alone = len(single_tokens) == 1
    found = []
    for run in _runs(run_left):
        if touching is not None and touching.isdisjoint(run):
            continue
        text = "".join(run_tokens[k].text for k in run)
        unread = token_sketch(text)
        joined: NameToken | None = None  # analysed only where a single may reach it
        for k in singles:
            single = single_tokens[k]
            if joined is None and may_reach_sketch(single, unread, MERGE_SIM):
                joined = joined_token(text)
            sim, how = _run_similarity(single, joined, run_tokens, run, alone, single_is_query)
            found.append((sim, k, run, how))
    return found


def join_similarity(single: NameToken, run: tuple[NameToken, ...], single_is_query: bool) -> float:
    """How alike ``single`` is to ``run`` written together, as ``joined_runs`` reads a token
    against a run of the other side's (for bounds of the score: a two-letter acronym is
    counted as if the single token stood beside others)."""
    text = "".join(t.text for t in run)
    positions = tuple(range(len(run)))
    joined = joined_token(text) if may_reach_sketch(single, token_sketch(text), MERGE_SIM) else None
    return _run_similarity(single, joined, run, positions, False, single_is_query)[0]


def _run_similarity(
    single: NameToken,
    joined: NameToken | None,
    tokens: tuple[NameToken, ...],
    run: tuple[int, ...],
    alone: bool,
    single_is_query: bool,
) -> tuple[float, str]:
    """A token against a run of the other side's written together (None: one no single of
    this side may reach), or spelled by its first letters (``_acronym``)."""
    if joined is None:
        found = (0.0, "different")
    elif single_is_query:
        found = _joined_similarity(single, joined)
    else:
        found = _joined_similarity(joined, single)
    if (
        joined is not None
        and found[1] in _BY_SOUND
        and not _spelled_alike(single, joined, run, tokens)
    ):
        found = (0.0, "different")
    if len(single.text) == len(run):
        found = max(found, _acronym(single, [tokens[k] for k in run], alone))
    return found


_BY_SOUND: Final = frozenset(("skeleton", "cross-script"))
JOINED_LETTERS: Final = 0.7  # edit similarity a run agreeing by sound must also have, in Latin
JOINED_CONSONANTS: Final = 4  # consonants a run agreeing across scripts must have


def _spelled_alike(
    single: NameToken, joined: NameToken, run: tuple[int, ...], tokens: tuple[NameToken, ...]
) -> bool:
    """Whether a run that agrees with a token by its consonants is the token written apart,
    not two names that happen to sound like one ("Juan Novak" / Jankovic): in one script the
    letters must agree too, and no part of the run may add nothing to the consonants
    ("Mohammad Daud" written together sounds as "Mohammad")."""
    if any(joined.skeleton == tokens[k].skeleton for k in run):
        return False
    if single.script is Script.LATIN and joined.script is Script.LATIN:
        return OSA.normalized_similarity(single.form, joined.form) >= JOINED_LETTERS
    # across scripts only the consonants tell; three of them agree by chance ("رها ال" /
    # Rohullah)
    if min(len(single.skeleton), len(joined.skeleton)) < JOINED_CONSONANTS:
        return False
    if not set(single.skeletons).isdisjoint(joined.skeletons):
        return True
    # a consonant off: a compound written apart at its article or particle ("مطیع الرحمن" /
    # Matiurrehman, "بن الشيبة" / Binalsheibah), not two names that a long name a slip from
    # them happens to cover ("امیرعباس صنایعی" / Mourabitoun)
    return any(compound_joint(tokens[k]) for k in run[1:])


def compound_joint(token: NameToken) -> bool:
    """A token that begins the second part of a compound written apart: a particle, or a word
    carrying the article ("ur-Rehman", "الرحمن")."""
    return token.role is TokenRole.PARTICLE or token.text.startswith(_ARTICLES)


_ARTICLES: Final = ("ال", "al", "el", "ul", "ur", "ud", "ad", "ar", "as", "az")


def _joined_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """``token_similarity`` where a joined run could reach ``MERGE_SIM``, else nothing: most
    runs are nothing like the token, and need not be compared (nor remembered) in full."""
    return token_similarity(a, b) if may_reach(a, b, MERGE_SIM) else (0.0, "different")


def _acronym(short: NameToken, run: list[NameToken], alone: bool) -> tuple[float, str]:
    """ "US" for "United States", "JC" for "Jean-Claude", "PLA" for "People's Liberation
    Army": a token spelled by the first letters of a run of words on the other side. Two
    letters that are the whole name ("N.N.") agree with too many names to count."""
    text = short.text
    if len(text) != len(run) or not (text.isascii() and text.isalpha()):
        return 0.0, "different"
    if alone and len(text) < 3:
        return 0.0, "different"
    if not alone and not _initials(text, run):
        return 0.0, "different"
    if all(len(t.text) > 1 and t.text[0] == letter for t, letter in zip(run, text, strict=True)):
        return ACRONYM, "acronym"
    return 0.0, "different"


_CONSONANTS: Final = re.compile(r"[b-df-hj-np-tv-z]+")


def _initials(text: str, run: list[NameToken]) -> bool:
    """Beside other name parts, a short word is a name ("Tah", "Li", "Sa") rather than
    initials, unless it has no vowel ("JC" for Jean-Claude) or spells a country ("US" for the
    United States); and initials stand for words, not for particles ("Saleh al")."""
    if any(t.role is TokenRole.PARTICLE for t in run):
        return False
    if _CONSONANTS.fullmatch(text) is not None:
        return True
    return lookup_territory(" ".join(t.text for t in run)) is not None


def _runs(positions: list[int]) -> list[tuple[int, ...]]:
    """Runs of two or three consecutive positions."""
    runs = []
    for size in (2, 3):
        for k in range(len(positions) - size + 1):
            run = tuple(positions[k : k + size])
            if run[-1] - run[0] == size - 1:
                runs.append(run)
    return runs


def joined_token(text: str) -> NameToken:
    """A run of tokens written together (``text``: their texts), read as one name part."""
    known = _JOINED.get(text)
    if known is None:
        if len(_JOINED) >= JOINED_MEMO:
            _JOINED.clear()
        known = _JOINED[text] = make_token(text, TokenRole.NAME)
    return known


# A pure memo of runs written together: a population's names and the few list names they
# reach give the same runs over and over (joining their texts costs less than analysing them).
JOINED_MEMO: Final = 200_000
_JOINED: Final[dict[str, NameToken]] = {}


def _order_penalty(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    aligned: list[tuple[float, int, int, str]],
) -> float:
    """Pairs aligned in opposite order; a swap across a patronymic particle costs more."""
    evidence = sorted((i, j) for _, i, j, _ in aligned if q_tokens[i].evidence)
    penalty = 0.0
    for a, (i1, j1) in enumerate(evidence):
        for i2, j2 in evidence[a + 1 :]:
            if j2 < j1:
                across = _has_patronymic(q_tokens, i1, i2) and _has_patronymic(l_tokens, j2, j1)
                penalty += PATRONYMIC_SWAP if across else INVERSION
    return min(penalty, 0.5)


_DISTINCT: Final = frozenset({TokenRole.NUMBER, TokenRole.PLACE})
_PATRONYMIC: Final = frozenset({"bin", "ibn", "ben", "bint", "ould", "بن", "ابن", "ولد"})


def _hidden_conflict(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    aligned: list[tuple[float, int, int, str]],
    q_left: list[NameToken],
    l_left: list[NameToken],
) -> bool:
    """Disagreements that leftovers of name parts alone do not show: an initial against another
    name part ("Hans O Friedrich" / "Hans Joachim Friedrich"), and a compound whose particle
    stands where the other side has a name part ("Abdul Mohammad" / "Wali Mohammad")."""
    q_names = any(t.evidence or t.role is TokenRole.INITIAL for t in q_left)
    l_names = any(t.evidence or t.role is TokenRole.INITIAL for t in l_left)
    if q_names and l_names and any(t.role is TokenRole.INITIAL for t in (*q_left, *l_left)):
        return True
    for _, i, j, how in aligned:
        if how == "compound":
            q_form, l_form = q_tokens[i].form, l_tokens[j].form
            longer_query = len(q_form) > len(l_form)
            affix = q_form.replace(l_form, "", 1) if longer_query else l_form.replace(q_form, "", 1)
            others = l_left if longer_query else q_left
            # a leftover that carries the same particle is where it went, not a rival name
            particle = latin_skeleton(affix)
            if any(t.evidence and affix not in t.form and t.skeleton != particle for t in others):
                return True
    return False


def _has_patronymic(tokens: tuple[NameToken, ...], start: int, end: int) -> bool:
    return any(t.text in _PATRONYMIC for t in tokens[start + 1 : end])


class Shift(Enum):
    """Whether one name is a son's chain against his father's (``generation_shift``)."""

    NONE = "none"
    SON_QUERIED = "son queried"  # the query is the son's chain, the listed name his father's
    SON_LISTED = "son listed"


def generation_shift(
    q_tokens: tuple[NameToken, ...],
    l_tokens: tuple[NameToken, ...],
    aligned: list[tuple[float, int, int, str]],
    used_q: set[int],
    used_l: set[int],
) -> Shift:
    """Whether one name is a son's chain against his father's (or grandfather's) name: none
    of the son's own names (those before his first "bin") has a partner, and the father's own
    name stands in the son's chain after "bin" ("Tamim bin Hamad bin Khalifa" / "Hamad bin
    Khalifa"). A son carries his father's names as his patronymic, so the two chains share
    every part but one, and the one they do not share is the given name that tells the two
    men apart. A family name written with "Ben" (Ben Achour, Ben Ali) is no shift where the
    given name before it has its partner."""
    pairs = [(i, j) for _, i, j, _ in aligned]
    if _son_of(q_tokens, l_tokens, pairs, used_q):
        return Shift.SON_QUERIED
    if _son_of(l_tokens, q_tokens, [(j, i) for i, j in pairs], used_l):
        return Shift.SON_LISTED
    return Shift.NONE


def _son_of(
    son: tuple[NameToken, ...],
    father: tuple[NameToken, ...],
    pairs: list[tuple[int, int]],
    used_son: set[int],
) -> bool:
    """``generation_shift`` one way round: ``pairs`` are (son's position, father's position)."""
    first = _first_patronymic(son)
    own = [k for k in range(first) if son[k].evidence]
    if not own or first == len(son) or any(k in used_son for k in own):
        return False
    fathers_own = _first_patronymic(father)  # the father's own names stand before his "bin"
    return any(i > first and j < fathers_own and son[i].evidence for i, j in pairs)


def _first_patronymic(tokens: tuple[NameToken, ...]) -> int:
    """The position of the first "bin" (or "ibn", "ould"...), the length where there is none."""
    return next((k for k, t in enumerate(tokens) if t.text in _PATRONYMIC), len(tokens))


def rival_names(q_left: list[NameToken], l_left: list[NameToken]) -> bool:
    """Whether each side has a name part of its own (not only a number or a country)."""
    return any(t.role is TokenRole.NAME for t in q_left) and any(
        t.role is TokenRole.NAME for t in l_left
    )


def is_chain(tokens: tuple[NameToken, ...]) -> bool:
    """A chain of name parts, as a person's name is: no legal form, number or country in it
    (an organisation's words repeat across a family of firms and funds)."""
    return not any(t.role in _NOT_CHAIN for t in tokens)


_NOT_CHAIN: Final = frozenset({TokenRole.ORG_TYPE, TokenRole.NUMBER, TokenRole.PLACE})


def _written_apart(q_left: list[NameToken], l_left: list[NameToken]) -> bool:
    """Whether the parts each side has left over may be the same letters spaced otherwise
    ("Wijijoko" / "Wiji Joko") or a slip of one letter ("CVC" / "CVS"): only then may the
    names written without spaces stand for the token match, which would otherwise read a long
    chain with one part different ("Salman bin Abdulaziz..." / "Sultan bin Abdulaziz...") as
    a typo or two in a long word."""
    q_text, l_text = written_together(tuple(q_left)), written_together(tuple(l_left))
    if Levenshtein.distance(q_text, l_text, score_cutoff=1) <= 1:
        return True
    return Levenshtein.normalized_similarity(q_text, l_text) >= JOINED_LETTERS


def joined_similarity(q: str, ell: str) -> float:
    """ "VladimirPutin" against "Vladimir Putin": the names written without spaces (the forms
    of their tokens written together, ``written_together``)."""
    if len(q) < 6 or len(ell) < 6:
        return 0.0
    if abs(len(q) - len(ell)) > (1 - JOINED_FLOOR) * max(len(q), len(ell)):
        return 0.0  # the edits the lengths alone need already fall below the floor
    similarity = Levenshtein.normalized_similarity(q, ell)
    return JOINED_CEILING * similarity**2 if similarity >= JOINED_FLOOR else 0.0


def written_together(tokens: tuple[NameToken, ...]) -> str:
    return "".join(t.form for t in tokens)


def _sum_weights(tokens: list[NameToken] | tuple[NameToken, ...], rarity: TokenRarity) -> float:
    return sum(token_weight(t, rarity) for t in tokens)


def conflict_scale(matched: float) -> float:
    """What a conflicting name part is charged at, as a multiple of its usual rate, where the
    names agree on parts weighing ``matched`` in all: in proportion to the agreement beyond
    ``CONFLICT_SPAN``. Two brothers' chains differ in the given name alone ("Salman bin
    Abdulaziz bin Abdul Rahman Al Saud" / "Sultan bin ..."), a father's and his son's by one
    generation: the more ancestors they share, the less those say, and a different given name
    still tells two men apart. So a long chain with one part disagreeing scores as a short one
    does, under the default threshold, and only agreeing evidence beside the name (birth date,
    nationality) lifts it over."""
    return max(1.0, matched / CONFLICT_SPAN)


def conflict_weights(tokens: list[NameToken], rarity: TokenRarity) -> float:
    """Weights of parts that disagree. Rarity says how telling an agreement is; a
    disagreement tells against identity even on a common name ("Mohamed" against "Ali"),
    so it weighs at least ``CONFLICT_FLOOR`` of its role's weight."""
    return sum(max(token_weight(t, rarity), CONFLICT_FLOOR * _ROLE_WEIGHT[t.role]) for t in tokens)


def token_weight(token: NameToken, rarity: TokenRarity) -> float:
    """How much a token counts: its role's weight times its rarity."""
    return _ROLE_WEIGHT[token.role] * rarity.weight(token.skeleton)
