"""Compound cores and patronymics: alike in writing, different name parts."""

from __future__ import annotations

import pytest

from aidtrace.names.name_parts import compound_cores, patronymic_of


@pytest.mark.parametrize(
    ("a", "b", "cores"),
    [
        ("abdurrahim", "abdurrahman", ("rahim", "rahman")),
        ("hafizullah", "habibullah", ("hafiz", "habib")),
        ("abdulghani", "abdulgani", ("ghani", "gani")),
        ("abdulghani", "hafizullah", None),  # compounds of different kinds
        ("abdulla", "abdullah", None),  # cores too short to be a name part
        ("ahmad", "ahmed", None),
    ],
)
def test_compound_cores(a: str, b: str, cores: tuple[str, str] | None) -> None:
    assert compound_cores(a, b) == cores


@pytest.mark.parametrize(
    ("a", "b", "patronymic"),
    [
        ("oleksandr", "oleksandrovych", True),
        ("viktorovich", "viktor", True),
        ("sergeevna", "sergei", True),  # the stem's last letter may change
        ("ivanovich", "ivanovich", False),  # two patronymics are compared as they are
        ("ivan", "ivanov", False),  # a family name, not a patronymic
    ],
)
def test_patronymic_of(a: str, b: str, patronymic: bool) -> None:
    assert patronymic_of(a, b) is patronymic
