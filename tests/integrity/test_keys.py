"""Name and number keys: romanisation variants meet, different names do not."""

from __future__ import annotations

import pytest

from aidtrace.integrity import keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohammad", "Muhammad"),
        ("Mohammed", "Mohamad"),
        ("Abdul Rahman", "Abdurrahman"),
        ("Abdul Qadir", "Abdulkadir"),
        ("Wahid", "Vahid"),
        ("Yousuf", "Yusuf"),
        ("Sayed", "Sayyid"),
        ("Farzana", "Farzaneh"),
        ("Zaynab", "Zainab"),
    ],
)
def test_romanisation_variants_share_a_key(a: str, b: str) -> None:
    assert keys.variant_key(a) == keys.variant_key(b)


@pytest.mark.parametrize(("a", "b"), [("Ahmad", "Hamid"), ("Zahir", "Nazir"), ("Gul", "Noor")])
def test_different_names_do_not(a: str, b: str) -> None:
    assert keys.variant_key(a) != keys.variant_key(b)


@pytest.mark.parametrize(
    ("year", "year_sh", "age", "ref", "expected"),
    [
        (1980, None, None, 2025, 1980),
        (None, 1359, None, 2025, 1980),
        (None, None, 45, 2025, 1980),
        (None, None, 45, None, None),
        (None, None, None, 2025, None),
    ],
)
def test_one_gregorian_birth_year(
    year: int | None, year_sh: int | None, age: int | None, ref: int | None, expected: int | None
) -> None:
    assert keys.gregorian_birth_year(year, year_sh, age, ref) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+93 70 123 4567", "701234567"),
        ("0093701234567", "701234567"),
        ("0701234567", "701234567"),
        ("12", ""),
    ],
)
def test_phone_key_drops_country_and_trunk_prefix(raw: str, expected: str) -> None:
    assert keys.phone_key(raw) == expected


def test_normalise_strips_marks_and_punctuation() -> None:
    assert keys.normalise_name("  Abd-al Raḥmān ") == "abd al rahman"
