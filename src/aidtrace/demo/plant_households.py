"""Planted beneficiaries: listed persons heading households, ghost households, duplicates.

Ghosts are never seen at a distribution (yet are paid or counted) and carry the fingerprints field
monitors look for: a phone or tazkira shared across unrelated households (often the enumerator's
own phone), a roster copied from a neighbour, a burst of forms by one enumerator on one day, or
ages no household has (a head aged nine, a member aged 117). Duplicates are real households
registered a second time — with another agency where one works in the district — written
differently: another romanisation, a title, the birth year in the other calendar or as an age,
a mistyped tazkira, a new phone.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from aidtrace.demo.context import Context
from aidtrace.demo.households import Household, family_persons
from aidtrace.demo.listed import Listed
from aidtrace.demo.people import BirthMode, Person, stated_age
from aidtrace.demo.truth import IdField, Plant, PlantKind
from aidtrace.demo.variants import Variant, make_variant, transliterate
from aidtrace.demo.watchlist import pick
from aidtrace.places.gazetteer import province_of

if TYPE_CHECKING:
    from aidtrace.demo.register import Registrar

GHOST_KINDS = ("shared_phone", "shared_tazkira", "copied_roster", "age_anomaly")
DUP_VARIATIONS = (
    "romanisation",
    "title_added",
    "birth_recorded_differently",
    "tazkira_typo",
    "phone_changed",
)
IMPOSSIBLE_HEAD_AGES = (7, 9, 11, 104, 112, 126)
# An assumption of the demo world: half the listed men planted as beneficiaries are registered
# where they were born (in the district the list names, else in its province) when the
# operation works there; the others where they fled to or settled. Screening at import does not
# know this share; it weighs a birthplace only by how many of the register live there.
HOME_SHARE = 0.5


@dataclass(frozen=True)
class GhostGroup:
    kind: str
    size: int
    burst: bool


@dataclass
class HouseholdPlan:
    watch: dict[int, Variant]
    ghosts: dict[int, GhostGroup]
    dups: dict[int, list[int]]
    sources: set[int]
    plants: list[Plant] = field(default_factory=list)

    def dress(self, ctx: Context, hh: Household, index: int, rng: random.Random) -> Household:
        """Give a clean household a listed person's name if the plan says so."""
        variant = self.watch.get(index)
        if variant is None:
            return hh
        parts = (*variant.parts, "", "")[:3]
        fa = variant.fa or transliterate(variant.full)
        ids = {IdField.MEMBER: (hh.head.member_id,), IdField.HOUSEHOLD: (hh.household_id,)}
        detail = variant.planted("beneficiary")
        district = ctx.net.programmes[hh.programme].district.code
        born_in = variant.listed.born_in
        detail["registered_where_born"] = bool(born_in) and district.startswith(
            province_of(born_in)
        )
        self.plants.append(Plant(PlantKind.WATCHLIST_PARTY, ids, detail))
        person = replace(hh.head.person, female=False)
        if variant.listed.born is not None:  # a listed man states his own age, as anyone would
            key = int(hh.head.member_id[1:])
            person = replace(
                person, age=stated_age(variant.listed.born, hh.registered_on.year, key)
            )
        head = replace(hh.head, person=person)
        return replace(
            hh, members=(head, *hh.members[1:]), head_name=(parts[0], parts[1], parts[2], fa)
        )

    def planted_at(
        self, index: int, reg: Registrar, hh: Household
    ) -> Iterator[tuple[Household, bool]]:
        if index in self.ghosts:
            yield from ((g, True) for g in self._ghosts(self.ghosts[index], reg, hh))
        for source in self.dups.get(index, ()):
            yield _duplicate(reg, reg.by_index[source], self.plants), False

    def _ghosts(self, group: GhostGroup, reg: Registrar, near: Household) -> list[Household]:
        rng, ids = reg.rng, reg.ctx.counters.ids
        enumerator = reg.ctx.payroll.by_id()[near.enumerator]
        shared = _Shared(
            enumerator.person.phone if rng.random() < 0.5 else ids.phone(), ids.tazkira()
        )
        day = reg.enumerator(near.enumerator).day
        made: list[Household] = []
        for _ in range(group.size):
            people = _ghost_people(group.kind, reg, shared)
            hh = reg.new_household(near.programme, near.enumerator, people)
            if group.kind == "age_anomaly":  # the ages are the point: the form shows them
                hh = replace(hh, members=tuple(replace(m, mode=BirthMode.AGE) for m in hh.members))
            made.append(replace(hh, registered_on=day) if group.burst else hh)
        indicators = sorted({group.kind, *(["burst_registration"] if group.burst else [])})
        detail: dict[str, object] = {
            "indicators": indicators,
            "enumerator_id": near.enumerator,
            "never_reached": True,
        }
        if shared.copied_from:
            detail["copied_from"] = shared.copied_from
        ids_ = {
            IdField.HOUSEHOLD: tuple(h.household_id for h in made),
            IdField.MEMBER: tuple(m.member_id for h in made for m in h.members),
        }
        self.plants.append(Plant(PlantKind.GHOST_BENEFICIARY, ids_, detail))
        return made

    def finish(self) -> list[Plant]:
        return self.plants


@dataclass
class _Shared:
    """What one ghost group has in common."""

    phone: str
    tazkira: str
    copied_from: list[str] = field(default_factory=list)


def _ghost_people(kind: str, reg: Registrar, shared: _Shared) -> list[Person]:
    rng = reg.rng
    people = family_persons(rng, reg.ctx.pool, reg.ctx.counters.ids)
    if kind == "copied_roster":
        source = rng.choice(list(reg.recent))
        shared.copied_from.append(source.household_id)
        return [replace(m.person, phone="", tazkira="") for m in source.members]
    if kind == "age_anomaly":
        return _aged(rng, people)
    if kind == "shared_phone":
        return [replace(people[0], phone=shared.phone), *(replace(p, phone="") for p in people[1:])]
    if kind == "shared_tazkira":
        return [replace(people[0], tazkira=shared.tazkira), *people[1:]]
    return people


def _aged(rng: random.Random, people: list[Person]) -> list[Person]:
    head = replace(people[0], age=rng.choice(IMPOSSIBLE_HEAD_AGES))
    return [head] + [replace(p, age=max(10, 10 * round(p.age / 10))) for p in people[1:]]


def _typo(number: str, rng: random.Random) -> str:
    digits = [i for i, c in enumerate(number) if c.isdigit() and i > 4]
    i = rng.choice(digits)
    return number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1 :]


def _duplicate(reg: Registrar, source: Household, plants: list[Plant]) -> Household:
    rng, ctx = reg.rng, reg.ctx
    options = [v for v in DUP_VARIATIONS if v != "tazkira_typo" or source.head.person.tazkira]
    variations = sorted(rng.sample(options, rng.choice((2, 3))))
    head = source.head.person
    if "title_added" in variations:
        title = 0 if head.age > 35 else 3  # Haji for older men, Qari (reciter) for younger
        head = replace(head, title=title if head.title != title else 4)
    if "tazkira_typo" in variations:
        head = replace(head, tazkira=_typo(head.tazkira, rng))
    if "phone_changed" in variations:
        head = replace(head, phone=ctx.counters.ids.phone())
    programme, cross = _other_programme(ctx, source.programme)
    team = ctx.payroll.enumerators[programme]
    people = [head] + [m.person for m in source.members[1:]]
    style = source.head.style
    if "romanisation" in variations:
        style = next(
            s for s in (1, 2, 3, 0) if _renders_differently(ctx, head, source.head.style, s)
        )
    hh = reg.new_household(programme, rng.choice(team), people, style=style)
    mode = source.head.mode
    if "birth_recorded_differently" in variations:  # age only, or the year in the other calendar
        mode = rng.choice(
            [m for m in (BirthMode.AGE, BirthMode.YEAR, BirthMode.SOLAR_HIJRI) if m != mode]
        )
    first = replace(hh.members[0], mode=mode, style=style)
    others = tuple(
        replace(m, mode=o.mode, style=style)
        for m, o in zip(hh.members[1:], source.members[1:], strict=True)
    )
    hh = replace(hh, members=(first, *others))
    pairs = [[a.member_id, b.member_id] for a, b in zip(source.members, hh.members, strict=True)]
    ids = {
        IdField.MEMBER: (source.head.member_id, first.member_id),
        IdField.HOUSEHOLD: (source.household_id, hh.household_id),
    }
    detail = {
        "variations": variations,
        "cross_agency": cross,
        "member_pairs": pairs,
        "birth_recorded": [source.head.mode.value, mode.value],
    }
    plants.append(Plant(PlantKind.DUPLICATE_BENEFICIARY, ids, detail))
    return hh


def _renders_differently(ctx: Context, p: Person, a: int, b: int) -> bool:
    g = ctx.pool.given(p.given, p.female)
    f = ctx.pool.male[p.father]
    return b != a and (g.render(a) != g.render(b) or f.render(a) != f.render(b))


def _other_programme(ctx: Context, programme: int) -> tuple[int, bool]:
    mine = ctx.net.programmes[programme]
    for i, p in enumerate(ctx.net.programmes):
        if p.district.code == mine.district.code and p.agency != mine.agency:
            return i, True
    return programme, False


def _at_home(ctx: Context, chosen: list[int], listed: list[Listed], sources: set[int]) -> list[int]:
    """Where each listed man is registered: for ``HOME_SHARE`` of them (drawn from a stream of
    their own, so the rest of the world is unchanged) a household of a programme in the
    district the list says he was born in, or else in its province, when the operation works
    there; the household ``chosen`` for him otherwise."""
    rng = ctx.rng("watchlist-home")
    spans: list[tuple[str, range]] = []
    start = 0
    for prog in ctx.net.programmes:
        spans.append((prog.district.code, range(start, start + prog.households)))
        start += prog.households
    taken = set(chosen) | sources
    out = list(chosen)
    for k, x in enumerate(listed[: len(chosen)]):
        if not x.born_in or rng.random() >= HOME_SHARE:
            continue
        for place in (x.born_in, province_of(x.born_in)):
            homes = [i for code, span in spans if code.startswith(place) for i in span]
            free = [i for i in homes if i not in taken]
            if free:
                taken.discard(out[k])
                out[k] = rng.choice(free)
                taken.add(out[k])
                break
    return out


def make_plan(ctx: Context, rng: random.Random, total: int) -> HouseholdPlan:
    n_watch = max(4, round(total / 5000))
    n_dup = max(10, round(total * 0.01))
    chosen = rng.sample(range(total), n_watch + n_dup)
    listed = pick(ctx.listed, ctx.rng("watchlist-beneficiaries"), n_watch, person=True)
    sources = set(chosen[n_watch:])
    at = _at_home(ctx, chosen[:n_watch], listed, sources)
    watch = {i: make_variant(x, rng) for i, x in zip(at, listed, strict=False)}
    dups: dict[int, list[int]] = {}
    for s in sorted(sources):
        dups.setdefault(min(total - 1, s + rng.randint(0, max(1, total // 10))), []).append(s)
    target = max(50, round(total * 0.015))
    groups = [
        GhostGroup("burst_registration", rng.randint(30, 45), True)
        for _ in range(max(1, round(target * 0.4 / 37)))
    ]
    for _ in range(max(1, round(target * 0.6 / 7 / len(GHOST_KINDS)))):
        groups += [GhostGroup(k, rng.randint(4, 10), False) for k in GHOST_KINDS]
    positions = rng.sample(range(min(20, total // 2), total), len(groups))
    return HouseholdPlan(watch, dict(zip(positions, groups, strict=True)), dups, sources)
