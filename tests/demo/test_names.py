from __future__ import annotations

import random

import pytest

from aidtrace.demo.listed import Listed
from aidtrace.demo.names import STYLES, NamePool
from aidtrace.demo.variants import Variation, make_variant, romanise, transliterate

POOL = NamePool()


def test_every_name_has_a_script_form_and_four_spellings() -> None:
    for name in POOL.male + POOL.female + POOL.family + POOL.titles:
        assert name.fa
        assert not name.fa.isascii()
        assert len(name.latin) == STYLES
        assert all(form.isascii() for form in name.latin)


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("Abdul Rahman", "Abdur Rahman"),
        ("Abdul Samad", "Abdus Samad"),
        ("Hekmatullah", "Hikmat Ullah"),
        ("Mohammad Nabi", "Muhammad Nabi"),
    ],
)
def test_romanisations(canonical: str, expected: str) -> None:
    name = POOL.male[POOL.male_index[canonical]]
    assert expected in name.latin


def test_draws_are_skewed_like_real_lists() -> None:
    rng = random.Random(1)
    draws = [POOL.male[POOL.male_name(rng)].latin[0] for _ in range(20_000)]
    starts_mohammad = sum(d.startswith("Mohammad") for d in draws) / len(draws)
    assert 0.05 < starts_mohammad < 0.4
    assert len(set(draws)) > 100


@pytest.mark.parametrize("text", ["Mohammad Hassan", "Abdul Kabir", "Akhund", "Zabihullah", "Xyz"])
def test_romanise_always_changes_the_text(text: str) -> None:
    for seed in range(5):
        assert romanise(text, random.Random(seed)) != text


def test_transliterate_known_and_unknown() -> None:
    assert transliterate("Muhammad Nabi") == "محمد نبی"
    assert transliterate("Muhammad Xylophone") == ""


def test_variants_never_copy_the_listed_latin_name() -> None:
    listed = Listed(
        "TAi.900", True, ("Mohammad", "Hassan", "Akhund"), "محمد حسن آخوند", ("Mullah",)
    )
    for seed in range(30):
        v = make_variant(listed, random.Random(seed))
        assert v.full != listed.full
        assert (Variation.PERSO_ARABIC in v.variations) == (v.fa == listed.fa)
