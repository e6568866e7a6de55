"""How messy the generated world is: ``noise`` 0 (a clean register), 1 (as messy as a real
register, the default) or 2 (harsh).

Real registers are full of things that look like diversion and are not: cousins named after one
grandfather, brothers registered in two districts, a family registered again after it fled, a
digit typed wrong, one phone for an extended family, the same name spelled four ways, vendors
with near-identical names, a winter surge of distributions, a partner reporting money a week
late or in two parts. Each pattern has a rate per level; level 0 draws nothing, so its data
files are byte for byte those of a generator without noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.errors import InputError


@dataclass(frozen=True)
class Noise:
    """Rates of the innocent patterns (see :class:`aidtrace.demo.truth.Pattern`)."""

    level: int
    name_spelling: float = 0.0  # members with one name part spelled another way
    namesake: float = 0.0  # heads sharing given + father's name with an unrelated earlier head
    listed_namesake: float = 0.0  # heads carrying a listed person's given + father's name
    relative_elsewhere: float = 0.0  # heads who are brothers of a head in another district
    re_registration: float = 0.0  # households that flee and register again, months later
    mistyped: float = 0.0  # members with a phone or tazkira typed with one slip
    shared_phone: float = 0.0  # households giving the phone of a brother's household nearby
    similar_vendors: float = 0.0  # share of vendors renamed after another vendor of the province
    surge: float = 0.0  # share of programmes with a winter top-up round
    late_report: float = 0.0  # incoming-funds reports dated one to two weeks late
    partial_report: float = 0.0  # incoming-funds reports made in two instalments

    @property
    def clean(self) -> bool:
        return self.level == 0


LEVELS: dict[int, Noise] = {
    0: Noise(0),
    1: Noise(
        1,
        name_spelling=0.03,
        namesake=0.015,
        listed_namesake=0.003,
        relative_elsewhere=0.01,
        re_registration=0.005,
        mistyped=0.02,
        shared_phone=0.02,
        similar_vendors=0.15,
        surge=0.25,
        late_report=0.05,
        partial_report=0.03,
    ),
    2: Noise(
        2,
        name_spelling=0.08,
        namesake=0.04,
        listed_namesake=0.008,
        relative_elsewhere=0.025,
        re_registration=0.015,
        mistyped=0.05,
        shared_phone=0.05,
        similar_vendors=0.35,
        surge=0.5,
        late_report=0.12,
        partial_report=0.08,
    ),
}
DEFAULT_NOISE = 1


def noise_level(level: int | Noise) -> Noise:
    """The rates of a noise level (0, 1 or 2)."""
    if isinstance(level, Noise):
        return level
    if level not in LEVELS:
        raise InputError(f"noise level {level} is not known: use 0 (clean), 1 (real) or 2 (harsh)")
    return LEVELS[level]
