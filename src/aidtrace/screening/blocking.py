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
  a sum over the query's tokens (``slack``), and the names one token reaches, or two together,
  are remembered with those tokens' part of it (``Vocabulary.both``): a candidate needs only the
  query's other tokens looked up before it is checked in full;
- bound 2, for the few that pass: every token of both names credited with its best partner, as
  if the alignment were free (evidence tokens as blocking found them, particles, initials and
  legal forms by ``token_similarity``); where each side has a name part with no partner at all,
  not even written together with its neighbours, the parts left over are charged as the
  conflict ``match.compare`` will find ("Mohammad Gul Zazai" / "Mohammad Gul Ahmadzai Khan").

Only names whose bounds reach the floor are scored in full, and a name that is scored is scored
exactly as without the index (tested against exhaustive scoring). What the bounds may leave out:
a match carried by two name tokens that share no blocking key, or by
joining two split tokens ("Khudai Rahim" / "خدایرحیم") while the other tokens fall short —
such a name is still scored when the skeleton of the whole name matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.match import (
    LIST_CONFLICT,
    LIST_EXTRA,
    MIN_TOKEN_SIM,
    QUERY_CONFLICT,
    QUERY_EXTRA,
    conflict_weights,
    joined_similarity,
    may_join,
    token_weight,
    written_together,
)
from aidtrace.screening.similarity import INITIAL, compound_cores_of, token_similarity

MAX_PAIR_TOKENS: Final = 8  # a token is paired with at most this many others of the query
SPARE_PARTNER: Final = 0.3  # the largest role weight of a particle, legal form or initial
TOKEN_MEMO: Final = 200_000  # query tokens remembered (with what they reach) across a batch
PAIR_MEMO: Final = 200_000  # query tokens, alone and in pairs, remembered with their names

TokenId = tuple[str, TokenRole]
Both = tuple[tuple[int, ...], tuple[float, ...]]  # names query tokens reach, with slacks


def token_keys(token: NameToken) -> set[str]:
    keys = {"s:" + s for s in token.skeletons if s}
    for skeleton in token.skeletons:
        if len(skeleton) >= 4:
            keys.update("d:" + skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton)))
    keys.add("f:" + token.form)
    if len(token.form) >= 5:
        keys.add("x:" + token.form[:4])
    keys.update("f:" + core for core in compound_cores_of(token.form))
    return keys


def is_evidence(tok: NameToken) -> bool:
    """A token that identifies and has a skeleton to block on."""
    return tok.evidence and bool(tok.skeleton)


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
    twice: set[int] | None = None


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
    wholes: dict[str, list[int]] = field(default_factory=dict)  # whole-name skeleton → names
    # letter → (name id, vocabulary id) of listed people's initials ("Manuel J Torres")
    initials: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    stamp: int = field(init=False, default=-1)  # ``rarity.names`` when weights were taken
    _memo: dict[TokenId, Reach] = field(default_factory=dict, repr=False)
    _pairs: dict[tuple[int, int, float], Both] = field(default_factory=dict, repr=False)
    _serial: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        self.stamp = self.rarity.names

    def add_name(self, name: AnalysedName, person: bool = True) -> None:
        """Index a list name; a person's initials are found by the name parts they stand for
        (an organisation's single letters are words: Lashkar-e-Taiba, "y" in Spanish)."""
        name_id = len(self.name_tokens)
        ids = []
        for tok in name.scored:
            vid = self._token_id(tok)
            ids.append(vid)
            holders = self.holders[vid]
            if vid in self.evidence_ids and (not holders or holders[-1] != name_id):
                holders.append(name_id)
            elif person and tok.role is TokenRole.INITIAL and tok.form:
                self.initials.setdefault(tok.form[0], []).append((name_id, vid))
        self.name_tokens.append(tuple(ids))
        self.joined.append(written_together(name.scored))
        self.evidence_weight.append(self._evidence_weight(ids))
        key = whole_key(name)
        if key is not None:
            self.wholes.setdefault(key, []).append(name_id)

    def _token_id(self, tok: NameToken) -> int:
        vid = self.ids.get((tok.text, tok.role))
        if vid is None:
            vid = self.ids[(tok.text, tok.role)] = len(self.tokens)
            self.tokens.append(tok)
            self.weights.append(token_weight(tok, self.rarity))
            self.holders.append([])
            if is_evidence(tok):
                self.evidence_ids.add(vid)
                for key in token_keys(tok):
                    self.keys.setdefault(key, []).append(vid)
        return vid

    def _evidence_weight(self, ids: Sequence[int]) -> float:
        return sum(self.weights[v] for v in ids if v in self.evidence_ids)

    def reweigh(self) -> None:
        """Take the weights again after the rarity counts changed (a population was added)."""
        self.weights = [token_weight(t, self.rarity) for t in self.tokens]
        self.stamp = self.rarity.names
        self.evidence_weight = [self._evidence_weight(ids) for ids in self.name_tokens]
        self._memo.clear()
        self._pairs.clear()

    def both(self, a: Reach, b: Reach | None, floor: float) -> Both:
        """The names holding a token ``a``'s query token may be and one ``b``'s may be (two
        tokens ``a``'s may be where ``b`` is ``a``; any where ``b`` is None), each with what
        the two add to bound 1's slack at ``floor`` (``slack``) less the charge for the name's
        own evidence left over. Remembered: a population's names pair the same parts over and
        over."""
        serial = -1 if b is None else b.serial
        key = (a.serial, serial, floor) if a.serial <= serial else (serial, a.serial, floor)
        known = self._pairs.get(key)
        if known is None:
            if len(self._pairs) >= PAIR_MEMO:
                self._pairs.clear()
            if b is None:
                ids = tuple(a.names)
            elif b is a:
                ids = tuple(self.twice(a))
            else:
                ids = tuple(a.names.keys() & b.names.keys())
            evidence_weight = self.evidence_weight
            slacks = tuple(
                slack(a.names[n], floor) + (0.0 if b is None else slack(b.names[n], floor))
                - floor * LIST_EXTRA * evidence_weight[n]
                for n in ids
            )  # fmt: skip
            known = self._pairs[key] = (ids, slacks)
        return known

    def twice(self, reach: Reach) -> set[int]:
        """The names holding two tokens ``reach``'s query token may be (remembered with it)."""
        if reach.twice is None:
            similar = reach.similar
            reach.twice = {
                name_id
                for name_id in reach.names
                if sum(1 for vid in self.name_tokens[name_id] if vid in similar) > 1
            }
        return reach.twice

    def reach(self, tok: NameToken) -> Reach:
        """The vocabulary tokens ``tok`` may be and the names holding them (memoised)."""
        known = self._memo.get((tok.text, tok.role))
        if known is not None:
            return known
        similar: dict[int, float] = {}
        for key in token_keys(tok):
            for vid in self.keys.get(key, ()):
                if vid not in similar:
                    similar[vid] = token_similarity(tok, self.tokens[vid])[0]
        similar = {v: sim for v, sim in similar.items() if sim >= MIN_TOKEN_SIM}
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


def candidates(vocab: Vocabulary, query: AnalysedName, floor: float) -> list[int]:
    """List-name ids whose name score for ``query`` could reach ``floor``, best bound first."""
    if vocab.stamp != vocab.rarity.names:
        vocab.reweigh()
    scored = query.scored
    weights = [token_weight(t, vocab.rarity) for t in scored]
    by_position = {i: vocab.reach(t) for i, t in enumerate(scored) if is_evidence(t)}
    reaches = [(weights[i], reach) for i, reach in by_position.items()]
    bounds = Bounds(vocab, scored, weights, by_position, floor)
    spare, unreached, tables = bounds.spare, bounds.unreached, bounds.tables
    # names one token reaches alone (both positions its own) or two together, with slacks
    pairs: list[tuple[Both, int, int]] = []
    paired: set[tuple[int, int]] = set()  # two tokens' names are taken once
    for k in _essential(reaches, spare, unreached, floor):
        weight, reach = reaches[k]
        alone = weight + reach.top + spare
        if alone >= floor * (alone + QUERY_EXTRA * (unreached - weight)):
            pairs.append((vocab.both(reach, None, floor), k, k))
            continue
        # not enough on its own: only names that hold another of the query's tokens too (the
        # same token twice counts: "Esmail Esmail" finds "Ismael Ismael")
        for other_k, (_, other) in enumerate(reaches[:MAX_PAIR_TOKENS]):
            pair = (min(id(reach), id(other)), max(id(reach), id(other)))
            if other_k == k or pair in paired:
                continue
            paired.add(pair)
            pairs.append((vocab.both(reach, other, floor), k, other_k))
    whole = whole_key(query)
    wholes = vocab.wholes.get(whole, []) if whole else []
    seen: set[int] = set(wholes)
    kept: list[tuple[float, int]] = [(2.0, name_id) for name_id in seen]
    # bound 1 in slack form (matched less ``floor`` × total): a name has the slack of the
    # tokens that reached it remembered and needs only the query's other tokens looked up;
    # what cannot reach 0 even so is left, the rest is checked in full
    base = spare - floor * bounds.missing
    for (ids, slacks), k, j in pairs:
        others = [table for t, table in enumerate(tables) if t != k and t != j]
        # the ids stay Python objects: compiled (``aidtrace.compiled``), an ``int`` variable
        # would be made an object again for every lookup
        found_ids: Any = ids
        for i, name_id in enumerate(found_ids):
            if name_id in seen:
                continue
            seen.add(name_id)
            value = base + slacks[i]
            for table in others:
                there = table.get(name_id)
                if there is not None:
                    value += slack(there, floor)
            if value >= -SLACK_TOLERANCE:
                bounds.keep(name_id, kept)
    kept.sort(reverse=True)
    return [name_id for _, name_id in kept]


SLACK_TOLERANCE: Final = 1e-9  # far above the rounding of a few sums, far below any weight


def slack(there: tuple[float, float], floor: float) -> float:
    """What a query token adds to bound 1 (``Reach.names``): its matched weight less ``floor``
    times what it adds to the total; a name can reach ``floor`` only where the slacks and the
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

    def keep(self, name_id: int, kept: list[tuple[float, int]]) -> None:
        """Add ``name_id`` to ``kept`` with its bound 2, where both bounds reach the floor."""
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
            return
        bound = self.pair_bound(name_id)
        if bound >= self.floor:
            kept.append((bound, name_id))

    def pair_bound(self, name_id: int) -> float:
        """Bound 2: every token of both names credited with its best partner, as if the
        alignment were free. Two evidence tokens are as similar as blocking found them
        (``Reach.similar``: a pair sharing no key counts as different); a pair with a particle,
        an initial or a legal form in it is compared in full (memoised). A conflict is charged
        where it decides whether the bound reaches the floor."""
        vocab, scored, weights, reaches = self.vocab, self.scored, self.weights, self.reaches
        floor = self.floor
        ids = vocab.name_tokens[name_id]
        # the ids as Python objects too: compiled (``aidtrace.compiled``), an ``int`` would be
        # made an object again for every lookup
        boxed: Any = ids
        best_list = [0.0] * len(ids)
        matched = total = 0.0
        evidence_ids = vocab.evidence_ids
        listed_evidence = [boxed[k] in evidence_ids for k in range(len(ids))]
        # query tokens with no partner at all: left over whatever the alignment
        q_alone: list[int] = []
        for i, q_tok in enumerate(scored):
            q_weight = weights[i]
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
            if best:
                matched += q_weight * best
                total += q_weight
            else:
                q_alone.append(i)
        l_alone = [k for k, best in enumerate(best_list) if not best]
        for k, vid in enumerate(ids):
            if best_list[k]:
                matched += vocab.weights[vid] * best_list[k]
                total += vocab.weights[vid]
        q_left = [scored[i] for i in q_alone]
        l_left = [vocab.tokens[ids[k]] for k in l_alone]
        plain = total + QUERY_EXTRA * sum(weights[i] for i in q_alone)
        plain += LIST_EXTRA * sum(vocab.weights[ids[k]] for k in l_alone)
        bound = matched / plain if plain else 0.0
        if bound >= floor and _conflict(q_left, l_left):
            total += QUERY_CONFLICT * conflict_weights(q_left, vocab.rarity)
            total += LIST_CONFLICT * conflict_weights(l_left, vocab.rarity)
            listed = tuple(vocab.tokens[vid] for vid in ids)
            if matched < floor * total and not may_join(scored, listed, q_alone, l_alone):
                bound = matched / total
        if bound < 1.0:
            bound = max(bound, joined_similarity(self.joined, vocab.joined[name_id]))
        return bound


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
