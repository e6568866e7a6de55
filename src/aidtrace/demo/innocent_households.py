"""Innocent households: what a real register holds that looks like a duplicate or a ghost.

Unrelated men share a given and a father's name (a handful of names cover most Afghan men, and
cousins are named after one grandfather); brothers head households in two districts; a family
that fled registers again months later in the district it reached (its old household stops
being served that week); brothers next door give one phone; a phone or tazkira is typed with a
slip; an enumerator spells a name their own way. Each case is recorded in the ground truth as an
:class:`~aidtrace.demo.truth.Innocent` of its pattern.

Every draw comes from the noise's own streams, so the planted cases sit at the same places at
every noise level, and level 0 draws nothing at all.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from aidtrace.demo.context import START, Context
from aidtrace.demo.households import Household
from aidtrace.demo.listed import Listed
from aidtrace.demo.people import Person
from aidtrace.demo.slips import mistype, respell
from aidtrace.demo.truth import IdField, Innocent, Pattern

if TYPE_CHECKING:
    from aidtrace.demo.register import Registrar

Row = tuple[str | int, ...]
NAME_COLUMNS = {4: "given_name", 5: "father_name", 6: "grandfather_name"}
SAME_DISTRICT = 0.6  # namesakes: most share a district (the same few names, the same valley)
CANDIDATES = 400  # recent clean heads a namesake or brother is drawn from


@dataclass(frozen=True)
class Seen:
    """A clean household head, for later households to be related to or named like."""

    household_id: str
    member_ids: tuple[str, ...]  # the head first
    programme: int
    district: str
    person: Person


@dataclass(frozen=True)
class Link:
    """A relation to record once the new household has its ids."""

    pattern: Pattern
    other: Seen | None  # the household it is related to or named like (none for a listed name)
    detail: dict[str, object]


def renamed(people: list[Person], head: Person) -> list[Person]:
    """The household with a new head name; children and brothers follow the head's names."""
    old = people[0]
    out = [head]
    for p in people[1:]:
        if not old.female and (p.father, p.grandfather) == (old.given, old.father):
            p = replace(p, father=head.given, grandfather=head.father)  # a child of the head
        elif not p.female and (p.father, p.grandfather) == (old.father, old.grandfather):
            p = replace(p, father=head.father, grandfather=head.grandfather)  # a brother
        out.append(replace(p, family=head.family) if p.family == old.family else p)
    return out


def listed_names(ctx: Context) -> list[tuple[Listed, int, int, int]]:
    """Listed persons whose given, father's and grandfather's names are names of the pool (as
    pool indices): the ones a clean head can be named like."""
    index = {form.lower(): i for i, n in enumerate(ctx.pool.male) for form in n.latin}
    out: list[tuple[Listed, int, int, int]] = []
    for listed in ctx.listed:
        parts = [index.get(part.lower(), -1) for part in listed.parts[:3]]
        if listed.person and len(parts) == 3 and min(parts) >= 0:
            out.append((listed, parts[0], parts[1], parts[2]))
    return out


def rephoned(people: list[Person], phone: str) -> list[Person]:
    """Everyone who gave the head's phone now gives ``phone``."""
    old = people[0].phone
    return [replace(p, phone=phone) if p.phone == old else p for p in people]


class Lookalikes:
    """Makes the innocent households while the registrar registers clean ones."""

    def __init__(self, ctx: Context, excluded: set[int]) -> None:
        self.ctx = ctx
        self.noise = ctx.noise
        self.rng = ctx.rng("noise-households")
        self.spell_rng = ctx.rng("noise-spelling")
        self.excluded = excluded  # plan positions: planted heads and sources of duplicates
        self.heads: deque[Seen] = deque(maxlen=CANDIDATES)
        self.listed = listed_names(ctx)
        # this household's slips: member position, field, the number as it is, as it was typed
        self.slips: list[tuple[int, str, str, str]] = []

    def people(
        self, index: int, programme: int, people: list[Person], related: bool
    ) -> tuple[list[Person], list[Link]]:
        """The household's people after the noise, and the relations to record for it
        (``related``: the head is already the son of the last household's head)."""
        if self.noise.clean or index in self.excluded:
            return people, []
        links: list[Link] = []
        if not related and not people[0].female and self.heads:
            people, links = self._related(programme, people)
        return self._mistyped(people), links

    def _related(self, programme: int, people: list[Person]) -> tuple[list[Person], list[Link]]:
        n, roll = self.noise, self.rng.random()
        if roll < n.namesake:
            return self._namesake(programme, people)
        if roll < n.namesake + n.relative_elsewhere:
            return self._brother(programme, people, elsewhere=True)
        if roll < n.namesake + n.relative_elsewhere + n.shared_phone:
            return self._brother(programme, people, elsewhere=False)
        if roll < n.namesake + n.relative_elsewhere + n.shared_phone + n.listed_namesake:
            return self._listed_namesake(people)
        return people, []

    def _listed_namesake(self, people: list[Person]) -> tuple[list[Person], list[Link]]:
        """The head carries a listed person's given and father's name (never the grandfather's):
        the commonest names of the country are on the lists too."""
        if not self.listed:
            return people, []
        listed, given, father, grandfather = self.rng.choice(self.listed)
        head = replace(people[0], given=given, father=father)
        while head.grandfather == grandfather:
            head = replace(head, grandfather=self.ctx.pool.male_name(self.rng))
        detail: dict[str, object] = {
            "listed_ref": listed.ref,
            "listed_parts": list(listed.parts[:3]),
        }
        return renamed(people, head), [Link(Pattern.LISTED_NAMESAKE, None, detail)]

    def _district(self, programme: int) -> str:
        return self.ctx.net.programmes[programme].district.code

    def _pick(self, programme: int, where: str) -> Seen | None:
        """A recent clean head ``next_door`` (the team's last form), in the ``same`` district or
        ``elsewhere``."""
        here = self._district(programme)
        if where == "next_door" and self.heads[-1].programme == programme:
            options = [self.heads[-1]]
        elif where == "elsewhere":
            options = [s for s in self.heads if s.district != here]
        else:
            options = [s for s in self.heads if s.district == here]
        return self.rng.choice(options) if options else None

    def _namesake(self, programme: int, people: list[Person]) -> tuple[list[Person], list[Link]]:
        same = self.rng.random() < SAME_DISTRICT
        other = self._pick(programme, "same" if same else "elsewhere")
        if other is None:
            return people, []
        o, head = other.person, people[0]
        cousin = self.rng.random() < 0.3  # named after one grandfather: all three names alike
        head = replace(head, given=o.given, father=o.father)
        if cousin:
            head = replace(head, grandfather=o.grandfather)
        detail: dict[str, object] = {"same_district": same, "grandfather_too": cousin}
        return renamed(people, head), [Link(Pattern.NAMESAKE, other, detail)]

    def _brother(
        self, programme: int, people: list[Person], elsewhere: bool
    ) -> tuple[list[Person], list[Link]]:
        other = self._pick(programme, "elsewhere" if elsewhere else "next_door")
        if other is None:
            return people, []
        o, head = other.person, people[0]
        given = head.given
        while given == o.given:
            given = self.ctx.pool.male_name(self.rng)
        head = replace(head, given=given, father=o.father, grandfather=o.grandfather)
        people = renamed(people, replace(head, family=o.family))
        if elsewhere:
            return people, [Link(Pattern.RELATIVE_ELSEWHERE, other, {"relation": "brother"})]
        detail: dict[str, object] = {"relation": "brother", "phone_of": other.household_id}
        return rephoned(people, o.phone), [Link(Pattern.SHARED_PHONE, other, detail)]

    def _mistyped(self, people: list[Person]) -> list[Person]:
        out: list[Person] = []
        for p in people:
            numbers = {"phone": p.phone, "tazkira": p.tazkira}
            fields = [f for f, number in numbers.items() if number]
            if fields and self.rng.random() < self.noise.mistyped:
                f = self.rng.choice(fields)
                typed = mistype(numbers[f], self.rng)
                p = replace(p, phone=typed) if f == "phone" else replace(p, tazkira=typed)
                self.slips.append((len(out), f, numbers[f], typed))
            out.append(p)
        return out

    def record(self, hh: Household, links: list[Link], parent: Seen | None) -> None:
        """Record the household's innocent cases; remember its head for later households."""
        mine = self.seen(hh)
        for link in links:
            others = () if link.other is None else (link.other,)
            self._innocent(link.pattern, (*others, mine), link.detail)
        if parent is not None:  # a married son next door, on his father's phone (every level)
            detail: dict[str, object] = {"relation": "father_and_son"}
            self._innocent(Pattern.SHARED_PHONE, (parent, mine), detail)
        for position, field, usual, written in self.slips:
            member = hh.members[position].member_id
            ids = {IdField.MEMBER: (member,), IdField.HOUSEHOLD: (hh.household_id,)}
            detail = {"field": field, "usual": usual, "written": written}
            self.ctx.innocent.append(Innocent(Pattern.MISTYPED_DIGITS, ids, detail))
        self.slips = []

    def _innocent(
        self, pattern: Pattern, households: tuple[Seen, ...], detail: dict[str, object]
    ) -> None:
        """One case of ``pattern`` in one or two households (every member named)."""
        ids = {
            IdField.HOUSEHOLD: tuple(h.household_id for h in households),
            IdField.MEMBER: tuple(m for h in households for m in h.member_ids),
        }
        self.ctx.innocent.append(Innocent(pattern, ids, detail))

    def seen(self, hh: Household) -> Seen:
        ids = tuple(m.member_id for m in hh.members)
        district = self._district(hh.programme)
        return Seen(hh.household_id, ids, hh.programme, district, hh.head.person)

    def clean_head(self, household_id: str) -> Seen | None:
        """The last household remembered, if it is ``household_id`` (planted ones are not)."""
        last = self.heads[-1] if self.heads else None
        return last if last is not None and last.household_id == household_id else None

    def remember(self, hh: Household) -> None:
        if not hh.head.person.female:
            self.heads.append(self.seen(hh))

    def spelled(self, hh: Household, rows: list[Row]) -> list[Row]:
        """The household's rows with a name part here and there spelled another way."""
        if self.noise.clean:
            return rows
        out = []
        for row in rows:
            if self.spell_rng.random() < self.noise.name_spelling:
                row = self._respelled(hh, row)
            out.append(row)
        return out

    def _respelled(self, hh: Household, row: Row) -> Row:
        column = self.spell_rng.choice((4, 4, 4, 5, 5, 6))
        text = str(row[column])
        written, way = respell(text, self.spell_rng)
        self.ctx.innocent.append(
            Innocent(
                Pattern.NAME_SPELLING,
                {IdField.MEMBER: (str(row[0]),), IdField.HOUSEHOLD: (hh.household_id,)},
                {"field": NAME_COLUMNS[column], "usual": text, "written": written, "how": way},
            )
        )
        return (*row[:column], written, *row[column + 1 :])

    def moves_in(self, index: int) -> int | None:
        """The week a clean household flees and is registered again elsewhere, if it does."""
        weeks = self.ctx.scale.weeks
        if self.noise.clean or index in self.excluded or weeks < 8:
            return None
        if self.rng.random() >= self.noise.re_registration:
            return None
        return self.rng.randint(4, weeks - 4)  # served at least one cycle in each place

    def re_register(self, reg: Registrar, hh: Household, week: int) -> Household:
        """The same family registered again in another district, the week it arrived there."""
        progs = self.ctx.net.programmes
        here = progs[hh.programme].district.code
        options = [i for i, p in enumerate(progs) if p.district.code != here]
        programme = self.rng.choice(options) if options else hh.programme
        team = self.ctx.payroll.enumerators[programme]
        people = [m.person for m in hh.members]
        if self.rng.random() < 0.5:  # a new SIM card in the new place
            people = rephoned(people, self.ctx.counters.ids.phone())
        again = reg.new_household(programme, self.rng.choice(team), people)
        # between the last hand-over where it lived (a Thursday at latest) and its first here
        arrived = START + timedelta(days=7 * week - self.rng.randint(0, 2))
        again = replace(again, registered_on=arrived)
        detail: dict[str, object] = {
            "moved_from": here,
            "moved_to": progs[programme].district.code,
            "registered_again_on": arrived.isoformat(),
            "member_pairs": [
                [a.member_id, b.member_id] for a, b in zip(hh.members, again.members, strict=True)
            ],
        }
        self._innocent(Pattern.RE_REGISTRATION, (self.seen(hh), self.seen(again)), detail)
        return again
