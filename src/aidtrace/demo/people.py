"""A person as the generator knows them (canonical name parts, age, documents) and how a
registration form writes them down (one romanisation style, one way of recording the birth).

Phones and tazkira numbers come from bijective scrambles of a running counter, so two different
people never share one by accident: every shared phone or ID in the output was planted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from aidtrace.demo.codes import code
from aidtrace.demo.names import NamePool

OPERATORS = ("070", "071", "072", "073", "074", "076", "077", "078", "079")  # AWCC, Roshan, MTN…
CONNECTOR = {False: "ولد", True: "بنت"}  # "son of" / "daughter of" on Afghan forms


class BirthMode(StrEnum):
    AGE = "age"  # "about 40": the commonest answer in rural registration
    YEAR = "year"  # a Gregorian year
    SOLAR_HIJRI = "solar_hijri"  # a year of the Afghan (Solar Hijri) calendar
    BOTH = "both"  # age and Gregorian year, usually inconsistent by one


@dataclass(frozen=True)
class Person:
    given: int  # index into the male or female pool
    female: bool
    father: int
    grandfather: int
    family: int = -1  # index into the family-name pool, or -1 (most Afghans have none)
    title: int = -1
    age: int = 30
    tazkira: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Written:
    """One person's fields as a list writes them."""

    given: str
    father: str
    grandfather: str
    family: str
    name_fa: str
    birth_year: str
    birth_year_sh: str
    age: str


def phone_number(counter: int) -> str:
    return f"{OPERATORS[counter % len(OPERATORS)]}{code(counter, 7, 'phone')}"


def tazkira_number(counter: int) -> str:
    """e-Tazkira style ``YYYY-NNNN-NNNNN`` (issue year in Solar Hijri, then nine digits)."""
    year = 1397 + counter % 6
    digits = code(counter, 9, "tazkira")
    return f"{year}-{digits[:4]}-{digits[4:]}"


def solar_hijri_year(gregorian: int, rng: random.Random) -> int:
    # The Solar Hijri year starts at Nowruz (21 March): a quarter of births fall in the earlier one.
    return gregorian - 621 - (1 if rng.random() < 0.22 else 0)


def write_person(
    p: Person, pool: NamePool, style: int, mode: BirthMode, when: date, rng: random.Random
) -> Written:
    given = pool.given(p.given, p.female)
    father, grandfather = pool.male[p.father], pool.male[p.grandfather]
    title = pool.titles[p.title] if p.title >= 0 else None
    latin = (title.render(style) + " " if title else "") + given.render(style)
    family = pool.family[p.family].render(style) if p.family >= 0 else ""
    fa_given = (title.fa + " " if title else "") + given.fa
    joiner = f" {CONNECTOR[p.female]} " if style % 2 == 0 else " "
    birth = when.year - p.age - (1 if rng.random() < 0.5 else 0)
    year = str(birth) if mode in (BirthMode.YEAR, BirthMode.BOTH) else ""
    sh = str(solar_hijri_year(birth, rng)) if mode is BirthMode.SOLAR_HIJRI else ""
    age = str(p.age) if mode in (BirthMode.AGE, BirthMode.BOTH) else ""
    return Written(
        latin,
        father.render(style),
        grandfather.render(style),
        family,
        fa_given + joiner + father.fa,
        year,
        sh,
        age,
    )


MODES = (
    (0.5, BirthMode.AGE),
    (0.7, BirthMode.YEAR),
    (0.92, BirthMode.SOLAR_HIJRI),
    (1.0, BirthMode.BOTH),
)


def birth_mode(rng: random.Random) -> BirthMode:
    roll = rng.random()
    return next(mode for limit, mode in MODES if roll < limit)


def heaped_age(rng: random.Random, age: int) -> int:
    """Adults often give a round age: Afghan surveys show strong heaping on multiples of five."""
    if age >= 20 and rng.random() < 0.3:
        return max(20, 5 * round(age / 5))
    return age


def stated_age(born: int, year: int, key: int) -> int:
    """The age a person born in ``born`` states in ``year``, heaped on a multiple of five as
    often as ``heaped_age`` heaps adults' ages (``key``, a number of the person's own, decides
    whether, so no random draw is spent and the rest of the world is unchanged)."""
    age = year - born
    if age >= 20 and key % 10 < 3:
        return max(20, 5 * round(age / 5))
    return age


def with_age(p: Person, age: int) -> Person:
    return replace(p, age=age)
