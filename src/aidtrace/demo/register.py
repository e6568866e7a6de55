"""Write ``beneficiaries.csv``: the clean caseload, with planted households slotted in between.

Households are made one at a time and written at once (a million members stream through in
constant memory). The plan of what to plant where is drawn first, so that sources of duplicates
and copied rosters are registered before the households that copy them.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import replace

from aidtrace.demo.context import Context, HouseholdRef
from aidtrace.demo.households import (
    Enumerator,
    Household,
    as_members,
    family_persons,
    new_enumerator,
)
from aidtrace.demo.innocent_households import Lookalikes
from aidtrace.demo.people import Person, write_person
from aidtrace.demo.plant_households import HouseholdPlan, make_plan
from aidtrace.demo.writers import BENEFICIARIES, HxlWriter

GENDER = {False: "male", True: "female"}
RELATED_SHARE = 0.05  # households whose head is the previous head's son and shares his phone
ALWAYS = range(0, 1 << 30)  # the weeks a household that never moves is served


def rows(ctx: Context, hh: Household, rng: random.Random) -> list[tuple[str | int, ...]]:
    prog = ctx.net.programmes[hh.programme]
    out: list[tuple[str | int, ...]] = []
    for i, m in enumerate(hh.members):
        w = write_person(m.person, ctx.pool, m.style, m.mode, hh.registered_on, rng)
        given, father, grandfather, fa = w.given, w.father, w.grandfather, w.name_fa
        if i == 0 and hh.head_name is not None:
            given, father, grandfather, fa = hh.head_name
        out.append(
            (
                m.member_id,
                hh.household_id,
                prog.list_id,
                prog.agency,
                given,
                father,
                grandfather,
                w.family,
                fa,
                GENDER[m.person.female],
                w.birth_year,
                w.birth_year_sh,
                w.age,
                m.person.phone,
                m.person.tazkira,
                prog.district.code,
                hh.village,
                hh.enumerator,
                hh.registered_on.isoformat(),
                len(hh.members),
            )
        )
    return out


class Registrar:
    """Registers households programme by programme, enumerator by enumerator."""

    def __init__(self, ctx: Context, writer: HxlWriter) -> None:
        self.ctx = ctx
        self.writer = writer
        self.rng = ctx.rng("households")
        self.write_rng = ctx.rng("forms")
        self.teams: dict[str, Enumerator] = {}
        self.by_index: dict[int, Household] = {}
        self.recent: deque[Household] = deque(maxlen=40)
        self.look = Lookalikes(ctx, set())
        self.moved: list[tuple[Household, int]] = []  # households that flee, and the week

    def enumerator(self, staff_id: str) -> Enumerator:
        if staff_id not in self.teams:
            self.teams[staff_id] = new_enumerator(self.rng)
        return self.teams[staff_id]

    def new_household(
        self, programme: int, staff_id: str, people: list[Person], style: int | None = None
    ) -> Household:
        state = self.enumerator(staff_id)
        villages = self.ctx.net.programmes[programme].district.villages
        village = villages[(state.done // 25 + int(staff_id[1:])) % len(villages)]
        when = state.next_slot(self.rng)
        members = as_members(
            self.rng, self.ctx.counters, people, state.style if style is None else style
        )
        return Household(
            self.ctx.counters.household_id(), programme, staff_id, when, village, members
        )

    def parent_nearby(self, programme: int, staff_id: str) -> Person | None:
        """Now and then the next form is a married son's, next door to his father's household."""
        if not self.recent or self.rng.random() >= RELATED_SHARE:
            return None
        last = self.recent[-1]
        head = last.head.person
        same_place = last.programme == programme and last.enumerator == staff_id
        if not same_place or head.female or head.age < 45 or last.head_name is not None:
            return None
        return head

    def emit(
        self, hh: Household, ghost: bool = False, clean: bool = False, weeks: range = ALWAYS
    ) -> None:
        """Write the household (a clean one with the noise's spellings) and queue it for flows."""
        written = rows(self.ctx, hh, self.write_rng)
        self.writer.write_all(self.look.spelled(hh, written) if clean else written)
        offset = self.rng.randrange(4)
        head = hh.head.member_id
        ref = HouseholdRef(hh.household_id, hh.programme, head, len(hh.members), ghost, offset)
        self.ctx.households.append(replace(ref, served_from=weeks.start, served_until=weeks.stop))

    def register(self, p: int, staff_id: str, index: int, plan: HouseholdPlan) -> Household:
        """One household of the clean caseload, with the noise's look-alikes in it."""
        parent = self.parent_nearby(p, staff_id)
        people = family_persons(self.rng, self.ctx.pool, self.ctx.counters.ids, parent)
        people, links = self.look.people(index, p, people, related=parent is not None)
        hh = plan.dress(self.ctx, self.new_household(p, staff_id, people), index, self.rng)
        clean = index not in self.look.excluded
        if clean:
            father = self.look.clean_head(self.recent[-1].household_id) if parent else None
            self.look.record(hh, links, father)
        moves = self.look.moves_in(index) if clean else None
        self.emit(hh, clean=clean, weeks=ALWAYS if moves is None else range(0, moves))
        if moves is not None:
            self.moved.append((hh, moves))
        if clean:
            self.look.remember(hh)
        return hh

    def run(self) -> None:
        ctx = self.ctx
        total = sum(p.households for p in ctx.net.programmes)
        plan: HouseholdPlan = make_plan(ctx, self.rng, total)
        self.look.excluded = set(plan.watch) | plan.sources
        index = 0
        for p, prog in enumerate(ctx.net.programmes):
            team = ctx.payroll.enumerators[p]
            for k in range(prog.households):
                staff_id = team[k * len(team) // prog.households]
                hh = self.register(p, staff_id, index, plan)
                self.recent.append(hh)
                if index in plan.sources:
                    self.by_index[index] = hh
                for planted, ghost in plan.planted_at(index, self, hh):
                    self.emit(planted, ghost)
                index += 1
                if index % 5000 == 0:
                    ctx.progress("beneficiaries", index, total)
        for hh, week in self.moved:  # registered again months later, where they fled to
            self.emit(
                self.look.re_register(self, hh, week), clean=True, weeks=range(week, ALWAYS.stop)
            )
        ctx.plants.extend(plan.finish())
        ctx.progress("beneficiaries", total, total)


def register_households(ctx: Context) -> int:
    with HxlWriter(ctx.out_dir / "beneficiaries.csv", BENEFICIARIES) as writer:
        Registrar(ctx, writer).run()
        return writer.rows


def with_head_name(hh: Household, name: tuple[str, str, str, str]) -> Household:
    return replace(hh, head_name=name)
