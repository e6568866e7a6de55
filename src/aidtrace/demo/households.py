"""Beneficiary households as enumerators register them.

A household is a head (nine in ten men), usually a spouse, children who carry the head's given
name as their father's name and the head's father as their grandfather, and — in big households —
the head's brothers. Sizes follow a log-normal with mean about seven (the Afghan average); ages
descend from the mother's; adults' ages heap on multiples of five. Each enumerator registers six
to sixteen households a working day (never on Friday), village by village.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from aidtrace.demo.codes import code
from aidtrace.demo.names import NamePool
from aidtrace.demo.people import BirthMode, Person, birth_mode, heaped_age
from aidtrace.demo.staff import Ids

REGISTRATION_START = date(2023, 10, 1)
FRIDAY = 4


@dataclass(frozen=True)
class Member:
    member_id: str
    person: Person
    mode: BirthMode
    style: int


@dataclass(frozen=True)
class Household:
    household_id: str
    programme: int
    enumerator: str
    registered_on: date
    village: str
    members: tuple[Member, ...]
    head_name: tuple[str, str, str, str] | None = None  # a planted head's written name

    @property
    def head(self) -> Member:
        return self.members[0]


@dataclass
class Enumerator:
    """Where an enumerator's day stands: today's date and how many more forms they fill today."""

    day: date
    left: int
    style: int
    done: int = 0

    def next_slot(self, rng: random.Random) -> date:
        while self.left == 0:
            self.day += timedelta(days=1)
            if self.day.weekday() != FRIDAY:
                self.left = rng.randint(6, 16)
        self.left -= 1
        self.done += 1
        return self.day


@dataclass
class Counters:
    households: int = 0
    members: int = 0
    ids: Ids = field(default_factory=Ids)

    def household_id(self) -> str:
        self.households += 1
        return f"H{code(self.households, 8, 'household')}"

    def member_id(self) -> str:
        self.members += 1
        return f"B{code(self.members, 9, 'member')}"


def new_enumerator(rng: random.Random) -> Enumerator:
    return Enumerator(REGISTRATION_START + timedelta(days=rng.randint(0, 20)), 0, rng.randrange(4))


def household_size(rng: random.Random) -> int:
    return max(2, min(20, round(rng.lognormvariate(math.log(6.6), 0.38))))


def _title(rng: random.Random, age: int) -> int:
    roll = rng.random()
    if roll < 0.07 and age > 40:
        return 0  # Haji: made the pilgrimage
    if roll < 0.10:
        return rng.choice((1, 2, 3))  # Mullah, Maulavi, Qari
    return 4 if roll < 0.13 else -1  # Sayed: claimed descent


def _document(rng: random.Random, ids: Ids, age: int, female: bool) -> str:
    chance = 0.05 if age < 18 else (0.35 if female else 0.8)
    return ids.tazkira() if rng.random() < chance else ""


def _head(rng: random.Random, pool: NamePool, ids: Ids, parent: Person | None) -> Person:
    if parent is not None:  # a married son living apart, who gives his father's phone
        age = max(18, parent.age - rng.randint(20, 28))
        title = _title(rng, age)
        document = _document(rng, ids, age, False)
        return Person(
            pool.male_name(rng),
            False,
            parent.given,
            parent.father,
            parent.family,
            title,
            age,
            document,
            parent.phone,
        )
    female_head = rng.random() < 0.1
    family = rng.randrange(len(pool.family)) if rng.random() < 0.3 else -1
    age = int(rng.triangular(25, 70, 40) if female_head else rng.triangular(19, 78, 33))
    given = pool.female_name(rng) if female_head else pool.male_name(rng)
    title = -1 if female_head else _title(rng, age)
    return Person(
        given,
        female_head,
        pool.male_name(rng),
        pool.male_name(rng),
        -1 if female_head else family,
        title,
        age,
        _document(rng, ids, age, female_head),
        ids.phone(),
    )


def family_persons(
    rng: random.Random, pool: NamePool, ids: Ids, parent: Person | None = None
) -> list[Person]:
    """The people of one clean household, head first (``parent``: the head's father's household)."""
    size = household_size(rng)
    head = _head(rng, pool, ids, parent)
    female_head, age, family = head.female, head.age, head.family
    people = [head]
    mother_age = age
    if not female_head:
        mother_age = max(16, age - rng.randint(2, 10))
        people.append(_adult_relative(rng, pool, ids, head, mother_age, spouse=True))
    father = pool.male_name(rng) if female_head else head.given
    child_age = min(mother_age - 17, rng.randint(6, 24))
    while len(people) < size:
        if child_age < 0 or len(people) >= 9:
            relative_age = head.age + rng.randint(-12, 12)
            people.append(_adult_relative(rng, pool, ids, head, relative_age, spouse=False))
        else:
            people.append(_child(rng, pool, ids, head, father, child_age, family))
            child_age -= rng.randint(1, 3)
        people[-1] = _own_name(rng, pool, people[-1], people[:-1])
    return people


def _own_name(rng: random.Random, pool: NamePool, p: Person, others: list[Person]) -> Person:
    """Brothers and sisters do not share a given name: redraw (a few times) if one is taken."""
    taken = {(o.female, o.given) for o in others}
    for _ in range(5):
        if (p.female, p.given) not in taken:
            return p
        p = replace(p, given=pool.female_name(rng) if p.female else pool.male_name(rng))
    return p


def _adult_relative(
    rng: random.Random, pool: NamePool, ids: Ids, head: Person, age: int, spouse: bool
) -> Person:
    age = max(16, min(90, age))
    if spouse:
        return Person(
            pool.female_name(rng),
            True,
            pool.male_name(rng),
            pool.male_name(rng),
            age=age,
            tazkira=_document(rng, ids, age, True),
            phone=head.phone if rng.random() < 0.5 else "",
        )
    # a brother: same father and grandfather as the head
    return Person(
        pool.male_name(rng),
        False,
        head.father,
        head.grandfather,
        head.family,
        age=age,
        tazkira=_document(rng, ids, age, False),
        phone=ids.phone() if rng.random() < 0.3 else "",
    )


def _child(
    rng: random.Random, pool: NamePool, ids: Ids, head: Person, father: int, age: int, family: int
) -> Person:
    female = rng.random() < 0.49
    given = pool.female_name(rng) if female else pool.male_name(rng)
    phone = head.phone if age >= 15 and rng.random() < 0.4 else ""
    return Person(
        given, female, father, head.father, family, -1, age, _document(rng, ids, age, female), phone
    )


def as_members(
    rng: random.Random, counters: Counters, people: list[Person], style: int
) -> tuple[Member, ...]:
    """Give each person an id and the way the form records them (mostly the enumerator's style)."""
    out = []
    for p in people:
        s = style if rng.random() < 0.85 else rng.randrange(4)
        out.append(
            Member(counters.member_id(), replace(p, age=heaped_age(rng, p.age)), birth_mode(rng), s)
        )
    return tuple(out)
