"""Payrolls of partners and sub-partners: positions, salaries, enumerators per district.

Monthly salaries are national-staff scales of NGOs in Afghanistan in US dollars (the order of
magnitude published in NGO vacancy notices and salary surveys, 2022–24): guards and drivers
US$150–280, enumerators US$260–340, officers US$450–800, managers US$900–3,500.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from aidtrace.demo import organisations as o
from aidtrace.demo.codes import code
from aidtrace.demo.names import NamePool
from aidtrace.demo.people import Person, phone_number, tazkira_number
from aidtrace.demo.programmes import Network

HOUSEHOLDS_PER_ENUMERATOR = 220
PARTNER_POSTS = (
    ("country_director", 2500, 3500, 1),
    ("programme_manager", 1400, 2000, 1),
    ("finance_manager", 1100, 1500, 1),
    ("procurement_officer", 600, 800, 1),
    ("me_officer", 600, 800, 1),
    ("driver", 220, 280, 2),
    ("guard", 170, 210, 2),
)
SUB_POSTS = (
    ("project_manager", 900, 1300, 1),
    ("finance_officer", 500, 700, 1),
    ("procurement_officer", 450, 650, 2),
    ("me_officer", 450, 600, 1),
    ("driver", 180, 230, 2),
    ("guard", 150, 190, 2),
)
FIELD_POSTS = {"enumerator": (260, 340), "distribution_monitor": (300, 380)}


class Ids:
    """Running counters behind every phone, tazkira and id the generator hands out."""

    def __init__(self) -> None:
        self.phones = 0
        self.tazkiras = 0
        self.staff = 0

    def phone(self) -> str:
        self.phones += 1
        return phone_number(self.phones)

    def tazkira(self) -> str:
        self.tazkiras += 1
        return tazkira_number(self.tazkiras)

    def staff_id(self) -> str:
        self.staff += 1
        return f"S{code(self.staff, 6, 'staff')}"


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    org_id: str
    person: Person
    position: str
    salary: float
    district_code: str
    hired_on: date
    style: int


@dataclass
class Payroll:
    members: list[StaffMember]
    enumerators: dict[int, list[str]]  # programme index → enumerator staff ids
    _index: dict[tuple[str, str], list[StaffMember]] = field(default_factory=dict)
    _indexed: int = -1

    def by_id(self) -> dict[str, StaffMember]:
        return {m.staff_id: m for m in self.members}

    def of_org(self, org_id: str, position: str) -> list[StaffMember]:
        if self._indexed != len(self.members):  # rebuilt when staff were added
            self._index = defaultdict(list)
            for m in sorted(self.members, key=lambda m: m.staff_id):
                self._index[(m.org_id, m.position)].append(m)
            self._indexed = len(self.members)
        return self._index.get((org_id, position), [])


def adult(rng: random.Random, pool: NamePool, ids: Ids, female: bool = False) -> Person:
    given = pool.female_name(rng) if female else pool.male_name(rng)
    return Person(
        given,
        female,
        pool.male_name(rng),
        pool.male_name(rng),
        age=rng.randint(22, 58),
        tazkira=ids.tazkira(),
        phone=ids.phone(),
    )


def hire(
    rng: random.Random,
    pool: NamePool,
    ids: Ids,
    org: str,
    post: str,
    pay: tuple[int, int],
    district: str,
) -> StaffMember:
    female = post in ("me_officer", "enumerator", "distribution_monitor") and rng.random() < 0.25
    hired = date(2021, 1, 1) + timedelta(days=rng.randint(0, 1000))
    salary = round(rng.uniform(*pay) / 5) * 5.0  # salary scales move in five-dollar steps
    return StaffMember(
        ids.staff_id(),
        org,
        adult(rng, pool, ids, female),
        post,
        salary,
        district,
        hired,
        rng.randrange(4),
    )


def build_payroll(rng: random.Random, net: Network, pool: NamePool, ids: Ids) -> Payroll:
    members: list[StaffMember] = []
    centre = {p.sub_partner: p.district.code for p in net.programmes}
    centre |= {p.partner: p.district.code for p in net.programmes}
    for org in net.of_role(o.Role.PARTNER) + net.of_role(o.Role.SUB_PARTNER):
        posts = PARTNER_POSTS if org.role is o.Role.PARTNER else SUB_POSTS
        for post, low, high, count in posts:
            members += [
                hire(
                    rng,
                    pool,
                    ids,
                    org.org_id,
                    post,
                    (low, high),
                    centre.get(org.org_id, org.province_code + "01"),
                )
                for _ in range(count)
            ]
    enumerators: dict[int, list[str]] = {}
    for index, prog in enumerate(net.programmes):
        count = math.ceil(prog.households / HOUSEHOLDS_PER_ENUMERATOR)
        team = [
            hire(
                rng,
                pool,
                ids,
                prog.sub_partner,
                "enumerator",
                FIELD_POSTS["enumerator"],
                prog.district.code,
            )
            for _ in range(count)
        ]
        monitor = hire(
            rng,
            pool,
            ids,
            prog.sub_partner,
            "distribution_monitor",
            FIELD_POSTS["distribution_monitor"],
            prog.district.code,
        )
        members += [*team, monitor]
        enumerators[index] = [m.staff_id for m in team]
    return Payroll(members, enumerators)
