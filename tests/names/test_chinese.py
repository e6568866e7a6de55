"""Wade–Giles against pinyin: the same syllables agree, other look-alikes do not."""

from __future__ import annotations

import pytest

from aidtrace.names.chinese import same_syllables


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [
        ("hsi", "xi"),
        ("chinping", "jinping"),  # "Chin-ping" joined by the matcher
        ("tsetung", "zedong"),
        ("maotsetung", "maozedong"),
        ("chou", "zhou"),
        ("shih", "shi"),
        ("tzu", "zi"),
        ("chang", "zhang"),
    ],
)
def test_same_syllables(wade_giles: str, pinyin: str) -> None:
    assert same_syllables(wade_giles, pinyin)
    assert same_syllables(pinyin, wade_giles)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("tina", "dina"),  # no spelling of either system: not read as Chinese
        ("shi", "xi"),  # different syllables
        ("ahmad", "ahmed"),  # not Chinese syllables at all
        ("xi", "xi"),  # equal tokens are the exact comparison's business
        ("jinping", "jinbing"),
    ],
)
def test_not_same_syllables(a: str, b: str) -> None:
    assert not same_syllables(a, b)
