"""Token similarity (transpositions, given names, Chinese romanisations) and the disagreements
the name comparison reads from leftovers (initials, compounds)."""

from __future__ import annotations

import itertools
import random

import pytest

from aidtrace.names import TokenRarity, TokenRole, analyse
from aidtrace.names.analyze import make_token
from aidtrace.names.arabic import arabic_skeletons, is_arabic_script
from aidtrace.names.arabic import shortest_skeleton as arabic_shortest
from aidtrace.names.compare import may_reach, may_reach_sketch, token_similarity, token_sketch
from aidtrace.names.model import NameToken
from aidtrace.names.skeleton import latin_skeletons
from aidtrace.names.skeleton import shortest_skeleton as latin_shortest
from aidtrace.screening import ScreeningIndex
from aidtrace.screening.match import MERGE_SIM, compare

NO_RARITY = TokenRarity()


def _similarity(a: str, b: str) -> tuple[float, str]:
    return token_similarity(make_token(a, TokenRole.NAME), make_token(b, TokenRole.NAME))


@pytest.mark.parametrize(
    ("a", "b", "how", "at_least"),
    [
        ("marcon", "macron", "typo", 0.8),  # two letters swapped: one slip
        ("ted", "theodore", "given name", 0.85),
        ("bill", "william", "given name", 0.85),
        ("hsi", "xi", "romanisation", 0.9),
        ("tsetung", "zedong", "romanisation", 0.9),
        ("corporation", "company", "variant", 0.9),  # generic words for a company
        ("lavrovs", "lavrov", "typo", 0.95),  # a Latvian nominative -s
        ("sergejs", "sergey", "typo", 0.75),  # ... on a Latvian spelling
    ],
)
def test_token_agreement(a: str, b: str, how: str, at_least: float) -> None:
    for similarity, found in (_similarity(a, b), _similarity(b, a)):
        assert found == how
        assert similarity >= at_least


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("olga", "oleg"),
        ("frederick", "friedrich"),
        ("tina", "dina"),
    ],
)
def test_token_disagreement(a: str, b: str) -> None:
    assert _similarity(a, b)[1] not in ("given name", "romanisation")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("abdurrahim", "abdurrahman"),  # one skeleton slip apart, but Rahim is not Rahman
        ("oleksandr", "oleksandrovych"),  # a given name against a father's name
    ],
)
def test_alike_but_different_parts(a: str, b: str) -> None:
    assert _similarity(a, b)[0] < 0.6


def test_compound_with_a_spelling_variant_core_still_agrees() -> None:
    assert _similarity("abdulrahman", "abdulrehman")[0] >= 0.9


@pytest.mark.parametrize(
    ("query", "listed", "at_least"),
    [
        ("Ted Doe", "Theodore Doe", 0.85),
        ("Bibi Netanyahu", "Benjamin Netanyahu", 0.85),
        ("Hsi Chin-ping", "Xi Jinping", 0.85),  # split syllables joined against one token
        ("Mao Tse-tung", "Mao Zedong", 0.85),
        ("Emmanuel Marcon", "Emmanuel Macron", 0.85),
        ("JC Juncker", "Jean-Claude Juncker", 0.85),  # initials written as one token
        ("Sergejs Lavrovs", "Sergey Lavrov", 0.85),
        # a damaged "الله" left over is where the compound's -ullah went: no rival name
        ("محمد الل مطيع", "Mohammadullah Mati", 0.75),  # as a conflict: 0.6
        # the particle that stands for the rival name part is elsewhere: still the person
        ("Abdul Haqqani Manan Mohammad Ishak", "Abdul Manan Mohammad Ishak", 0.7),
    ],
)
def test_names_agree(query: str, listed: str, at_least: float) -> None:
    assert compare(analyse(query), analyse(listed), NO_RARITY).score >= at_least


@pytest.mark.parametrize(
    ("query", "listed", "below"),
    [
        # read as mere leftovers these scored 0.87, 0.93, 0.84 and 0.89
        ("Hans O Friedrich", "Hans Joachim Friedrich", 0.75),  # an initial against a name
        ("William G Frost", "William W Frost", 0.85),  # two different middle initials
        ("Atiqullah Abdul Mohammad", "Atiqullah Wali Mohammad", 0.75),  # "Abdul" for "Wali"
        ("Nik Mohammad Abdul Mohammad", "Nik Mohammad Dost Mohammad", 0.82),
    ],
)
def test_hidden_conflicts_cost(query: str, listed: str, below: float) -> None:
    assert compare(analyse(query), analyse(listed), NO_RARITY).score < below


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hans Friedrich", "Hans J Friedrich"),  # an initial only one side has
        ("Mohammad Abdul Abbas Akhund", "Mohammad Abbas Akhund"),  # a compound, nothing rival
    ],
)
def test_no_conflict_without_a_rival(query: str, listed: str) -> None:
    assert compare(analyse(query), analyse(listed), NO_RARITY).score >= 0.9


@pytest.mark.parametrize(
    ("query", "listed", "at_least"),
    [
        ("U.S. Department of State", "United States Department of State", 0.9),
        ("PLA", "People's Liberation Army", 0.85),
    ],
)
def test_acronyms(query: str, listed: str, at_least: float) -> None:
    assert compare(analyse(query, True), analyse(listed, True), NO_RARITY).score >= at_least


def test_two_letters_alone_are_no_acronym() -> None:
    assert compare(analyse("N.N."), analyse("Nursultan Nazarbayev"), NO_RARITY).score < 0.5


def test_common_name_still_disagrees() -> None:
    """A different father's name counts against the match even when it is a common name
    (with the disagreement weighed by rarity alone this pair scored 0.88)."""
    rarity = TokenRarity()
    common = ["Mohamed Salem"] * 60 + ["Ali Hassan"] * 40 + ["Noureddine Drissi", "Karim Bouzid"]
    rarity.add(analyse(n) for n in common)
    other_father = compare(
        analyse("Noureddine Mohamed Drissi"), analyse("Noureddine Ali Drissi"), rarity
    )
    no_father = compare(analyse("Noureddine Drissi"), analyse("Noureddine Ali Drissi"), rarity)
    assert other_father.score < 0.75 < no_father.score


def test_may_reach_never_rules_out_a_pair_that_reaches_the_floor(un_index: ScreeningIndex) -> None:
    """The matcher skips joined runs ``may_reach`` rules out; on the UN list's own name parts,
    held against one another and against runs of two written together, it rules out none that
    ``token_similarity`` puts at 0.8 or more."""
    names = [n.name.scored for n in un_index.names]
    singles = sorted({t for tokens in names for t in tokens}, key=lambda t: (t.text, t.role))
    runs = [
        make_token(a.text + b.text, TokenRole.NAME)
        for tokens in names
        for a, b in itertools.pairwise(tokens)
    ]
    rng = random.Random(3)
    pairs = [(rng.choice(singles), rng.choice(runs)) for _ in range(60_000)]
    pairs += [(rng.choice(singles), rng.choice(singles)) for _ in range(60_000)]
    # and pairs that are alike: a run against the same run's skeleton twin or its other script
    by_skeleton: dict[str, list[NameToken]] = {}
    for token in (*singles, *runs):
        by_skeleton.setdefault(token.skeleton, []).append(token)
    pairs += [(a, b) for group in by_skeleton.values() for a in group[:6] for b in group[:6]]
    reached = 0
    ruled_out = [0, 0]  # among runs against single tokens, and among all pairs
    for k, (a, b) in enumerate(pairs):
        sim = token_similarity(a, b)[0]
        if not may_reach(a, b, MERGE_SIM):
            ruled_out[k < 60_000] += 1
            assert sim < MERGE_SIM, (a.text, b.text, sim)
        else:
            reached += sim >= MERGE_SIM
    assert reached > 1000  # the sample holds many pairs that do reach the floor
    assert ruled_out[True] > 0.5 * 60_000, ruled_out  # and most runs are ruled out


def _runs_written(un_index: ScreeningIndex) -> tuple[list[NameToken], list[str]]:
    """The UN list's name parts, and runs of two and three of them written together."""
    names = [n.name.scored for n in un_index.names]
    singles = sorted({t for tokens in names for t in tokens}, key=lambda t: (t.text, t.role))
    runs = {a.text + b.text for tokens in names for a, b in itertools.pairwise(tokens)}
    runs |= {
        "".join(t.text for t in tokens[k : k + 3])
        for tokens in names
        for k in range(len(tokens) - 2)
    }
    return singles, sorted(runs)


def test_no_skeleton_is_shorter_than_its_bound(un_index: ScreeningIndex) -> None:
    singles, runs = _runs_written(un_index)
    texts = [t.text for t in singles] + runs
    checked = 0
    for text in texts:
        if is_arabic_script(text):
            bound, skeletons = arabic_shortest(text), arabic_skeletons(text)
        elif text.isascii():
            bound, skeletons = latin_shortest(text), latin_skeletons(text)
        else:
            continue
        assert bound <= min(len(s) for s in skeletons), text
        checked += 1
    assert checked > 10_000


def test_a_run_is_read_wherever_may_reach_would_let_it_through(un_index: ScreeningIndex) -> None:
    """``may_reach_sketch`` judges a run from its text alone; it may keep more than
    ``may_reach`` (never less), and rules out most runs held against single name parts."""
    singles, runs = _runs_written(un_index)
    rng = random.Random(11)
    pairs = [(rng.choice(singles), rng.choice(runs)) for _ in range(40_000)]
    # and parts alike the run: the run a letter short, doubled or with an h put in, as a name
    # part and as a particle, and the run's own parts
    for text in rng.sample(runs, 1500):
        k = rng.randrange(len(text))
        for variant in (text[:k] + text[k + 1 :], text[:k] + text[k] + text[k:],
                        text[:k] + "h" + text[k:]):  # fmt: skip
            for role in (TokenRole.NAME, TokenRole.PARTICLE):
                if variant:
                    pairs.append((make_token(variant, role), text))
    ruled_out = reached = 0
    for single, text in pairs:
        read = make_token(text, TokenRole.NAME)
        if not may_reach_sketch(single, token_sketch(text), MERGE_SIM):
            ruled_out += 1
            assert not may_reach(single, read, MERGE_SIM), (single.text, text)
        else:
            reached += may_reach(single, read, MERGE_SIM)
    assert reached > 2000  # the sample holds many pairs that may reach the floor
    assert ruled_out > 0.5 * 40_000, ruled_out
