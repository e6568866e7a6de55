"""Linkage tokens and Bloom filters: equal inputs link, others do not, and only under the key."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.privacy.bloom import BloomEncoder, dice
from aidtrace.privacy.tokens import RigourNameKeys, TokenDomain, Tokeniser, phone_key

KEY = bytes(range(32))
TOK = Tokeniser(KEY, "lt1-test", RigourNameKeys())
OTHER = Tokeniser(bytes(32), "lt1-other", RigourNameKeys())


@pytest.mark.parametrize(
    ("a", "b", "position", "same"),
    [
        ("Mohammad", "mohammad", 0, True),  # normalised form
        ("Mohammad", "Muhammad", 0, False),
        ("Mohammad", "Muhammad", 1, True),  # romanisation-variant key
        ("Mohammad", "Mohammed", 1, True),
        ("Mohammad", "محمد", 1, True),  # Perso-Arabic spelling, same consonants
        ("Mohammad", "Ahmad", 1, False),
        ("Gul Agha", "Gul-Agha", 0, True),
        ("Abdul Qadir", "Abdul Kadir", 2, True),  # phonetic key
        ("Abdul Qadir", "Abdul Karim", 2, False),
    ],
)
def test_name_tokens(a: str, b: str, position: int, same: bool) -> None:
    assert (TOK.name(a)[position] == TOK.name(b)[position]) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("+93 700 123 456", "0700123456"),
        ("0093700123456", "700-123-456"),
        ("۰۷۰۰۱۲۳۴۵۶", "0700123456"),
    ],
)
def test_phone_forms_agree(a: str, b: str) -> None:
    assert TOK.phone(a) == TOK.phone(b)
    assert phone_key(a) == "700123456"


def test_partial_values_link_what_the_whole_does_not() -> None:
    whole, head, tail = TOK.tazkira("1400-0101-12345")
    typo = TOK.tazkira("1400-0101-12346")
    assert whole != typo[0]
    assert head == typo[1]
    assert tail != typo[2]
    assert TOK.phone("0700123456")[1] == TOK.phone("0799123456")[1]  # same last six digits
    year, a, b = TOK.birth_year(1990)
    near = TOK.birth_year(1991)
    assert year != near[0]
    assert a == near[1] or b == near[2]
    assert TOK.birth_year(None) == (None, None, None)


def test_blank_values_and_domains_never_collide() -> None:
    assert TOK.token(TokenDomain.PHONE, "") is None
    assert TOK.phone("") == (None, None)
    assert TOK.block("mhmd", None) is None
    assert TOK.token(TokenDomain.PHONE, "123456789") != TOK.token(TokenDomain.TAZKIRA, "123456789")


@given(st.text(min_size=1))
def test_tokens_depend_on_the_key(value: str) -> None:
    assert TOK.token(TokenDomain.NAME, value) != OTHER.token(TokenDomain.NAME, value)
    assert TOK.token(TokenDomain.NAME, value) == TOK.token(TokenDomain.NAME, value)


ENCODER = BloomEncoder(KEY)


def _filter(*names: str) -> list[int]:
    keys = RigourNameKeys()
    return ENCODER.encode({f"{i}{g}" for i, n in enumerate(names) for g in keys.bigrams(n)})


@given(st.lists(st.text(min_size=1, max_size=4), max_size=40))
def test_balanced_filters_always_hold_half_the_bits(grams: list[str]) -> None:
    words = ENCODER.encode(grams)
    assert len(words) == 4
    assert sum((w & 0xFFFFFFFFFFFFFFFF).bit_count() for w in words) == ENCODER.base_bits


def test_dice_orders_typos_siblings_and_strangers() -> None:
    person = _filter("Mohammad", "Gul", "Ahmad")
    typo = dice(person, _filter("Mohamad", "Gull", "Ahmed"))
    sibling = dice(person, _filter("Karim", "Gul", "Ahmad"))
    stranger = dice(person, _filter("Abdul Rahman", "Nasir", "Sharif"))
    assert typo > sibling > stranger
    assert BloomEncoder(bytes(32)).encode({"0mh"}) != ENCODER.encode({"0mh"})


def test_sql_dice_equals_python_dice() -> None:
    a, b = _filter("Farida", "Wazir", "Sultan"), _filter("Fareeda", "Wazir", "Sultan")
    # bit_count returns a TINYINT: widen before adding, or 256 set bits overflow.
    both = " + ".join(f"bit_count(a[{i}] & b[{i}])::INTEGER" for i in range(1, 5))
    each = " + ".join(f"bit_count({s}[{i}])::INTEGER" for s in "ab" for i in range(1, 5))
    sql = f"SELECT 2.0 * ({both}) / ({each}) FROM (SELECT ?::BIGINT[] AS a, ?::BIGINT[] AS b)"
    (value,) = duckdb.execute(sql, [a, b]).fetchone() or (None,)
    assert value == pytest.approx(dice(a, b))


NAMES = Tokeniser(KEY, "lt1-test")  # the default: the names layer's keys


@pytest.mark.parametrize(
    ("a", "b", "position", "same"),
    [
        ("Muhammad", "محمد", 1, True),  # variant key bridges scripts
        ("Muhammad", "Mohammed", 2, True),  # phonetic key of the canonical Latin form
        ("Haji Gul Agha", "Gul Agha", 0, True),  # titles are not part of the name
        ("Abdul Qadir", "عبدالقادر", 1, True),
        ("Nasrullah", "نصرالله", 1, True),
        ("Zarghuna", "Nasrullah", 1, False),
        ("Zarghuna", "زرغونه", 0, False),  # the normalised form keeps its script
    ],
)
def test_names_layer_keys(a: str, b: str, position: int, same: bool) -> None:
    assert type(NAMES.names).__name__ == "NamesLayerKeys"
    assert (NAMES.name(a)[position] == NAMES.name(b)[position]) is same
