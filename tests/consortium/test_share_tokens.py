"""Shared rows: consortium-keyed, never the workspace's tokens, Bloom filters randomised."""

from __future__ import annotations

import random
from datetime import date

import pytest

from aidtrace.consortium.share_tokens import BLOOM_COLUMNS, TOKEN_COLUMNS, ShareEncoder, randomise
from aidtrace.privacy.bloom import dice

PERSON = {"given_name": "Abdul Qadir", "father_name": "Gul Agha", "grandfather_name": "Nurzai",
          "birth_year": 1980, "phone": "+93 700 123 456", "tazkira": "1400-0101-00001"}  # fmt: skip
PUBLIC = {"district_code": "AF0101", "gender": "m", "registered_on": date(2026, 1, 1)}
SECRET = bytes(range(32))


def _row(encoder: ShareEncoder, person: dict[str, object] = PERSON) -> dict[str, object]:
    return encoder.row(PUBLIC, person)


def test_rows_depend_on_the_round_secret() -> None:
    one, two = ShareEncoder(SECRET, "r1"), ShareEncoder(bytes(32), "r2")
    a, b = _row(one), _row(two)
    assert all(a[c] is not None for c in TOKEN_COLUMNS)
    # A dictionary attack needs the secret: another key gives no token in common.
    assert not {a[c] for c in TOKEN_COLUMNS} & {b[c] for c in TOKEN_COLUMNS}


def test_romanisation_variants_share_the_variant_tokens() -> None:
    encoder = ShareEncoder(SECRET, "r1")
    variant = PERSON | {"given_name": "Abdulqader", "father_name": "Gul Aqa"}
    a, b = _row(encoder), _row(encoder, variant)
    assert a["names_key"] == b["names_key"] or a["names_phon"] == b["names_phon"]
    assert a["names_tok"] != b["names_tok"]


def test_no_single_name_is_tokenised_alone() -> None:
    encoder = ShareEncoder(SECRET, "r1")
    sibling = PERSON | {"given_name": "Nasrullah"}
    a, b = _row(encoder), _row(encoder, sibling)
    # Siblings share the father's and grandfather's names, nothing that names one of them.
    assert {c for c in TOKEN_COLUMNS if a[c] == b[c] and c.startswith(("names", "gf"))} == set()
    assert a["fg_year"] == b["fg_year"]


def test_two_name_tokens_are_salted_with_year_or_place() -> None:
    encoder = ShareEncoder(SECRET, "r1")
    a = _row(encoder)
    later = encoder.row(PUBLIC, PERSON | {"birth_year": 1990})
    elsewhere = encoder.row(PUBLIC | {"district_code": "AF0202"}, PERSON)
    assert a["names_tok"] == later["names_tok"] == elsewhere["names_tok"]
    assert a["gf_year_a"] != later["gf_year_a"]
    assert a["fg_year"] != later["fg_year"]
    assert a["gf_place"] != elsewhere["gf_place"]
    assert a["gf_year_a"] == elsewhere["gf_year_a"]


def test_blank_values_have_no_token() -> None:
    row = _row(ShareEncoder(SECRET, "r1"), {"given_name": "Farida"})
    assert row["phone_tok"] is None
    assert row["tazkira_tok"] is None
    assert row["names_tok"] is None


@pytest.mark.parametrize("flip", [0.0, 0.02])
def test_one_name_gives_different_filters_once_randomised(flip: float) -> None:
    encoder = ShareEncoder(SECRET, "r1", flip=flip, seed=5)
    filters = [[int(str(_row(encoder)[c])) for c in BLOOM_COLUMNS] for _ in range(50)]
    distinct = len({tuple(f) for f in filters})
    similarity = min(dice(filters[0], f) for f in filters[1:])
    if flip:
        assert distinct == 50
        assert 0.9 < similarity < 1.0
    else:
        assert distinct == 1
        assert similarity == 1.0


def test_randomising_flips_about_the_expected_share_of_bits() -> None:
    rng = random.Random(3)
    flipped = 0
    for _ in range(200):
        words = randomise([0, 0, -1, 0], 0.05, rng)
        flipped += sum((w & 0xFFFFFFFFFFFFFFFF).bit_count() for w in words[:2] + words[3:])
        flipped += 64 - (words[2] & 0xFFFFFFFFFFFFFFFF).bit_count()
    assert 0.04 < flipped / (200 * 256) < 0.06
