"""Two or three agencies' beneficiary registers with planted cross-registrations and innocent
look-alikes.

Agency A registers ``n`` people. Agency B registers ``n`` too: a share of them are A's people
registered again (*cross-registrations*, the truth), written the way a second form writes a
person — another romanisation, a birth year off by one or given as an age, a changed or missing
phone, a missing tazkira — and a share are *look-alikes*: other people who carry the full name of
one of A's people (common in Afghanistan, where three names are often all there is) or a
sibling's (same father and grandfather, same household phone), who must not be linked. Everyone
else is drawn afresh from the same name pool, so chance coincidences happen as they do on real
lists. Phones and tazkira numbers come from a running counter, so a shared one is always planted.

A third agency C (``agencies=3``) registers ``n`` people the same way: A's people again (some of
them B's as well, so some people are on all three lists), half as many of B's own people, and
look-alikes of A's. The truth is every pair of records of one person at two agencies; the
look-alikes are every pair at two agencies that carry one person's names but are two people.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

from aidtrace.demo.names import NamePool
from aidtrace.demo.writers import BENEFICIARIES

DISTRICTS = tuple(f"AF{p:02d}{d:02d}" for p in range(1, 9) for d in range(1, 6))
STYLES = 4
AGENCIES = ("AGENCY-A", "AGENCY-B", "AGENCY-C")


@dataclass(frozen=True)
class Person:
    given: int
    female: bool
    father: int
    grandfather: int
    birth_year: int
    phone: str
    tazkira: str
    district: str


@dataclass(frozen=True)
class Registers:
    """The agencies' rows (in the beneficiary list format) and the planted truth. Pairs are of
    member ids in sorted order: (A, B), (A, C) or (B, C)."""

    a: list[dict[str, str]]
    b: list[dict[str, str]]
    truth: frozenset[tuple[str, str]]  # the two records of one person at two agencies
    lookalikes: frozenset[tuple[str, str]]  # two people at two agencies alike: must not link
    c: list[dict[str, str]] = field(default_factory=list)  # a third agency's, if any

    def by_agency(self) -> list[tuple[str, list[dict[str, str]]]]:
        """(agency, rows) of each agency, A first."""
        registers = [self.a, self.b] + ([self.c] if self.c else [])
        return list(zip(AGENCIES, registers, strict=False))


class _Draw:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.pool, self.counter = rng, NamePool(), 0

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def phone(self) -> str:
        return f"07{self.rng.randint(0, 9)}{self._next() * 7919 % 10_000_000:07d}"

    def tazkira(self) -> str:
        n = self._next()
        return f"{1395 + n % 7}-{n * 104729 % 10_000:04d}-{n % 100_000:05d}"

    def person(self) -> Person:
        r, female = self.rng, self.rng.random() < 0.5
        name = self.pool.female_name(r) if female else self.pool.male_name(r)
        return Person(
            name,
            female,
            self.pool.male_name(r),
            self.pool.male_name(r),
            r.randint(1950, 2015),
            self.phone() if r.random() < 0.8 else "",
            self.tazkira() if r.random() < 0.7 else "",
            r.choice(DISTRICTS),
        )


def _row(draw: _Draw, p: Person, member_id: str, agency: str, style: int) -> dict[str, str]:
    pool, r = draw.pool, draw.rng
    as_age = r.random() < 0.3
    return {
        "member_id": member_id,
        "household_id": f"{member_id}-H",
        "list_id": f"{agency}-2026",
        "agency_org_id": agency,
        "given_name": pool.given(p.given, p.female).render(style),
        "father_name": pool.given(p.father, False).render(style),
        "grandfather_name": pool.given(p.grandfather, False).render(style),
        "gender": "f" if p.female else "m",
        "birth_year": "" if as_age else str(p.birth_year),
        "age": str(2026 - p.birth_year) if as_age else "",
        "phone": p.phone,
        "tazkira": p.tazkira,
        "district_code": p.district,
        "registered_on": "2026-01-15",
    }


def _second_form(draw: _Draw, p: Person) -> Person:
    """The same person as another agency's enumerator records them."""
    r = draw.rng
    year = p.birth_year + (r.choice((-1, 1)) if r.random() < 0.3 else 0)
    phone = p.phone if r.random() < 0.7 else (draw.phone() if r.random() < 0.5 else "")
    tazkira = p.tazkira if r.random() < 0.6 else ""
    district = p.district if r.random() < 0.9 else r.choice(DISTRICTS)
    return replace(p, birth_year=year, phone=phone, tazkira=tazkira, district=district)


def _lookalike(draw: _Draw, p: Person) -> Person:
    """Someone else with this person's names (or a sibling sharing the household phone)."""
    r, other = draw.rng, draw.person()
    if r.random() < 0.5:
        apart = r.randint(3, 30)
        year = p.birth_year - apart if p.birth_year - apart >= 1940 else p.birth_year + apart
        return replace(
            other,
            given=p.given,
            female=p.female,
            father=p.father,
            grandfather=p.grandfather,
            birth_year=year,
            district=p.district,
        )
    given = draw.pool.female_name(r) if other.female else draw.pool.male_name(r)
    if given == p.given and other.female == p.female:
        given = (given + 1) % len(draw.pool.female if other.female else draw.pool.male)
    return replace(
        other,
        given=given,
        father=p.father,
        grandfather=p.grandfather,
        phone=p.phone,
        district=p.district,
    )


# A planted record: the person, who they are (an identity key; None until given their row) and
# whose names they carry (an identity key, or None).
Planted = tuple[Person, Hashable, Hashable]


def generate(
    n: int,
    *,
    overlap: float = 0.1,
    lookalikes: float = 0.05,
    seed: int = 1,
    agencies: int = 2,
) -> Registers:
    """Registers of ``n`` people each: ``overlap`` of B (and of C) are A's people, ``lookalikes``
    of each are other people named like one of A's; with ``agencies=3``, C also holds half
    ``overlap`` of B's own people."""
    if agencies not in (2, 3):
        raise ValueError("the registers are of two or three agencies")
    draw = _Draw(random.Random(seed))
    people = [draw.person() for _ in range(n)]
    a = [
        _row(draw, p, f"A{i:07d}", AGENCIES[0], draw.rng.randrange(STYLES))
        for i, p in enumerate(people)
    ]
    planted: list[list[Planted]] = [[(p, ("A", i), ("A", i)) for i, p in enumerate(people)]]
    b_people = _second_agency(draw, people, overlap, lookalikes)
    rows = [a, _rows(draw, b_people, "B", AGENCIES[1])]
    planted.append(b_people)
    if agencies == 3:
        c_people = _third_agency(draw, people, b_people, overlap, lookalikes)
        rows.append(_rows(draw, c_people, "C", AGENCIES[2]))
        planted.append(c_people)
    members = [
        [(row["member_id"], who, named) for row, (_, who, named) in zip(rs, ps, strict=True)]
        for rs, ps in zip(rows, planted, strict=True)
    ]
    truth, near = _pairs(members)
    return Registers(rows[0], rows[1], truth, near, rows[2] if agencies == 3 else [])


def _second_agency(
    draw: _Draw, people: list[Person], overlap: float, lookalikes: float
) -> list[Planted]:
    n = len(people)
    shared = draw.rng.sample(range(n), int(n * overlap))
    alike = draw.rng.sample(range(n), int(n * lookalikes))
    out: list[Planted] = [(_second_form(draw, people[i]), ("A", i), ("A", i)) for i in shared]
    out += [(_lookalike(draw, people[i]), ("B-alike", k), ("A", i)) for k, i in enumerate(alike)]
    out += [(draw.person(), None, None) for _ in range(n - len(out))]
    draw.rng.shuffle(out)
    # Someone drawn afresh is known by their row in B, and carries their own names.
    return [
        (p, ("B", j), ("B", j)) if who is None else (p, who, named)
        for j, (p, who, named) in enumerate(out)
    ]


def _third_agency(
    draw: _Draw,
    people: list[Person],
    b_people: list[Planted],
    overlap: float,
    lookalikes: float,
) -> list[Planted]:
    n, r = len(people), draw.rng
    b_own = [j for j, (_, who, _) in enumerate(b_people) if who == ("B", j)]  # drawn afresh
    from_a = r.sample(range(n), int(n * overlap))
    from_b = r.sample(b_own, min(len(b_own), int(n * overlap / 2)))
    alike = r.sample(range(n), int(n * lookalikes))
    out: list[Planted] = [(_second_form(draw, people[i]), ("A", i), ("A", i)) for i in from_a]
    out += [(_second_form(draw, b_people[j][0]), ("B", j), ("B", j)) for j in from_b]
    out += [(_lookalike(draw, people[i]), ("C-alike", k), ("A", i)) for k, i in enumerate(alike)]
    out += [(draw.person(), None, None) for _ in range(n - len(out))]
    r.shuffle(out)
    return [
        (p, ("C", j), None) if who is None else (p, who, named)
        for j, (p, who, named) in enumerate(out)
    ]


def _rows(draw: _Draw, planted: list[Planted], prefix: str, agency: str) -> list[dict[str, str]]:
    return [
        _row(draw, p, f"{prefix}{j:07d}", agency, draw.rng.randrange(STYLES))
        for j, (p, _, _) in enumerate(planted)
    ]


def _pairs(
    agencies: list[list[tuple[str, Hashable, Hashable]]],
) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    """Truth and look-alike pairs from each agency's (member id, identity, names of) rows."""
    by_identity: dict[Hashable, list[tuple[int, str]]] = defaultdict(list)
    by_names: dict[Hashable, list[tuple[int, str, Hashable]]] = defaultdict(list)
    for k, rows in enumerate(agencies):
        for member, who, named in rows:
            by_identity[who].append((k, member))
            if named is not None:
                by_names[named].append((k, member, who))
    truth = {
        _pair(x, y)
        for group in by_identity.values()
        for (i, x), (j, y) in combinations(group, 2)
        if i != j
    }
    near = {
        _pair(x, y)
        for group in by_names.values()
        for (i, x, p), (j, y, q) in combinations(group, 2)
        if i != j and p != q
    }
    return frozenset(truth), frozenset(near)


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def write_register(path: Path, rows: list[dict[str, str]]) -> Path:
    """A beneficiary list CSV (header row, HXL row, data), as ``aidtrace import`` reads it."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([c for c, _ in BENEFICIARIES])
        writer.writerow([h for _, h in BENEFICIARIES])
        writer.writerows([row.get(c, "") for c, _ in BENEFICIARIES] for row in rows)
    return path


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(found: Iterable[tuple[str, str]], truth: frozenset[tuple[str, str]]) -> Score:
    """Cross-agency pairs found against the planted ones."""
    got = set(found)
    return Score(len(got & truth), len(got - truth), len(truth - got))


def gregorian_year(row: dict[str, str], registered: int = 2026) -> int | None:
    """The birth year a row gives (an age counts back from the registration year)."""
    if row.get("birth_year"):
        return int(row["birth_year"])
    return registered - int(row["age"]) if row.get("age") else None


def set_up(root: Path, registers: Registers, consortium: str = "demo") -> tuple[Path, ...]:
    """A workspace per agency under ``root`` (keys beside them), each with its agency's
    register imported, all in one consortium at round 1; returns their paths, A first."""
    from aidtrace.consortium import secret
    from aidtrace.ingest import get_importer
    from aidtrace.progress import no_progress
    from aidtrace.workspace import Workspace

    paths = []
    received = None
    for agency, rows in registers.by_agency():
        path = root / agency
        with Workspace.create(path, key_file=root / f"{agency}.key") as ws:
            csv_path = write_register(root / f"{agency}.csv", rows)
            get_importer("beneficiaries").load(ws, csv_path, no_progress)
            csv_path.unlink()
            if received is None:
                c = secret.create(ws, consortium, agency)
                received = secret.SecretFile(c.name, c.current)
            else:
                secret.join(ws, received, agency)
        paths.append(path)
    return tuple(paths)
