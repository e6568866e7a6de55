"""Blocking: the few list names worth scoring for a query, found through the tokens they share,
and pruned by upper bounds of the name score before any of them is scored in full.

The list side is a vocabulary of distinct tokens (``Vocabulary``), each with the list names that
hold it and the blocking keys that find it: every consonant skeleton (spellings and scripts),
the skeleton with one symbol deleted (one typo or transliteration slip: "ptn"/"pln" share "pn"),
the Latin form and its prefix, and a compound's core ("abdulmalik" → "malik"). A query token
is looked up once per process: its keys give the vocabulary tokens it might be,
``token_similarity`` keeps those that are (``MIN_TOKEN_SIM``), and the names holding them are
the names it reaches (``Reach``), with the listed people whose initial it may stand for
("Joanne" reaches "Manuel J Torres"). Populations repeat tokens far more than whole names, so
after the first few thousand names nearly every lookup is a memo hit.

Which names become candidates is decided by bounds of ``match.compare``'s score (matched weight
over matched plus left-over weight):

- a query token whose best possible agreement, with every other query token left over, cannot
  reach the floor makes no candidates on its own: "Mohammad" in "Mohammad Gul Zazai" only finds
  names that also hold Gul or Zazai, and in "Mohammad Mohammad Gul" also names that hold it twice
  (the least telling tokens are set aside together, as long as all of them together still fall
  short);
- bound 1, per candidate, from what blocking found: each reaching query token paired with its
  best partner there, the list's other evidence tokens left over at the smallest charge. It is
  a sum over the query's tokens (``floor_surplus``), and the names one token reaches, or two
  together, are remembered with those tokens' part of it (``Vocabulary.names_reached``): a
  candidate needs only the query's other tokens looked up before it is checked in full;
- bound 2, for the few that pass: every token of both names credited with its best partner, as
  if the alignment were free (evidence tokens as blocking found them, particles, initials and
  legal forms by ``token_similarity``); where each side has a name part with no partner at all,
  not even written together with its neighbours, the parts left over are charged as the
  conflict ``match.compare`` will find ("Mohammad Gul Zazai" / "Mohammad Gul Ahmadzai Khan").

Only names whose bounds reach the floor are scored in full, and a name that is scored is scored
exactly as without the index (tested against exhaustive scoring). A run of query tokens written
together is looked up as a token is, so a listed token it matches only a typo apart is found
("Nam Chong Gan" / "Namchongang"); a query token is split at the listed tokens near its pieces,
so a listed run it matches only a typo apart is found too ("Kimcholman" / "Kim Chol Nam",
``Vocabulary._split_runs``). What the bounds may leave out: a match carried by two name tokens
that share no blocking key, or by a query token alike to a listed run only through a swap of
two letters across the run's word boundary or through an initial of the run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from aidtrace.names.compare import (
    INITIAL,
    TokenSketch,
    compound_cores_of,
    least_edit_similarity,
    may_reach_sketch,
    reading_keys,
    texts_read,
    token_similarity,
    token_sketch,
)
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.names.skeleton import collapse
from aidtrace.screening.match import (
    JOINED_CEILING,
    JOINED_FLOOR,
    LIST_CONFLICT,
    LIST_EXTRA,
    MERGE_SIM,
    MIN_TOKEN_SIM,
    QUERY_CONFLICT,
    QUERY_EXTRA,
    compound_joint,
    conflict_weights,
    every_join,
    join_similarity,
    joined_similarity,
    joined_token,
    may_join,
    token_weight,
    written_together,
)

MAX_PAIR_TOKENS: Final = 8  # a token is paired with at most this many others of the query
SPARE_PARTNER: Final = 0.3  # the largest role weight of a particle, legal form or initial
TOKEN_MEMO: Final = 200_000  # query tokens remembered (with what they reach) across a batch
PAIR_MEMO: Final = 200_000  # query tokens, alone and in pairs, remembered with their names
SURPLUS_MEMO: Final = 20_000  # query tokens' surpluses by name, per floor

TokenId = tuple[str, TokenRole]
MatchedTotal = tuple[float, float]  # what a token adds to bound 1's matched weight and total
NamesReached = tuple[tuple[int, ...], tuple[float, ...]]  # names query tokens reach, with surpluses


def token_keys(token: NameToken) -> set[str]:
    """The blocking keys of a token: two tokens that ``token_similarity`` finds alike
    (``MIN_TOKEN_SIM``) share one, unless both are long enough to be found by the scan of long
    texts instead (``Vocabulary.scan``)."""
    keys = _exact_keys(token) | _slip_keys(token)
    if len(token.form) >= 5:
        keys.add("x:" + token.form[:4])
    for text in texts_read(token):
        keys.update(edit_keys(text))
    return keys


# taken off a similarity cut-off: rapidfuzz drops a pair at exactly the cut-off less 1e-9 (two
# texts of ten letters two edits apart at 0.8); a pair within the margin is only a candidate,
# compared in full after
CUTOFF_MARGIN: Final = 1e-6


def _exact_keys(token: NameToken) -> set[str]:
    """The keys of ``token_keys`` that readings of equal texts, forms, skeletons, compound
    cores or table entries share (no slip, no typo)."""
    keys = {"s:" + s for s in token.skeletons if s}
    keys.add("f:" + token.form)
    keys.update("f:" + core for core in compound_cores_of(token.form))
    keys.update(reading_keys(token))
    return keys


SLIP_SHORTEST: Final = 5  # ``compare.skeleton_similarity`` allows a slip in skeletons this long


def _slip_keys(token: NameToken) -> set[str]:
    """The keys of ``token_keys`` that two skeletons one symbol apart share."""
    keys: set[str] = set()
    for skeleton in token.skeletons:
        keys |= _skeleton_slips(skeleton)
    return keys


def _skeleton_slips(skeleton: str) -> set[str]:
    """The slip keys of one skeleton: two skeletons one symbol apart share one of them."""
    keys: set[str] = set()
    if len(skeleton) >= 4:
        keys.update("d:" + skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton)))
    if len(skeleton) >= SLIP_SHORTEST:
        keys.add("d:" + skeleton)  # one slip between skeletons of five and six symbols
    return keys


def _typo_may_merge(texts: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Whether the typo reading of two tokens read as ``texts`` and ``others`` could reach
    ``MERGE_SIM``: it takes the edit similarity of two of them (with the Baltic -s off one
    side at a discount, ``texts_read`` has those forms too), and OSA's is never under
    Levenshtein's."""
    cutoff = MERGE_SIM - CUTOFF_MARGIN
    return any(
        OSA.normalized_similarity(a, b, score_cutoff=cutoff) >= cutoff
        for a in texts
        for b in others
    )


# the least edit similarity the typo reading credits with ``MIN_TOKEN_SIM``
EDIT_SIMILARITY: Final = least_edit_similarity(MIN_TOKEN_SIM)
KEYED_TEXT: Final = 11  # texts up to this long carry their deletions as keys (two at most)
# texts this long are scanned instead: a pair the deletion keys miss is a pair whose longer
# text is over ``KEYED_TEXT``, and its shorter then has at least this many letters
LONG_TEXT: Final = math.floor(EDIT_SIMILARITY * (KEYED_TEXT + 1))


def scanned_lengths(length: int, similarity: float = EDIT_SIMILARITY) -> range:
    """The lengths of the texts a text of ``length`` letters may be within ``similarity`` of
    (the typo reading's ``EDIT_SIMILARITY`` or more) where one of the two is too long for
    deletion keys."""
    shortest = math.ceil(similarity * length - 1e-9)
    longest = math.floor(length / similarity + 1e-9)
    if length <= KEYED_TEXT:
        shortest = KEYED_TEXT + 1
    return range(shortest, longest + 1)


def edit_keys(text: str) -> set[str]:
    """``text`` with every choice of as many letters deleted as the typo reading allows it
    (``EDIT_SIMILARITY``): two texts that many edits apart, each with its share of them
    undone, become one text, so they share a key (symmetric deletion). Longer texts have none
    (``LONG_TEXT``)."""
    if len(text) > KEYED_TEXT:
        return set()
    found = frontier = {text}
    for _ in range(int((1 - EDIT_SIMILARITY) * len(text))):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found = found | frontier
    return {"e:" + w for w in found}


MergeKeys = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def merge_keys(joined: NameToken) -> MergeKeys:
    """The keys ``Vocabulary.merge_partners`` looks a run written together up by: its exact
    keys, its skeletons' slips and its texts' deletions (``edit_keys``). Remembered for the
    last runs: a name searched by kind (people, organisations, vessels) looks the same runs up
    in each kind's vocabulary. ``joined`` is ``match.joined_token`` of its text, so its text
    and role are the whole of it."""
    memo_key = (joined.text, joined.role)
    known = _MERGE_KEYS.get(memo_key)
    if known is None:
        typos: set[str] = set()
        for text in texts_read(joined):
            typos.update(edit_keys(text))
        known = (tuple(_exact_keys(joined)), tuple(_slip_keys(joined)), tuple(typos))
        if len(_MERGE_KEYS) >= MERGE_KEYS_MEMO:
            _MERGE_KEYS.clear()
        _MERGE_KEYS[memo_key] = known
    return known


MERGE_KEYS_MEMO: Final = 20_000  # runs whose keys are remembered (a few names' worth suffice)
_MERGE_KEYS: Final[dict[tuple[str, TokenRole], MergeKeys]] = {}


def _add(table: dict[int, MatchedTotal], name_id: int, matched: float, total: float) -> None:
    known = table.get(name_id)
    table[name_id] = (matched, total) if known is None else (known[0] + matched, known[1] + total)


def run_keys(run: Sequence[NameToken]) -> set[str]:
    """Keys of tokens written together: their texts, their forms, and their skeletons joined
    as one word's would be (a later token's leading w or y inside the word, doubled symbols
    once: "Na Walna" / "Naualna", "Jon Yong" / "Jang", "Zaki-ur-Rehman" / "Zakir Rehman")."""
    keys = {"".join(t.text for t in run), "".join(t.form for t in run)}
    skeletons = [t.skeleton for t in run]
    if all(skeletons):
        tail = "".join(s[1:] if s[0] in "wy" else s for s in skeletons[1:])
        joined = collapse(skeletons[0] + tail)
        if joined not in skeletons:  # a part adding no consonant is no join (``match``)
            keys.add("s:" + joined)
    if all(len(t.text) > 1 for t in run):
        keys.add("a:" + "".join(t.text[0] for t in run))  # an acronym of the run
    return keys


def joined_keys(run: Sequence[NameToken]) -> set[str]:
    """Keys of a run as ``match.joined_runs`` reads it written together (``joined_token``),
    where that reading may differ from ``run_keys``: the alternative readings of an ambiguous
    letter ("Abdellah Ahmed Dit" read with its final t as a marbuta, as "عبدالحمید" is); the
    names a compound with a particle is of ("Abdullah al" / "لاهل"); and where a token of the
    other script may be the run with a consonant off — a compound written apart at its
    particle or article ("عبدالحمید" / "Abdoullah Ould", "مطیع الرحمن" / Matiurrehman), the
    one case in which a join takes one slip of the consonants — the slip keys of its
    consonants (``_slip_keys``). A query token's own skeletons, slip keys and compound cores
    find the run by them (``Vocabulary._single_joins``). Most runs have none of these, and
    are not read again."""
    joint = any(compound_joint(t) for t in run[1:])
    forms = "".join(t.form for t in run)
    cores = compound_cores_of(forms)
    if not (joint or cores or any(t.alternatives for t in run)):
        return set()
    joined = joined_token("".join(t.text for t in run))
    keys = {"s:" + skeleton for skeleton in joined.skeletons if skeleton}
    keys.update(cores, compound_cores_of(joined.form), (joined.form,))
    if joint and len(joined.skeleton) >= SLIP_SHORTEST:
        keys |= _skeleton_slips(joined.skeleton)
    return keys


def split_edits(length: int) -> int:
    """The most edits between a text of ``length`` letters and a run written together that the
    typo reading still finds ``MERGE_SIM`` alike: d ≤ (1 - MERGE_SIM) × the longer text, which
    is at most ``length`` + d."""
    return math.floor(length * (1 - MERGE_SIM) / MERGE_SIM + 1e-9)


def _anchor_edits(text: str) -> int:
    """The edits a listed token of a run may be from its piece of a text written together where
    no other token of the run is nearer (``Vocabulary._split_runs``): a quarter of its letters."""
    return len(text) // 4


def _split_texts(tok: NameToken) -> set[str]:
    """The texts of a query token the typo reading may hold against a run of listed tokens
    written together: its text, its forms (``texts_read``)."""
    return {tok.text, *texts_read(tok)}


def _run_positions(length: int) -> list[tuple[int, int]]:
    """Start and size of every run of two or three neighbouring positions."""
    return [(start, size) for size in (2, 3) for start in range(length - size + 1)]


def is_evidence(tok: NameToken) -> bool:
    """A token that identifies and has a skeleton to block on."""
    return tok.evidence and bool(tok.skeleton)


def may_partner(tok: NameToken) -> bool:
    """A particle or legal form that a query's name part may pair with: found by blocking as
    evidence is, though it weighs little and is no evidence ("Groupe Islamique" / ISLAMIC
    GROUP)."""
    return tok.role in (TokenRole.PARTICLE, TokenRole.ORG_TYPE) and bool(tok.skeleton)


def evidence_tokens(name: AnalysedName) -> list[NameToken]:
    return [t for t in name.tokens if is_evidence(t)]


def whole_key(name: AnalysedName) -> str | None:
    """The skeleton of the whole name, for names of two or more evidence tokens."""
    return "j:" + name.skeleton if len(evidence_tokens(name)) > 1 else None


@dataclass(slots=True)
class Reach:
    """What one query token reaches: similar vocabulary tokens and the names holding them."""

    similar: dict[int, float]  # vocabulary id → similarity to the query token
    # list-name id → what the token adds to bound 1's numerator and denominator there: itself
    # at its best similarity there and its best partner (the largest weight × similarity), the
    # partner counted at its lightest rather than left over, and the token no longer missing
    names: dict[int, tuple[float, float]]
    top: float  # the largest weight × similarity it gives any list name
    serial: int  # tells this token's reach apart from every other in the process
    # the names holding two tokens it may be, worked out for a query that gives it twice
    holding_two: set[int] | None = None


@dataclass
class Vocabulary:
    """The list names' tokens, each once, with what blocking and the bounds need."""

    rarity: TokenRarity
    tokens: list[NameToken] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    ids: dict[TokenId, int] = field(default_factory=dict)
    keys: dict[str, list[int]] = field(default_factory=dict)  # blocking key → vocabulary ids
    holders: list[list[int]] = field(default_factory=list)  # vocabulary id → list-name ids
    name_tokens: list[tuple[int, ...]] = field(default_factory=list)  # name → its scored tokens
    joined: list[str] = field(default_factory=list)  # name → its tokens' forms written together
    evidence_weight: list[float] = field(default_factory=list)  # name → its evidence weight
    evidence_ids: set[int] = field(default_factory=set)  # vocabulary ids of evidence tokens
    # ... and of the tokens blocking finds: evidence, and the particles and legal forms a
    # query's name part may pair with ("Groupe" / GROUP)
    keyed_ids: set[int] = field(default_factory=set)
    # the evidence tokens' texts of ``LONG_TEXT`` letters or more by length, with their
    # vocabulary ids: scanned for the pairs too long for deletion keys
    long_texts: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict)
    wholes: dict[str, list[int]] = field(default_factory=dict)  # whole-name skeleton → names
    # two or three neighbouring tokens of a name written together (texts, and forms) → the
    # names and the vocabulary ids of the run: what a query's single token may be joined from
    runs: dict[str, list[tuple[int, tuple[int, ...]]]] = field(default_factory=dict)
    # letter → (name id, vocabulary id) of listed people's initials ("Manuel J Torres")
    initials: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    stamp: int = field(init=False, default=-1)  # ``rarity.names`` when weights were taken
    _memo: dict[TokenId, Reach] = field(default_factory=dict, repr=False)
    _pairs: dict[tuple[int, int, float], NamesReached] = field(default_factory=dict, repr=False)
    _serial: int = field(default=0, repr=False)
    _surpluses: dict[tuple[int, float], tuple[dict[int, float], float]] = field(
        default_factory=dict, repr=False
    )
    _joins_memo: dict[TokenId, list[tuple[int, tuple[int, ...], float]]] = field(
        default_factory=dict, repr=False
    )
    _runs_memo: dict[tuple[TokenId, ...], list[tuple[int, float]]] = field(
        default_factory=dict, repr=False
    )
    _triples_memo: dict[tuple[TokenId, ...], list[tuple[int, float]]] = field(
        default_factory=dict, repr=False
    )
    # a query token against a run of listed tokens written together, and a listed token
    # against a run of query tokens: ``match.join_similarity``, remembered
    _query_single: dict[tuple[str, TokenRole, tuple[int, ...]], float] = field(
        default_factory=dict, repr=False
    )
    _listed_single: dict[tuple[int, tuple[TokenId, ...]], float] = field(
        default_factory=dict, repr=False
    )
    # a run of listed tokens → its text written together, sketched (``compare.token_sketch``):
    # what ``query_join`` first tests a query token against, without a memo of the pair
    _run_sketches: dict[tuple[int, ...], TokenSketch | None] = field(
        default_factory=dict, repr=False
    )
    # the keyed tokens of two or three letters by text and one deletion (``short_keys``)
    _short: dict[str, list[int]] | None = field(default=None, repr=False)
    _short_size: int = field(default=-1, repr=False)
    # a piece of a query token and the edits allowed → the tokens near it (``_near_pieces``)
    _pieces_memo: dict[tuple[str, int], frozenset[int]] = field(default_factory=dict, repr=False)
    # the long texts sorted by length (``by_length``)
    _by_length: tuple[list[str], list[int], list[int]] | None = field(default=None, repr=False)
    _by_length_size: int = field(default=-1, repr=False)
    # ``by_length`` by alphabet (``by_alphabet``)
    _by_alphabet: dict[int, tuple[list[str], list[int], list[int]]] | None = field(
        default=None, repr=False
    )
    _by_alphabet_size: int = field(default=-1, repr=False)
    # the slip keys by script (``cross_slips``)
    _cross_slips: dict[bool, tuple[dict[str, list[int]], frozenset[int]]] | None = field(
        default=None, repr=False
    )
    _cross_slips_size: int = field(default=-1, repr=False)
    # a listed token → the runs holding it by its offset in them (``runs_holding``)
    _around: dict[int, dict[int, list[tuple[str, tuple[int, ...], list[int]]]]] = field(
        default_factory=dict, repr=False
    )
    # the keyed tokens of this vocabulary and of the others searched beside it (the kinds of
    # listed party), for looking a query's runs written together up once for all of them
    # (``RunTable``); None: looked up in this vocabulary's own keys
    shared: RunTable | None = field(default=None, repr=False)
    shared_ids: dict[int, int] = field(default_factory=dict, repr=False)  # its id → ours
    shared_size: int = field(default=-1, repr=False)  # our tokens when it was built

    def __post_init__(self) -> None:
        self.stamp = self.rarity.names

    def add_name(self, name: AnalysedName, person: bool = True) -> None:
        """Index a list name; its initials are found by the name parts they may stand for. An
        organisation's single letters are more often words (Lashkar-e-Taiba, "y" in Spanish),
        but the score pairs them with a name part all the same ("Iadena" / Jaish-i-Mohammed),
        so the bounds count them alike whatever ``person`` says (kept for the callers)."""
        name_id = len(self.name_tokens)
        ids = []
        for tok in name.scored:
            vid = self._token_id(tok)
            ids.append(vid)
            holders = self.holders[vid]
            if vid in self.keyed_ids and (not holders or holders[-1] != name_id):
                holders.append(name_id)
            elif tok.role is TokenRole.INITIAL and tok.form:
                self.initials.setdefault(tok.form[0], []).append((name_id, vid))
        self.name_tokens.append(tuple(ids))
        self._add_runs(name_id, ids)
        self.joined.append(written_together(name.scored))
        self.evidence_weight.append(self._evidence_weight(ids))
        key = whole_key(name)
        if key is not None:
            self.wholes.setdefault(key, []).append(name_id)

    def _add_runs(self, name_id: int, ids: list[int]) -> None:
        for size in (2, 3):
            for start in range(len(ids) - size + 1):
                run = tuple(ids[start : start + size])
                tokens = tuple(self.tokens[v] for v in run)
                for key in run_keys(tokens) | joined_keys(tokens):
                    self.runs.setdefault(key, []).append((name_id, run))

    def joins(self, scored: tuple[NameToken, ...], weights: list[float]) -> dict[int, MatchedTotal]:
        """What a query's tokens may add to bound 1 by being written together where a list
        name writes them apart, or apart where it writes them together ("Wijijoko" / "Wiji
        Joko", "Bin Al Shibh" / "Binalshibh", "Na Walna" / "Naualna"): per name, the matched
        weight and the total as ``Reach.names`` has them, summed over the joins found. Joins
        are found by their texts, forms, skeletons and acronyms (``run_keys``) and scored as
        ``match.joined_runs`` scores them."""
        found: dict[int, MatchedTotal] = {}
        for i, tok in enumerate(scored):
            if is_evidence(tok):
                for name_id, run, sim in self._single_joins(tok):
                    self._credit_join(found, name_id, weights[i], run, sim)
        for start, size in _run_positions(len(scored)):
            own: float = sum(weights[start : start + size])
            for vid, sim in self._run_joins(scored[start : start + size]):
                for name_id in self.holders[vid]:
                    self._credit_join(found, name_id, own, (vid,), sim)
        return found

    def _single_joins(self, tok: NameToken) -> list[tuple[int, tuple[int, ...], float]]:
        """The listed runs a query token may be written together from, with the names holding
        them and the similarity (remembered per token)."""
        known = self._joins_memo.get((tok.text, tok.role))
        if known is None:
            keys = {tok.text, tok.form, "a:" + tok.text,
                    *("s:" + skeleton for skeleton in tok.skeletons),
                    *_slip_keys(tok), *compound_cores_of(tok.form)}  # fmt: skip
            by_run: dict[tuple[int, ...], list[int]] = {}
            for key in keys:
                for name_id, run in self.runs.get(key, ()):
                    by_run.setdefault(run, []).append(name_id)
            # a typo apart: the listed runs the token may be split into (``_split_runs``)
            for name_id, run in self._split_runs(tok):
                by_run.setdefault(run, []).append(name_id)
            known = []
            for run, name_ids in by_run.items():
                sim = join_similarity(tok, tuple(self.tokens[v] for v in run), True)
                if sim >= MERGE_SIM:
                    known.extend((name_id, run, sim) for name_id in set(name_ids))
            if len(self._joins_memo) >= TOKEN_MEMO:
                self._joins_memo.clear()
            self._joins_memo[(tok.text, tok.role)] = known
        return known

    def _split_runs(self, tok: NameToken) -> set[tuple[int, tuple[int, ...]]]:
        """The listed runs a query token may be written together from with a slip (the typo
        reading of ``match.join_similarity``: "Kimcholman" / "Kim Chol Nam"), found without
        keys for the runs themselves.

        A text ``MERGE_SIM`` alike to a run written together is ``d`` edits from it, ``d`` at
        most a quarter of the run's letters (``split_edits``: ``d`` ≤ 0.2 × the longer of the
        two, and the run has at least 0.8 × the text's letters). Split at the run's word
        boundaries, the text falls into pieces, one per listed token, whose edits from their
        tokens add up to ``d``; so one listed token is at most a quarter of its letters in
        edits from its piece (none for three letters or fewer, one for four to seven, two for
        eight to eleven); a middle token is that near alone only where each token beside it
        is a slip or more off, so it is within ``d - 2`` edits. Every piece of the text is
        looked up so (``_near_pieces``), and the runs holding a token found there, at about
        that offset,
        are kept where the run written together is within ``d`` edits of the text by length
        and letters (``match.join_similarity`` decides after). Not found: a run whose only
        such token is an initial (no blocking keys), and a run alike only by a swap of two
        letters across its word boundary."""
        found: set[tuple[int, tuple[int, ...]]] = set()
        for text in _split_texts(tok):
            most = split_edits(len(text))
            if most == 0:
                continue  # equal texts: the run's text is one of ``run_keys``
            length = len(text)
            for start in range(length):
                anchors: set[int] = set()
                for end in range(start + 1, length + 1):
                    if start == 0 or end == length:
                        anchors.update(self._near_pieces(text[start:end], most))
                    elif most >= 2:  # a middle token alone near: each end a slip or more off
                        anchors.update(self._near_pieces(text[start:end], most - 2))
                for vid in anchors:
                    self._runs_around(vid, start, text, most, found)
        return found

    def _near_pieces(self, piece: str, cap: int) -> frozenset[int]:
        """The keyed vocabulary tokens whose text is within a quarter of its letters in edits
        of ``piece`` (``_anchor_edits``), and ``cap`` at most: the piece's deletions (as many
        as such a token can be apart, a third of the piece's letters) against the tokens' keys
        (``edit_keys``, which carry as many), the short and respelled tokens' own
        (``short_keys``), and the scan of texts too long for keys."""
        cap = min(cap, len(piece) // 3)
        known = self._pieces_memo.get((piece, cap))
        if known is not None:
            return known
        variants = frontier = {piece}
        for _ in range(cap):
            frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
            variants = variants | frontier
        keys, short = self.keys, self.short_keys()
        found: set[int] = set()
        for variant in variants:
            found.update(keys.get("e:" + variant, ()))
            found.update(short.get(variant, ()))
        found.update(keys.get("f:" + piece, ()))
        if 4 * len(piece) >= 3 * (KEYED_TEXT + 1):  # a token too long for keys is near
            found.update(self.scan(joined_token(piece)))
        tokens, keyed = self.tokens, self.keyed_ids
        near: set[int] = set()
        for vid in found:
            text = tokens[vid].text
            edits = min(cap, _anchor_edits(text))
            if vid in keyed and OSA.distance(piece, text, score_cutoff=edits) <= edits:
                near.add(vid)
        if len(self._pieces_memo) >= PAIR_MEMO:
            self._pieces_memo.clear()
        known = self._pieces_memo[(piece, cap)] = frozenset(near)
        return known

    def short_keys(self) -> dict[str, list[int]]:
        """Keyed tokens whose deletion keys ``_near_pieces`` cannot find by their text: those
        of one to three letters (by the text itself) and those whose Latin form is another
        spelling ("mohammed" read "mohammad": by the text and its deletions, as ``edit_keys``
        takes them). Built on first use and published complete (another thread may screen
        with the same vocabulary)."""
        known = self._short
        if known is None or self._short_size != len(self.tokens):
            built: dict[str, list[int]] = {}
            tokens = self.tokens
            for vid in sorted(self.keyed_ids):
                text = tokens[vid].text
                if len(text) <= 3:
                    built.setdefault(text, []).append(vid)
                elif text not in texts_read(tokens[vid]):
                    for key in edit_keys(text):
                        built.setdefault(key[2:], []).append(vid)
            known = built
            self._short, self._short_size = built, len(self.tokens)
        return known

    def _runs_around(
        self, vid: int, start: int, text: str, most: int, found: set[tuple[int, tuple[int, ...]]]
    ) -> None:
        """Add to ``found`` the runs of two or three listed tokens holding ``vid`` at ``start``
        of ``text`` (its offset in the run written together within ``most`` of it: the pieces
        before take no more edits than that) whose texts written together are within ``most``
        edits of ``text``, lengths first."""
        table = self.runs_holding(vid)
        length = len(text)
        for offset in range(max(0, start - most), start + most + 1):
            for joined, run, name_ids in table.get(offset, ()):
                if abs(len(joined) - length) > most:
                    continue
                if Levenshtein.distance(joined, text, score_cutoff=most + 1) <= most + 1:
                    found.update((name_id, run) for name_id in name_ids)

    def runs_holding(self, vid: int) -> dict[int, list[tuple[str, tuple[int, ...], list[int]]]]:
        """The runs of two or three listed tokens that hold ``vid``, by the offset of its text
        in the run written together: the run's text, its tokens and the names holding it
        (remembered per token; built aside and published complete)."""
        known = self._around.get(vid)
        if known is None:
            tokens, name_tokens = self.tokens, self.name_tokens
            by_run: dict[tuple[int, ...], list[int]] = {}
            for name_id in self.holders[vid]:
                ids = name_tokens[name_id]
                for size in (2, 3):
                    for begin in range(len(ids) - size + 1):
                        run = ids[begin : begin + size]
                        if vid in run:
                            by_run.setdefault(run, []).append(name_id)
            built: dict[int, list[tuple[str, tuple[int, ...], list[int]]]] = {}
            for run, name_ids in by_run.items():
                texts = [tokens[v].text for v in run]
                joined = "".join(texts)
                offset = 0
                for v, part in zip(run, texts, strict=True):
                    if v == vid:
                        built.setdefault(offset, []).append((joined, run, name_ids))
                    offset += len(part)
            if len(self._around) >= TOKEN_MEMO:
                self._around.clear()
            known = self._around[vid] = built
        return known

    def _run_joins(self, run: tuple[NameToken, ...]) -> list[tuple[int, float]]:
        """The vocabulary tokens a run of query tokens written together may be, with the
        similarity (remembered per run)."""
        memo_key = tuple((t.text, t.role) for t in run)
        known = (self._runs_memo if len(run) < 3 else self._triples_memo).get(memo_key)
        if known is None:
            shared = self.shared
            if shared is None or self.shared_size != len(self.tokens):
                known = self.run_partners(run)
            else:
                known = shared.run_partners(run, self)
            # runs of three are kept apart: a population repeats its pairs of names far more
            # than its triples, and a memo filled with triples would be cleared of the pairs
            memo = self._runs_memo if len(run) < 3 else self._triples_memo
            if len(memo) >= PAIR_MEMO:
                memo.clear()
            memo[memo_key] = known
        return known

    def run_partners(self, run: tuple[NameToken, ...]) -> list[tuple[int, float]]:
        """The vocabulary tokens a run of query tokens written together may be, with the
        similarity (``_run_joins``, not remembered)."""
        keys = {"f:" + key[2:] if key[:2] == "a:" else key if key[:2] == "s:" else "f:" + key
                for key in run_keys(run)}  # fmt: skip
        found = {v for key in keys for v in self.keys.get(key, ())}
        # the run written together is compared as a token is (``match.join_similarity``),
        # a typo apart too ("Ahmad Iman" / "Ahmadian", "Nam Chong Gan" / "Namchongang")
        found.update(self.merge_partners(joined_token("".join(t.text for t in run))))
        known = []
        for vid in found:
            sim = join_similarity(self.tokens[vid], run, False)
            if sim >= MERGE_SIM:
                known.append((vid, sim))
        return known

    def query_join(self, tok: NameToken, run: tuple[int, ...]) -> float:
        """``match.join_similarity`` of a query token and the listed tokens ``run`` written
        together (remembered: a population's tokens meet the same listed runs over and over).
        Most pairs are 0 by ``_join_similarity``'s first test, against the run's sketch alone
        (kept per run): those are answered without building, looking up or keeping the pair."""
        if _out_of_reach(tok, len(run), self.run_sketch(run)):
            return 0.0
        key = (tok.text, tok.role, run)
        known = self._query_single.get(key)
        if known is None:
            if len(self._query_single) >= PAIR_MEMO:
                self._query_single.clear()
            listed = tuple(self.tokens[v] for v in run)
            known = self._query_single[key] = _join_similarity(tok, listed, True)
        return known

    def run_sketch(self, run: tuple[int, ...]) -> TokenSketch | None:
        """The listed tokens ``run`` written together, sketched (kept: a vocabulary's runs are
        few beside the query tokens held against them)."""
        sketches = self._run_sketches
        known = sketches.get(run)
        if known is None and run not in sketches:
            if len(sketches) >= PAIR_MEMO:
                sketches.clear()
            known = sketches[run] = token_sketch("".join(self.tokens[v].text for v in run))
        return known

    def listed_join(
        self, vid: int, run: tuple[NameToken, ...], run_id: tuple[TokenId, ...]
    ) -> float:
        """``match.join_similarity`` of the listed token ``vid`` and a run of query tokens
        written together (``run_id``: their texts and roles), remembered for runs of two (a
        population repeats its pairs of names, hardly ever a triple)."""
        if len(run) > 2:
            return _join_similarity(self.tokens[vid], run, False)
        key = (vid, run_id)
        known = self._listed_single.get(key)
        if known is None:
            if len(self._listed_single) >= PAIR_MEMO:
                self._listed_single.clear()
            known = self._listed_single[key] = _join_similarity(self.tokens[vid], run, False)
        return known

    def _credit_join(
        self,
        found: dict[int, MatchedTotal],
        name_id: int,
        own: float,
        run: tuple[int, ...],
        sim: float,
    ) -> None:
        """Add a join of query tokens weighing ``own`` with the listed tokens ``run`` to
        ``found``, as ``Reach.names`` adds a token and its partner."""
        listed: float = sum(self.weights[v] for v in run)
        matched = (own + listed) * sim
        _add(found, name_id, matched, own * (1 - QUERY_EXTRA) + (1 - LIST_EXTRA) * listed)

    def _token_id(self, tok: NameToken) -> int:
        vid = self.ids.get((tok.text, tok.role))
        if vid is None:
            vid = self.ids[(tok.text, tok.role)] = len(self.tokens)
            self.tokens.append(tok)
            self.weights.append(token_weight(tok, self.rarity))
            self.holders.append([])
            if is_evidence(tok):
                self.evidence_ids.add(vid)
            if is_evidence(tok) or may_partner(tok):
                self.keyed_ids.add(vid)
                for key in token_keys(tok):
                    self.keys.setdefault(key, []).append(vid)
                for text in texts_read(tok):
                    if len(text) >= LONG_TEXT:
                        texts, ids = self.long_texts.setdefault(len(text), ([], []))
                        texts.append(text)
                        ids.append(vid)
        return vid

    def lookup(self, tok: NameToken) -> set[int]:
        """The vocabulary tokens that share a blocking key with ``tok`` or are found by the
        scan of long texts: every keyed token ``token_similarity`` finds ``MIN_TOKEN_SIM``
        alike to it, and others."""
        found = self.scan(tok)
        keys = self.keys
        for key in token_keys(tok):
            found.update(keys.get(key, ()))
        return found

    def merge_partners(self, joined: NameToken) -> set[int]:
        """The keyed vocabulary tokens ``token_similarity`` may find ``MERGE_SIM`` alike or
        more to ``joined`` (a run of tokens written together): ``lookup`` narrowed to the
        readings that reach that far. Equal texts, forms, skeletons and compound cores, the
        tables' readings (``reading_keys``); one slip in a skeleton across scripts only
        (``ONE_SLIP`` leaves a slip in one script under ``MERGE_SIM``); a typo only where an
        edit similarity of ``MERGE_SIM`` holds between two texts read (the discount above
        ``TYPO_KNEE`` is none)."""
        keys, found = self.keys, set(self.scan(joined, MERGE_SIM))
        exact, slips, typos = merge_keys(joined)
        for key in exact:
            found.update(keys.get(key, ()))
        # a slip counts across scripts only: the other script's tokens, by the lengths of
        # their slip keys (a long run's keys are mostly longer than any of theirs)
        other, lengths = self.cross_slips()[joined.script is not Script.ARABIC]
        for key in slips:
            if len(key) in lengths:
                found.update(other.get(key, ()))
        texts = texts_read(joined)
        typed: set[int] = set()
        for key in typos:
            typed.update(keys.get(key, ()))
        for vid in typed.difference(found):
            if _typo_may_merge(texts, texts_read(self.tokens[vid])):
                found.add(vid)
        return found

    def prepare(self) -> None:
        """Build now what is otherwise built on first use (``by_length``, ``short_keys``,
        ``cross_slips``): a process about to fork screening workers shares these with every
        worker, where each would build its own."""
        self.by_alphabet()
        self.short_keys()
        if self.shared is None or self.shared_size != len(self.tokens):
            self.cross_slips()
        else:  # runs are looked up in the shared table, whose slips these are
            self.shared.table.cross_slips()

    def cross_slips(self) -> dict[bool, tuple[dict[str, list[int]], frozenset[int]]]:
        """The slip keys of ``keys`` (a skeleton with one symbol deleted) apart by script, for
        ``merge_partners``, which counts a slip across scripts only: for Arabic-script tokens
        (True) and the others (False), each key with the tokens holding it and the lengths of
        the keys. Built on first use and again when tokens were added; published complete
        (another thread may screen with the same vocabulary)."""
        known = self._cross_slips
        if known is None or self._cross_slips_size != len(self.tokens):
            by_script: dict[bool, dict[str, list[int]]] = {True: {}, False: {}}
            tokens = self.tokens
            for key, vids in self.keys.items():
                if key.startswith("d:"):
                    for vid in vids:
                        arabic = tokens[vid].script is Script.ARABIC
                        by_script[arabic].setdefault(key, []).append(vid)
            known = {
                arabic: (table, frozenset(len(key) for key in table))
                for arabic, table in by_script.items()
            }
            self._cross_slips, self._cross_slips_size = known, len(self.tokens)
        return known

    def scan(self, tok: NameToken, similarity: float = EDIT_SIMILARITY) -> set[int]:
        """The vocabulary tokens within ``similarity`` (edit similarity) of ``tok``'s texts
        that no deletion key finds: those where the longer of the two texts is over
        ``KEYED_TEXT`` letters."""
        found: set[int] = set()
        by_alphabet = self.by_alphabet()
        for text in texts_read(tok):
            # only the texts sharing a letter with it may be alike (the others are all edits
            # apart): a Perso-Arabic text is not compared with the Latin ones, nor the reverse
            texts, ids, starts = by_alphabet[_alphabet(text)]
            lengths = scanned_lengths(len(text), similarity)
            # every length of the range in one call: the texts are sorted by length
            first = starts[min(lengths.start, len(starts) - 1)]
            last = starts[min(lengths.stop, len(starts) - 1)]
            if first >= last:
                continue
            near = process.extract(text, texts[first:last], scorer=OSA.normalized_similarity,
                                   score_cutoff=similarity - CUTOFF_MARGIN,
                                   limit=None)  # fmt: skip
            found.update(ids[first + k] for _, _, k in near)
        return found

    def by_alphabet(self) -> dict[int, tuple[list[str], list[int], list[int]]]:
        """``by_length`` for a text of each alphabet (``_alphabet``): the texts it may share a
        letter with, in the same order, their ids and where each length starts. Built on first
        use and again when tokens were added; published complete (another thread may screen
        with the same vocabulary)."""
        known = self._by_alphabet
        if known is None or self._by_alphabet_size != len(self.tokens):
            texts, ids, starts = self.by_length()
            kinds = [_alphabet(text) for text in texts]
            built = {MIXED: (texts, ids, starts)}
            # an ASCII text shares a letter with texts holding one, a text without any ASCII
            # letter with texts holding another
            for alphabet, kept in ((ASCII, (ASCII, MIXED)), (NON_ASCII, (NON_ASCII, MIXED))):
                some: list[str] = []
                their_ids: list[int] = []
                their_starts: list[int] = []
                for length in range(len(starts) - 1):
                    their_starts.append(len(some))
                    for k in range(starts[length], starts[length + 1]):
                        if kinds[k] in kept:
                            some.append(texts[k])
                            their_ids.append(ids[k])
                their_starts.append(len(some))
                built[alphabet] = (some, their_ids, their_starts)
            known = self._by_alphabet = built
            self._by_alphabet_size = len(self.tokens)
        return known

    def by_length(self) -> tuple[list[str], list[int], list[int]]:
        """``long_texts`` as one list of texts sorted by length, their vocabulary ids, and where
        each length starts in it (the texts of ``n`` letters are ``starts[n]:starts[n + 1]``;
        the last entry is the end, for any longer). Built on first use and again when tokens
        were added; published complete (another thread may screen with the same vocabulary)."""
        known = self._by_length
        if known is None or self._by_length_size != len(self.tokens):
            texts: list[str] = []
            ids: list[int] = []
            starts: list[int] = []
            longest = max(self.long_texts, default=0)
            for length in range(longest + 1):
                starts.append(len(texts))
                these, their_ids = self.long_texts.get(length, ([], []))
                texts.extend(these)
                ids.extend(their_ids)
            starts.append(len(texts))
            known = self._by_length = (texts, ids, starts)
            self._by_length_size = len(self.tokens)
        return known

    def _evidence_weight(self, ids: Sequence[int]) -> float:
        return sum(self.weights[v] for v in ids if v in self.evidence_ids)

    def reweigh(self) -> None:
        """Take the weights again after the rarity counts changed (a population was added)."""
        self.weights = [token_weight(t, self.rarity) for t in self.tokens]
        self.stamp = self.rarity.names
        self.evidence_weight = [self._evidence_weight(ids) for ids in self.name_tokens]
        self._memo.clear()
        self._pairs.clear()
        self._surpluses.clear()

    def names_reached(self, a: Reach, b: Reach | None, floor: float) -> NamesReached:
        """The names holding a token ``a``'s query token may be and one ``b``'s may be (two
        tokens ``a``'s may be where ``b`` is ``a``; any where ``b`` is None), each with what
        the two add to bound 1's surplus at ``floor`` (``floor_surplus``) less the charge for
        the name's own evidence left over. Remembered: a population's names pair the same parts
        over and over."""
        serial = -1 if b is None else b.serial
        key = (a.serial, serial, floor) if a.serial <= serial else (serial, a.serial, floor)
        known = self._pairs.get(key)
        if known is None:
            if len(self._pairs) >= PAIR_MEMO:
                self._pairs.clear()
            if b is None:
                ids = tuple(a.names)
            elif b is a:
                ids = tuple(self.names_holding_two(a))
            else:
                ids = tuple(a.names.keys() & b.names.keys())
            evidence_weight = self.evidence_weight
            surpluses = tuple(
                floor_surplus(a.names[n], floor)
                + (0.0 if b is None else floor_surplus(b.names[n], floor))
                - floor * LIST_EXTRA * evidence_weight[n]
                for n in ids
            )  # fmt: skip
            known = self._pairs[key] = (ids, surpluses)
        return known

    def surpluses(self, reach: Reach, floor: float) -> tuple[dict[int, float], float]:
        """``floor_surplus`` of each name ``reach`` reaches, at ``floor``, and the largest of
        them (0 at least: what the token adds to a name at most, where it may add nothing)
        (remembered)."""
        key = (reach.serial, floor)
        known = self._surpluses.get(key)
        if known is None:
            if len(self._surpluses) >= SURPLUS_MEMO:
                self._surpluses.clear()
            table = {n: floor_surplus(there, floor) for n, there in reach.names.items()}
            known = self._surpluses[key] = (table, max(0.0, max(table.values(), default=0.0)))
        return known

    def names_holding_two(self, reach: Reach) -> set[int]:
        """The names holding two tokens ``reach``'s query token may be (remembered with it)."""
        if reach.holding_two is None:
            similar = reach.similar
            reach.holding_two = {
                name_id
                for name_id in reach.names
                if sum(1 for vid in self.name_tokens[name_id] if vid in similar) > 1
            }
        return reach.holding_two

    def reach(self, tok: NameToken) -> Reach:
        """The vocabulary tokens ``tok`` may be and the names holding them (memoised)."""
        known = self._memo.get((tok.text, tok.role))
        if known is not None:
            return known
        similar: dict[int, float] = {}
        for vid in self.lookup(tok):
            sim = token_similarity(tok, self.tokens[vid])[0]
            if sim >= MIN_TOKEN_SIM:
                similar[vid] = sim
        # list-name id → best similarity there, best weight × similarity, lightest weight
        partners: dict[int, tuple[float, float, float]] = {}
        for vid, sim in similar.items():
            weight = self.weights[vid]
            for name_id in self.holders[vid]:
                known_there = partners.get(name_id)
                if known_there is None:
                    partners[name_id] = (sim, weight * sim, weight)
                else:
                    best, credit, lightest = known_there
                    partners[name_id] = (max(best, sim), max(credit, weight * sim),
                                         min(lightest, weight))  # fmt: skip
        if tok.script is not Script.ARABIC and tok.form:
            # a name part pairs with a listed initial of its first letter ("Joanne" / "J")
            for name_id, vid in self.initials.get(tok.form[0], ()):
                weight = self.weights[vid]
                best, credit, lightest = partners.get(name_id, (0.0, 0.0, weight))
                partners[name_id] = (max(best, INITIAL), max(credit, weight * INITIAL),
                                     min(lightest, weight))  # fmt: skip
        own = token_weight(tok, self.rarity)
        names = {
            name_id: (own * best + credit, own + (1 - LIST_EXTRA) * lightest - QUERY_EXTRA * own)
            for name_id, (best, credit, lightest) in partners.items()
        }
        if len(self._memo) >= TOKEN_MEMO:
            self._memo.clear()
        top = max((credit for _, credit, _ in partners.values()), default=0.0)
        self._serial += 1
        known = self._memo[(tok.text, tok.role)] = Reach(similar, names, top, self._serial)
        return known


RECENT_RUNS: Final = 32  # runs a ``RunTable`` remembers at least: the last few names
# a run's keys looked up in a ``RunTable``: the run written together, the tokens its exact keys
# and slips find, and those its deletions find (kept if a typo reading may reach ``MERGE_SIM``)
KeyedRun = tuple[NameToken, tuple[int, ...], tuple[int, ...]]


class RunTable:
    """One table of blocking keys for the keyed tokens of several vocabularies (the kinds of
    listed party searched apart, ``parties.KindVocabularies``), for looking a query's runs
    written together up. A name searched as any party has each of its runs looked up in every
    kind's vocabulary; here its keys (the run's own, its exact keys, slips and deletions) are
    worked out and looked up once, and each vocabulary takes the tokens found that are its own,
    scans its own long texts and compares its own tokens, as it did on its own. A token's keys
    are its own (``token_keys``), so a vocabulary finds through the table exactly the tokens its
    own keys find; a name searched in one kind only costs about what it did."""

    def __init__(self, vocabularies: Sequence[Vocabulary]) -> None:
        # the runs looked up last, by their tokens (a vocabulary remembers its own by text and
        # role, but each kind reads the query apart): kept while the next ones fill up
        self._recent: dict[tuple[NameToken, ...], KeyedRun] = {}
        self._older: dict[tuple[NameToken, ...], KeyedRun] = {}
        # every vocabulary's keyed tokens, each once, with their keys: a vocabulary of no
        # names. The first vocabulary's tokens keep their ids here (its lists copied: it may
        # grow)
        first = vocabularies[0] if vocabularies else Vocabulary(TokenRarity())
        table = self.table = Vocabulary(first.rarity)
        table.tokens = list(first.tokens)
        table.keys = {key: vids.copy() for key, vids in first.keys.items()}
        ids = {first.tokens[vid]: vid for vid in first.keyed_ids}
        self._share(first, {vid: vid for vid in first.keyed_ids})
        for vocab in vocabularies[1:]:
            self._add(vocab, ids)

    def _add(self, vocab: Vocabulary, ids: dict[NameToken, int]) -> None:
        """Add the keyed tokens of ``vocab`` the table does not hold yet, with their keys (a
        token met before brought its own)."""
        table = self.table
        own: dict[int, int] = {}
        ours: dict[int, int] = {}  # the vocabulary's tokens new to the table → their id here
        for vid in sorted(vocab.keyed_ids):
            tok = vocab.tokens[vid]
            tid = ids.get(tok)
            if tid is None:
                tid = ids[tok] = len(table.tokens)
                table.tokens.append(tok)
                ours[vid] = tid
            own[tid] = vid
        keys = table.keys
        for key, vids in vocab.keys.items():
            new = [ours[vid] for vid in vids if vid in ours]
            if new:
                keys.setdefault(key, []).extend(new)
        self._share(vocab, own)

    def _share(self, vocab: Vocabulary, own: dict[int, int]) -> None:
        """Let ``vocab`` look its runs up here, ``own`` giving its id of each token here."""
        vocab.shared, vocab.shared_ids, vocab.shared_size = self, own, len(vocab.tokens)

    def run_partners(
        self, run: tuple[NameToken, ...], vocab: Vocabulary
    ) -> list[tuple[int, float]]:
        """``vocab.run_partners(run)``, its keys looked up here (remembered for the last runs):
        the tokens of ``vocab`` a run of query tokens written together may be, with the
        similarity."""
        joined, keyed, typed = self._keyed(run)
        own, tokens = vocab.shared_ids, vocab.tokens
        found = {own[tid] for tid in keyed if tid in own}
        found.update(vocab.scan(joined, MERGE_SIM))
        texts = texts_read(joined)
        for tid in typed:
            vid = own.get(tid)
            if vid is None or vid in found:
                continue
            if _typo_may_merge(texts, texts_read(tokens[vid])):
                found.add(vid)
        known = []
        for vid in found:
            sim = join_similarity(tokens[vid], run, False)
            if sim >= MERGE_SIM:
                known.append((vid, sim))
        return known

    def _keyed(self, run: tuple[NameToken, ...]) -> KeyedRun:
        """The run written together and the table's tokens its keys find: by its own keys
        (``run_keys``), its exact keys and its skeletons' slips across scripts, and apart, by its
        deletions (``Vocabulary.merge_partners``, but for the scan of long texts)."""
        known = self._recent.get(run)
        if known is None:
            known = self._older.get(run)
            if known is None:
                known = self._look_up(run)
            if len(self._recent) >= RECENT_RUNS:
                # the older half dropped whole: another thread may be reading either
                self._older, self._recent = self._recent, {}
            self._recent[run] = known
        return known

    def _look_up(self, run: tuple[NameToken, ...]) -> KeyedRun:
        table = self.table
        keys = table.keys
        joined = joined_token("".join(t.text for t in run))
        wanted = {"f:" + key[2:] if key[:2] == "a:" else key if key[:2] == "s:" else "f:" + key
                  for key in run_keys(run)}  # fmt: skip
        exact, slips, typos = merge_keys(joined)
        wanted.update(exact)
        found = {tid for key in wanted for tid in keys.get(key, ())}
        other, lengths = table.cross_slips()[joined.script is not Script.ARABIC]
        for key in slips:
            if len(key) in lengths:
                found.update(other.get(key, ()))
        typed: set[int] = set()
        for key in typos:
            typed.update(keys.get(key, ()))
        return joined, tuple(found), tuple(typed.difference(found))


def candidates(vocab: Vocabulary, query: AnalysedName, floor: float) -> list[int]:
    """List-name ids whose name score for ``query`` could reach ``floor``, best bound first."""
    if vocab.stamp != vocab.rarity.names:
        vocab.reweigh()
    scored = query.scored
    weights = [token_weight(t, vocab.rarity) for t in scored]
    by_position = {i: vocab.reach(t) for i, t in enumerate(scored) if is_evidence(t)}
    reaches = [(weights[i], reach) for i, reach in by_position.items()]
    bounds = Bounds(vocab, scored, weights, by_position, floor)
    spare, unreached = bounds.spare, bounds.unreached
    # each table's part of bound 1's surplus by name (``floor_surplus``), worked out once per
    # token and floor rather than once per name it reaches
    tables = [vocab.surpluses(reach, floor) for reach in by_position.values()]
    joined_table = {n: floor_surplus(there, floor) for n, there in bounds.joins.items()}
    tables.append((joined_table, max(0.0, max(joined_table.values(), default=0.0))))
    # names one token reaches alone (both positions its own) or two together, with surpluses
    pairs: list[tuple[NamesReached, int, int]] = []
    paired: set[tuple[int, int]] = set()  # two tokens' names are taken once
    for k in _essential(reaches, spare, unreached, floor):
        weight, reach = reaches[k]
        alone = weight + reach.top + spare
        if alone >= floor * (alone + QUERY_EXTRA * (unreached - weight)):
            pairs.append((vocab.names_reached(reach, None, floor), k, k))
            continue
        # not enough on its own: only names that hold another of the query's tokens too (the
        # same token twice counts: "Esmail Esmail" finds "Ismael Ismael")
        for other_k, (_, other) in enumerate(reaches[:MAX_PAIR_TOKENS]):
            pair = (min(id(reach), id(other)), max(id(reach), id(other)))
            if other_k == k or pair in paired:
                continue
            paired.add(pair)
            pairs.append((vocab.names_reached(reach, other, floor), k, other_k))
    if bounds.joins:
        joined_names = tuple(bounds.joins)
        join_surpluses = tuple(
            floor_surplus(bounds.joins[n], floor) - floor * LIST_EXTRA * vocab.evidence_weight[n]
            for n in joined_names
        )
        pairs.append(((joined_names, join_surpluses), len(reaches), len(reaches)))
    whole = whole_key(query)
    wholes = vocab.wholes.get(whole, []) if whole else []
    seen: set[int] = set(wholes)
    kept: list[tuple[float, int]] = [(2.0, name_id) for name_id in seen]
    # bound 1 as a surplus (matched less ``floor`` × total): a name has the surplus of the
    # tokens that reached it remembered and needs only the query's other tokens looked up;
    # what cannot reach 0 even so is left, the rest is checked in full
    base = spare - floor * bounds.missing
    failing: list[int] = []  # names bound 1 leaves out, for ``Bounds.rescue_all``
    for (ids, surpluses), k, j in pairs:
        others = [table for t, (table, _) in enumerate(tables) if t != k and t != j]
        # the most the other tokens can add to any name's surplus: a name whose own part
        # falls short even so is left out without looking them up, and a list of names that
        # all do is left out at once
        lift = sum(top for t, (_, top) in enumerate(tables) if t != k and t != j) + ROUNDING
        if not ids:
            continue
        if base + max(surpluses) + lift < -SURPLUS_TOLERANCE:
            fresh = set(ids).difference(seen)
            seen.update(fresh)
            failing.extend(fresh)
            continue
        # the ids stay Python objects: compiled (``aidtrace.compiled``), an ``int`` variable
        # would be made an object again for every lookup
        found_ids: Any = ids
        for i, name_id in enumerate(found_ids):
            if name_id in seen:
                continue
            seen.add(name_id)
            value = base + surpluses[i]
            if value + lift < -SURPLUS_TOLERANCE:
                failing.append(name_id)
                continue
            for table in others:
                surplus = table.get(name_id)
                if surplus is not None:
                    value += surplus
            if value >= -SURPLUS_TOLERANCE:
                bounds.keep_if_reaching(name_id, kept, failing)
            else:
                failing.append(name_id)
    bounds.rescue_all(failing, kept)
    kept.sort(reverse=True)
    return [name_id for _, name_id in kept]


SURPLUS_TOLERANCE: Final = 1e-9  # far above the rounding of a few sums, far below any weight
ROUNDING: Final = 1e-12  # what summing a few surpluses in another order may differ by
JOINED_SHORTEST: Final = 6  # ``match.joined_similarity`` is 0 for names written shorter


def floor_surplus(there: tuple[float, float], floor: float) -> float:
    """What a query token adds to bound 1 (``Reach.names``): its matched weight less ``floor``
    times what it adds to the total; a name can reach ``floor`` only where the surpluses and the
    query's own (spare weight less ``floor`` × every token left over) sum to 0 or more."""
    return there[0] - floor * there[1]


class Bounds:
    """One query's two bounds of the name score, for ``candidates`` to keep list names by."""

    def __init__(
        self,
        vocab: Vocabulary,
        scored: tuple[NameToken, ...],
        weights: list[float],
        reaches: dict[int, Reach],
        floor: float,
    ) -> None:
        self.vocab = vocab
        self.scored = scored
        self.weights = weights
        self.reaches = reaches  # query token position → what it reaches
        self.floor = floor
        self.tables = [reach.names for reach in reaches.values()]
        # the joins spelled alike, as one more table (added: what they credit is beside what
        # the tokens' own partners credit, and never negative)
        self.joins = vocab.joins(scored, weights)
        self.tables.append(self.joins)
        self.joined = written_together(scored)
        # a particle or the like may pair in full with a list token of its kind (weight ≤ 0.3),
        # an initial with a whole name (weight ≤ 1)
        self.spare: float = sum(
            w + (1.0 if t.role is TokenRole.INITIAL else SPARE_PARTNER)
            for t, w in zip(scored, weights, strict=True)
            if not is_evidence(t)
        )
        self.unreached: float = sum(weights[i] for i in reaches)
        self.missing = self.spare + QUERY_EXTRA * self.unreached  # every query token left over
        # a listed token against a run of three query tokens written together, by the token
        # and the run's start: remembered for this query only (``Vocabulary.listed_join``
        # does not keep triples, which hardly repeat from one name to the next)
        self.triple_joins: dict[tuple[int, int], float] = {}

    def keep_if_reaching(
        self, name_id: int, kept: list[tuple[float, int]], failing: list[int]
    ) -> None:
        """Add ``name_id`` to ``kept`` with its bound 2, where both bounds reach the floor (to
        ``failing`` where bound 1 does not)."""
        # bound 1: each reaching query token paired with its best partner there (two may pick
        # the same), the list's other evidence tokens left over
        matched = self.spare
        total = self.missing + LIST_EXTRA * self.vocab.evidence_weight[name_id]
        for table in self.tables:
            there = table.get(name_id)
            if there is not None:
                matched += there[0]
                total += there[1]
        if matched < self.floor * total:
            failing.append(name_id)
            return
        bound = self.pair_bound(name_id)
        if bound >= self.floor:
            kept.append((bound, name_id))

    def rescue_all(self, failing: list[int], kept: list[tuple[float, int]]) -> None:
        """``rescue`` every name of ``failing``. Above a floor of 0, only the names whose
        written-together form is within ``JOINED_FLOOR`` and ``floor`` of the query's are
        looked at one by one: found among them all in one call, which the edit similarity
        ``joined_similarity`` would need reaches (a population's names leave out dozens each)."""
        if self.floor <= 0.0:  # every name within the lengths is kept: none to pass over
            for name_id in failing:
                self.rescue(name_id, kept)
            return
        if len(self.joined) < JOINED_SHORTEST or not failing:
            return  # ``joined_similarity`` is 0 for every name
        listed = self.vocab.joined
        # 0.9 × s² ≥ floor needs an edit similarity s ≥ √(floor / 0.9), so at most (1 - s) ×
        # the longer length in edits, the longer being at most the query's length / s; counted
        # in whole edits with one to spare (the library's own similarity cut-off rounds), the
        # exact test being ``rescue``'s
        least = max(JOINED_FLOOR, math.sqrt(self.floor / JOINED_CEILING))
        edits = math.ceil((1 - least) * len(self.joined) / least) + 1
        near = process.extract(self.joined, [listed[n] for n in failing], processor=None,
                               scorer=Levenshtein.distance, score_cutoff=edits,
                               limit=None)  # fmt: skip
        for _, _, k in near:
            self.rescue(failing[k], kept)

    def rescue(self, name_id: int, kept: list[tuple[float, int]]) -> None:
        """Keep a name bound 1 leaves out where the two names written without spaces are alike
        enough to reach the floor (``match.joined_similarity``, which ``compare`` falls back on
        and bound 1 does not see)."""
        listed = self.vocab.joined[name_id]
        longer = max(len(listed), len(self.joined))
        if abs(len(listed) - len(self.joined)) > (1 - JOINED_FLOOR) * longer:
            return  # the lengths alone keep the two apart (``joined_similarity``)
        if joined_similarity(self.joined, listed) >= self.floor:
            bound = self.pair_bound(name_id)
            if bound >= self.floor:
                kept.append((bound, name_id))

    def pair_bound(self, name_id: int) -> float:
        """Bound 2: every token of both names credited with its best partner, as if the
        alignment were free. Two evidence tokens are as similar as blocking found them
        (``Reach.similar``, which holds every pair ``MIN_TOKEN_SIM`` alike); a pair with a
        particle, an initial or a legal form in it is compared in full (memoised). Where that
        falls short, for a name the query's joins reach (``Vocabulary.joins``), tokens are also
        credited with the runs of the other side's they may be written together as
        (``match.joined_runs``). A conflict is charged where it decides
        whether the bound reaches the floor."""
        vocab = self.vocab
        ids = vocab.name_tokens[name_id]
        best_q, best_list = self._partners(ids)
        bound, q_alone, l_alone = self._credit(ids, best_q, best_list)
        listed = tuple(vocab.tokens[vid] for vid in ids)
        if bound < self.floor and name_id in self.joins:
            joins = self._every_join(ids, listed)
            for sim, q_run, l_run in joins:
                for i in q_run:
                    best_q[i] = max(best_q[i], sim)
                for k in l_run:
                    best_list[k] = max(best_list[k], sim)
            if joins:
                bound, q_alone, l_alone = self._credit(ids, best_q, best_list)
        if bound >= self.floor and q_alone and l_alone:
            bound = self._conflict_bound(ids, listed, best_q, best_list, q_alone, l_alone)
        if bound < 1.0:
            bound = max(bound, joined_similarity(self.joined, vocab.joined[name_id]))
        return bound

    def _partners(self, ids: tuple[int, ...]) -> tuple[list[float], list[float]]:
        """Each query token's and each listed token's best similarity with a token of the
        other name (0 for none ``MIN_TOKEN_SIM`` alike)."""
        vocab, scored, reaches = self.vocab, self.scored, self.reaches
        # the ids as Python objects too: compiled (``aidtrace.compiled``), an ``int`` would be
        # made an object again for every lookup
        boxed: Any = ids
        best_q = [0.0] * len(scored)
        best_list = [0.0] * len(ids)
        evidence_ids = vocab.evidence_ids
        listed_evidence = [boxed[k] in evidence_ids for k in range(len(ids))]
        for i, q_tok in enumerate(scored):
            reach = reaches.get(i)
            best = 0.0
            for k, vid in enumerate(ids):
                if reach is not None and listed_evidence[k]:
                    sim = reach.similar.get(boxed[k], 0.0)
                else:
                    sim = token_similarity(q_tok, vocab.tokens[vid])[0]
                    if sim < MIN_TOKEN_SIM:
                        continue
                if sim > best:
                    best = sim
                if sim > best_list[k]:
                    best_list[k] = sim
            best_q[i] = best
        return best_q, best_list

    def _credit(
        self, ids: tuple[int, ...], best_q: list[float], best_list: list[float]
    ) -> tuple[float, list[int], list[int]]:
        """The bound with each token credited at its best similarity, and the positions of
        the query's and the listed name's tokens with no partner (left over whatever the
        alignment)."""
        weights, list_weights = self.weights, self.vocab.weights
        matched = total = 0.0
        q_alone: list[int] = []
        for i, best in enumerate(best_q):
            if best:
                matched += weights[i] * best
                total += weights[i]
            else:
                q_alone.append(i)
                total += QUERY_EXTRA * weights[i]
        l_alone: list[int] = []
        for k, best in enumerate(best_list):
            weight = list_weights[ids[k]]
            if best:
                matched += weight * best
                total += weight
            else:
                l_alone.append(k)
                total += LIST_EXTRA * weight
        return (matched / total if total else 0.0), q_alone, l_alone

    def _conflict_bound(
        self,
        ids: tuple[int, ...],
        listed: tuple[NameToken, ...],
        best_q: list[float],
        best_list: list[float],
        q_alone: list[int],
        l_alone: list[int],
    ) -> float:
        """The bound with the parts left over on both sides charged as the conflict
        ``match.compare`` will find, where they are one (``_conflict``) and no join may still
        pair them (``match.may_join``)."""
        vocab, scored = self.vocab, self.scored
        q_left = [scored[i] for i in q_alone]
        l_left = [vocab.tokens[ids[k]] for k in l_alone]
        bound, _, _ = self._credit(ids, best_q, best_list)
        if not _conflict(q_left, l_left):
            return bound
        matched: float = sum(w * b for w, b in zip(self.weights, best_q, strict=True))
        matched += sum(vocab.weights[v] * b for v, b in zip(ids, best_list, strict=True))
        total: float = sum(w for w, b in zip(self.weights, best_q, strict=True) if b)
        total += sum(vocab.weights[v] for v, b in zip(ids, best_list, strict=True) if b)
        total += QUERY_CONFLICT * conflict_weights(q_left, vocab.rarity)
        total += LIST_CONFLICT * conflict_weights(l_left, vocab.rarity)
        if matched < self.floor * total and not self._may_join(ids, listed, q_alone, l_alone):
            return matched / total
        return bound

    def _every_join(
        self, ids: tuple[int, ...], listed: tuple[NameToken, ...]
    ) -> list[tuple[float, tuple[int, ...], tuple[int, ...]]]:
        """``match.every_join`` of the query and the listed name ``ids``: similarity, query
        positions and listed positions of each join reaching ``MERGE_SIM``."""
        scored = self.scored
        if len(scored) < 2 or len(ids) < 2:  # a name of one token: its acronyms are read apart
            return [(sim, q_run, l_run) for sim, q_run, l_run, _ in every_join(scored, listed)]
        return self._joins_touching(ids, range(len(scored)), range(len(ids)), None)

    def _may_join(
        self,
        ids: tuple[int, ...],
        listed: tuple[NameToken, ...],
        q_alone: list[int],
        l_alone: list[int],
    ) -> bool:
        """``match.may_join`` of the query and the listed name ``ids``, by the remembered
        joins of their tokens."""
        scored = self.scored
        if len(scored) < 2 or len(ids) < 2:
            return may_join(scored, listed, q_alone, l_alone)
        return bool(self._joins_touching(ids, q_alone, l_alone, (set(q_alone), set(l_alone))))

    def _joins_touching(
        self,
        ids: tuple[int, ...],
        q_singles: Sequence[int],
        l_singles: Sequence[int],
        touching: tuple[set[int], set[int]] | None,
    ) -> list[tuple[float, tuple[int, ...], tuple[int, ...]]]:
        """Each query token of ``q_singles`` against each run of two or three listed tokens,
        and each listed token of ``l_singles`` against each run of query tokens, that reach
        ``MERGE_SIM`` (``match._joins``; with ``touching``, only runs taking in one of its
        query or listed positions, and the first found). ``match.join_similarity`` gives what
        ``match.joined_runs`` finds wherever either reaches ``MERGE_SIM``: for two names of
        two tokens or more, a run's two-letter acronym is read alike by both."""
        vocab, scored = self.vocab, self.scored
        found: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
        for start, size in _run_positions(len(ids)):
            l_run = tuple(range(start, start + size))
            if touching is not None and touching[1].isdisjoint(l_run):
                continue
            run = ids[start : start + size]
            for i in q_singles:
                sim = vocab.query_join(scored[i], run)
                if sim >= MERGE_SIM:
                    found.append((sim, (i,), l_run))
                    if touching is not None:
                        return found
        for start, size in _run_positions(len(scored)):
            q_run = tuple(range(start, start + size))
            if touching is not None and touching[0].isdisjoint(q_run):
                continue
            q_tokens = scored[start : start + size]
            run_id = tuple((t.text, t.role) for t in q_tokens)
            sketch = token_sketch("".join(t.text for t in q_tokens))
            for k in l_singles:
                if _out_of_reach(vocab.tokens[ids[k]], size, sketch):
                    continue  # 0 by ``_join_similarity``'s first test: nothing to look up
                if size > 2:
                    memo_key = (ids[k], start)
                    known = self.triple_joins.get(memo_key)
                    if known is None:
                        known = self.triple_joins[memo_key] = vocab.listed_join(
                            ids[k], q_tokens, run_id
                        )
                    sim = known
                else:
                    sim = vocab.listed_join(ids[k], q_tokens, run_id)
                if sim >= MERGE_SIM:
                    found.append((sim, q_run, (k,)))
                    if touching is not None:
                        return found
        return found


ASCII: Final = 1  # a text of ASCII letters only
NON_ASCII: Final = 2  # a text without any
MIXED: Final = 0  # a text with both


def _alphabet(text: str) -> int:
    """Whether ``text`` is written in ASCII, without it, or with both: two texts sharing no
    letter are as many edits apart as the longer has letters, alike in nothing."""
    if text.isascii():
        return ASCII
    if any(letter.isascii() for letter in text):
        return MIXED
    return NON_ASCII


def _essential(
    reaches: list[tuple[float, Reach]], spare: float, evidence: float, floor: float
) -> list[int]:
    """The query tokens (positions in ``reaches``) that must make candidates: a list name
    reached only through the others could not reach ``floor`` even if it held nothing else (the
    largest set of least telling tokens whose bound stays under the floor is left out; they
    still count in the bounds)."""
    ordered = sorted(range(len(reaches)), key=lambda k: reaches[k][0] + reaches[k][1].top)
    credit, left = spare, evidence
    for n, k in enumerate(ordered):
        weight, reach = reaches[k]
        credit += weight + reach.top
        left -= weight
        if credit >= floor * (credit + QUERY_EXTRA * left):
            return ordered[n:]
    return []


def _conflict(q_left: list[NameToken], l_left: list[NameToken]) -> bool:
    """A name part on each side with no partner: ``match.compare`` calls that a conflict and
    charges every part left over more. Parts that blocking did not pair but that are alike
    all the same (Juan/Quan in Wade–Giles) are no proof of one."""
    q_names = [t for t in q_left if t.evidence]
    l_names = [t for t in l_left if t.evidence]
    if not q_names or not l_names:
        return False
    return all(token_similarity(q, t)[0] < MIN_TOKEN_SIM for q in q_names for t in l_names)


def _join_similarity(single: NameToken, run: tuple[NameToken, ...], single_is_query: bool) -> float:
    """``match.join_similarity``, 0 at once where neither reading of it can give more: the run
    written together is out of the token's reach (``may_reach_sketch``, remembered per text)
    and the token is not as long as the run, as an acronym of it would be."""
    # the sketch only where the lengths differ: an acronym's pairs need none
    joined = "".join(t.text for t in run) if len(single.text) != len(run) else ""
    if joined and _out_of_reach(single, len(run), token_sketch(joined)):
        return 0.0
    return join_similarity(single, run, single_is_query)


def _out_of_reach(single: NameToken, size: int, sketch: TokenSketch | None) -> bool:
    """``_join_similarity``'s first test: a run of ``size`` tokens written together
    (``sketch``) that the token cannot reach, and that it is not as long as, as an acronym of
    the run would be, is 0 to it."""
    return len(single.text) != size and not may_reach_sketch(single, sketch, MERGE_SIM)
