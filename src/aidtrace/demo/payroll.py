"""Payroll files and salary payments, with padded payrolls and listed persons on staff.

Clean staff work 19–26 days a month (a six-day week, less leave). Planted: *ghost staff* paid every
month with no attendance at all (or zero days), *duplicate staff* — a real employee on the payroll
twice under a second id, their name romanised differently, the same tazkira or phone, attendance
copied day for day — and staff whose names are variants of listed persons.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from aidtrace.demo.context import Context
from aidtrace.demo.ledger import Book, Payment, week_label
from aidtrace.demo.market import months
from aidtrace.demo.people import BirthMode, stated_age, write_person
from aidtrace.demo.staff import StaffMember, hire
from aidtrace.demo.truth import IdField, Plant, PlantKind
from aidtrace.demo.variants import make_variant, transliterate
from aidtrace.demo.watchlist import pick
from aidtrace.demo.writers import ATTENDANCE, STAFF, HxlWriter, money

FORMS_ON = date(2024, 1, 1)  # the staff list is written at the start of the year
GHOST_POSTS = ("enumerator", "guard", "driver", "distribution_monitor")


@dataclass
class PayrollPlan:
    """The payroll as written: who is on it, who was planted, what each was paid."""

    ghosts: set[str] = field(default_factory=set)
    silent_ghosts: set[str] = field(
        default_factory=set
    )  # ghosts with zero-day rows, not missing rows
    duplicates: dict[str, str] = field(default_factory=dict)  # duplicate id → original id
    names: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # planted written names
    paid: dict[str, list[str]] = field(default_factory=dict)  # staff id → salary txn ids


def pad_payroll(ctx: Context) -> PayrollPlan:
    """Add ghost and duplicate staff to the payroll, and give some staff listed names."""
    rng = ctx.rng("payroll")
    plan = PayrollPlan()
    members = ctx.payroll.members
    subs = sorted({m.org_id for m in members if m.org_id.startswith("SUB")})
    for _ in range(max(3, round(len(members) * 0.02))):
        org = rng.choice(subs)
        post = rng.choice(GHOST_POSTS)
        district = next(m.district_code for m in members if m.org_id == org)
        ghost = hire(rng, ctx.pool, ctx.counters.ids, org, post, (260, 340), district)
        members.append(ghost)
        plan.ghosts.add(ghost.staff_id)
        if rng.random() < 0.5:
            plan.silent_ghosts.add(ghost.staff_id)
    for original in rng.sample(list(members), max(2, round(len(members) * 0.01))):
        if original.staff_id in plan.ghosts:
            continue
        copy = _duplicate(ctx, rng, original)
        members.append(copy)
        plan.duplicates[copy.staff_id] = original.staff_id
    count = max(3, round(len(members) / 400))
    targets = [
        m for m in members if m.staff_id not in plan.ghosts and m.staff_id not in plan.duplicates
    ]
    for member, listed in zip(
        rng.sample(targets, count), pick(ctx.listed, rng, count, person=True), strict=False
    ):
        v = make_variant(listed, rng)
        if listed.born is not None:
            _state_age(members, plan, member.staff_id, listed.born)
        plan.names[member.staff_id] = (
            v.parts[0],
            v.parts[1] if len(v.parts) > 1 else "",
            v.fa or transliterate(v.full),
        )
        ctx.plants.append(
            Plant(
                PlantKind.WATCHLIST_PARTY, {IdField.STAFF: (member.staff_id,)}, v.planted("staff")
            )
        )
    members.sort(key=lambda m: m.staff_id)
    return plan


def _state_age(members: list[StaffMember], plan: PayrollPlan, staff_id: str, born: int) -> None:
    """A listed man on staff states his own age on the staff form (and on the copy of his
    record, when the payroll carries him twice)."""
    copies = {c for c, original in plan.duplicates.items() if original == staff_id}
    key = int(staff_id[1:])
    for i, m in enumerate(members):
        if m.staff_id == staff_id or m.staff_id in copies:
            age = stated_age(born, FORMS_ON.year, key)
            members[i] = replace(m, person=replace(m.person, age=age))


def _duplicate(ctx: Context, rng: random.Random, original: StaffMember) -> StaffMember:
    person = original.person
    if rng.random() < 0.5:
        person = replace(person, phone=ctx.counters.ids.phone())  # same tazkira, new phone
    else:
        person = replace(person, tazkira="")  # the ID left off, the phone kept
    return replace(
        original,
        staff_id=ctx.counters.ids.staff_id(),
        person=person,
        style=(original.style + 1) % 4,
    )


def pay_salaries(ctx: Context, book: Book, plan: PayrollPlan, day: date) -> None:
    """One month's salaries, paid by each organisation to its staff."""
    for m in ctx.payroll.members:
        finance = ctx.payroll.of_org(m.org_id, "finance_officer") or ctx.payroll.of_org(
            m.org_id, "finance_manager"
        )
        pay = Payment(
            book.txn_id(),
            day,
            week_label(day),
            m.org_id,
            m.salary,
            "USD",
            "salary",
            payee_person=m.staff_id,
            approved_by=finance[0].staff_id,
            district=m.district_code,
        )
        book.pay(pay)
        plan.paid.setdefault(m.staff_id, []).append(pay.txn_id)


def write_payroll(ctx: Context, plan: PayrollPlan) -> None:
    rng = ctx.rng("staff-forms")
    with HxlWriter(ctx.out_dir / "staff.csv", STAFF) as out:
        for m in ctx.payroll.members:
            w = write_person(m.person, ctx.pool, m.style, BirthMode.YEAR, FORMS_ON, rng)
            given, father, fa = plan.names.get(m.staff_id, (w.given, w.father, w.name_fa))
            out.write(
                (
                    m.staff_id,
                    m.org_id,
                    given,
                    father,
                    fa,
                    m.position,
                    money(m.salary),
                    m.district_code,
                    m.person.phone,
                    m.person.tazkira,
                    w.birth_year,
                    m.hired_on.isoformat(),
                )
            )
    with HxlWriter(ctx.out_dir / "attendance.csv", ATTENDANCE) as out:
        days: dict[tuple[str, str], int] = {}
        for month in months(date(2024, 1, 1), ctx.scale.weeks * 7):
            for m in ctx.payroll.members:
                if m.staff_id in plan.ghosts and m.staff_id not in plan.silent_ghosts:
                    continue
                source = plan.duplicates.get(m.staff_id, m.staff_id)
                if (source, month) not in days:
                    days[(source, month)] = 0 if m.staff_id in plan.ghosts else rng.randint(19, 26)
                out.write((m.staff_id, month, days[(source, month)]))
    _plants(ctx, plan)


def _plants(ctx: Context, plan: PayrollPlan) -> None:
    for staff_id in sorted(plan.ghosts):
        ids = {IdField.STAFF: (staff_id,), IdField.TXN: tuple(plan.paid.get(staff_id, ()))}
        detail = {"attendance": "zero_days" if staff_id in plan.silent_ghosts else "missing"}
        ctx.plants.append(Plant(PlantKind.PAYROLL_GHOST, ids, detail))
    for dup, original in sorted(plan.duplicates.items()):
        ids = {IdField.STAFF: (original, dup), IdField.TXN: tuple(plan.paid.get(dup, ()))}
        ctx.plants.append(
            Plant(PlantKind.PAYROLL_DUPLICATE, ids, {"original": original, "duplicate": dup})
        )
