"""The screened population's name rarity, kept in the workspace.

Screening at import counts the people's name skeletons as they stream past
(``names.rarity.PopulationCounter``) and weighs their names with those counts: among 20,000
Afghan beneficiaries "Mohammad" and "Gul" are everywhere, whatever the watchlists say. The
common skeletons of each import are stored here (one counting per import, rewritten batch by
batch inside the import's transaction, so a failed import leaves none), and every later
screening of the workspace (the monitor, a rescreen after a list update, the screening box)
adds them to the list rarity, so it weighs names as the import did.

The same counts, with the people's birth years (common years only, likewise), say how many
people of the register would carry a listed name by chance (``Namesakes``): a listed "Mohammad
Ishaq Younis" is carried by dozens of innocent men among 20,000 beneficiaries, and by none among
200 staff. The register is everyone of that kind the workspace holds: an import counts the
people of the earlier imports of its kind (as stored) with its own, so a register imported in
many small files has the namesakes it would have in one. Screening at import asks for more than
the name where the register is expected to hold namesakes (``people.screening``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import MIN_PEOPLE, PopulationCounter, skeletons
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.match import NameMatch
from aidtrace.workspace import Workspace

# How many people of a register may be expected to carry a hit's evidence by chance (the listed
# name's matched parts, as a chain in the listed order where the hit carries it so, and, where it
# agrees, a birth year in the listed range) before the hit stops being raised on that evidence
# alone. At 0.2 the chance that even one other person carries it is under a fifth
# (1 - e^-0.2); the cut-off is on an expected count, so it keeps its meaning as the register
# grows. Chosen on the detection benchmark's tuning seeds 1-20 only (scale 20,000; at 3,000 the
# same hits expect a seventh as many namesakes, at 100,000 five times as many).
CHANCE_CARRIERS = 0.2

# The fewest listed parts a name carried as the listed chain's lead may have: the given and the
# father's name. A given name alone is shared by too many men to be anyone's evidence.
LEAD_PARTS = 2


def matched_parts(match: NameMatch) -> list[frozenset[str]]:
    """The skeletons a register counts each matched part of the screened name under (``Namesakes``
    gives how common each is)."""
    return [frozenset(skeletons(analyse(p.query, False))) for p in match.pairs]


def orders(parts: Sequence[frozenset[str]]) -> int:
    """In how many distinct orders ``parts`` can stand (a repeated part, Mohammad Zahir Mohammad
    Zahir, gives fewer)."""
    count = math.factorial(len(parts))
    for repeats in Counter(parts).values():
        count //= math.factorial(repeats)
    return max(1, count)


_SCHEMA = pa.schema([("count_id", pa.string()), ("skeleton", pa.string()), ("people", pa.int64())])
_YEARS = pa.schema([("count_id", pa.string()), ("year", pa.int32()), ("people", pa.int64())])
_PLACES = pa.schema([("count_id", pa.string()), ("place", pa.string()), ("people", pa.int64())])


def save_counts(
    workspace: Workspace,
    count_id: str,
    kind: str,
    counter: PopulationCounter,
    born: Mapping[int, int] | None = None,
    places: Mapping[str, int] | None = None,
) -> None:
    """Store (or restate) one counting: its people, its shareable skeleton counts, and the birth
    years and districts at least ``MIN_PEOPLE`` of its people share (``born``: people per birth
    year; ``places``: people per district P-code)."""
    engine = workspace.engine
    engine.execute("DELETE FROM screening_population WHERE count_id = ?", (count_id,))
    engine.execute("DELETE FROM screening_population_born WHERE count_id = ?", (count_id,))
    engine.execute("DELETE FROM screening_population_places WHERE count_id = ?", (count_id,))
    engine.execute("DELETE FROM screening_population_counts WHERE count_id = ?", (count_id,))
    engine.execute(
        "INSERT INTO screening_population_counts VALUES (?, ?, ?, ?)",
        (count_id, kind, counter.people, workspace.clock()),
    )
    rows = [
        {"count_id": count_id, "skeleton": k, "people": n} for k, n in counter.shareable().items()
    ]
    if rows:
        engine.register("__population", pa.Table.from_pylist(rows, schema=_SCHEMA))
        engine.execute("INSERT INTO screening_population SELECT * FROM __population")
    _save_common(workspace, "screening_population_born", _YEARS, count_id, born or {})
    _save_common(workspace, "screening_population_places", _PLACES, count_id, places or {})


def _save_common(
    workspace: Workspace,
    table: str,
    schema: pa.Schema,
    count_id: str,
    counts: Mapping[int, int] | Mapping[str, int],
) -> None:
    """Store one counting's values (birth years, districts) that at least ``MIN_PEOPLE`` of its
    people share, into ``table`` (columns: count_id, the value, people)."""
    column = schema.names[1]
    rows = [
        {"count_id": count_id, column: value, "people": n}
        for value, n in counts.items()
        if n >= MIN_PEOPLE
    ]
    if rows:
        workspace.engine.register("__population_common", pa.Table.from_pylist(rows, schema=schema))
        workspace.engine.execute(f"INSERT INTO {table} SELECT * FROM __population_common")


def held_register(
    workspace: Workspace, kind: str
) -> tuple[PopulationCounter, Counter[int], Counter[str]]:
    """The name, birth-year and district counts of the people of ``kind`` (beneficiaries,
    staff) that the workspace's imports so far brought in, as stored (common skeletons, years
    and districts only)."""
    engine = workspace.engine
    people = engine.query(
        "SELECT coalesce(sum(people), 0) AS n FROM screening_population_counts WHERE kind = ?",
        (kind,),
    )
    names = engine.query(
        "SELECT p.skeleton, sum(p.people) AS n FROM screening_population p "
        "JOIN screening_population_counts c USING (count_id) WHERE c.kind = ? GROUP BY p.skeleton",
        (kind,),
    ).to_pylist()
    years = engine.query(
        "SELECT b.year, sum(b.people) AS n FROM screening_population_born b "
        "JOIN screening_population_counts c USING (count_id) WHERE c.kind = ? GROUP BY b.year",
        (kind,),
    ).to_pylist()
    places = engine.query(
        "SELECT p.place, sum(p.people) AS n FROM screening_population_places p "
        "JOIN screening_population_counts c USING (count_id) WHERE c.kind = ? GROUP BY p.place",
        (kind,),
    ).to_pylist()
    counts = Counter({str(r["skeleton"]): int(r["n"]) for r in names})
    held = PopulationCounter(counts, int(people.column("n")[0].as_py()))
    where = Counter({str(r["place"]): int(r["n"]) for r in places})
    return held, Counter({int(r["year"]): int(r["n"]) for r in years}), where


def stored_counts(workspace: Workspace) -> tuple[dict[str, int], int]:
    """The skeleton counts and the number of people of every counting so far, summed."""
    engine = workspace.engine
    people = engine.query("SELECT coalesce(sum(people), 0) AS n FROM screening_population_counts")
    total = int(people.column("n")[0].as_py())
    rows = engine.query(
        "SELECT skeleton, sum(people) AS n FROM screening_population GROUP BY skeleton"
    ).to_pylist()
    return {str(r["skeleton"]): int(r["n"]) for r in rows}, total


def add_population(index: ScreeningIndex, workspace: Workspace) -> ScreeningIndex:
    """``index`` with the stored population counted into its rarity (in place, so anything
    the index derived from the weights takes them again)."""
    counts, people = stored_counts(workspace)
    if people:
        index.rarity.add_counts(counts, people)
    return index


@dataclass
class Namesakes:
    """A screened register's name and birth-year counts, to say how many of its people would
    carry a listed name, and a birth year in the listed range, by chance.

    Name parts are taken as independent (a first approximation: a father's name does not
    depend much on his son's): among ``P`` other people, where a share ``f_i`` carries each
    matched part and a share ``q`` was born in the listed range, ``P × Π f_i × q`` carry both.
    The screened person is one of the counted people, and is left out of every count: a man
    alone in his register has no namesake, however common his name. A hit whose evidence many
    other people share is not, on that evidence alone, the listed man.

    ``names`` and ``born`` are the import's own people, counted as its batches stream past;
    ``held`` and ``held_born`` the people of the same register that earlier imports brought into
    the workspace (``held_register``: common skeletons and years only, the rest count as none)."""

    names: PopulationCounter = field(default_factory=PopulationCounter)
    born: Counter[int] = field(default_factory=Counter)  # people per birth year, where known
    held: PopulationCounter = field(default_factory=PopulationCounter)
    held_born: Counter[int] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)  # people per district P-code, if known
    held_places: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of_register(cls, workspace: Workspace, kind: str, names: PopulationCounter) -> Namesakes:
        """The namesakes of an import of ``kind`` counted into ``names``, among everyone of that
        kind the workspace already holds as well."""
        held, held_born, held_places = held_register(workspace, kind)
        return cls(names, Counter(), held, held_born, Counter(), held_places)

    def add_years(self, years: Iterable[int | None]) -> None:
        self.born.update(y for y in years if y is not None)

    def add_places(self, places: Iterable[str]) -> None:
        """Count the people's districts (P-codes; an unknown one is left out)."""
        self.places.update(p for p in places if p)

    @property
    def people(self) -> int:
        """The register's people: the import's and those held before it."""
        return self.names.people + self.held.people

    def carrying(self, skeleton: str) -> int:
        return self.names.counts.get(skeleton, 0) + self.held.counts.get(skeleton, 0)

    def share_carrying(self, skeletons: Iterable[str]) -> float:
        """The share of the other people carrying one name part (given as its skeletons: the
        rarest counts, as a compound part such as Abdul Ghani is counted under each of its
        own)."""
        others = self.people - 1
        counts = [self.carrying(s) - 1 for s in skeletons]
        if others < 1 or not counts:
            return 1.0
        return min(1.0, max(0, min(counts)) / others)

    def share_born(self, first: int, last: int) -> float:
        """The share of the other people with a known birth year who were born ``first``–``last``
        (the screened man among them)."""
        years = self.born + self.held_born
        others = sum(years.values()) - 1
        if others < 1:
            return 1.0
        born = sum(n for year, n in years.items() if first <= year <= last) - 1
        return max(0, born) / others

    def share_living(self, place: str) -> float:
        """The share of the other people with a known district who are registered in ``place``
        (a district's P-code, or a province's: every district in it), the screened man among
        them."""
        where = self.places + self.held_places
        others = sum(where.values()) - 1
        if others < 1:
            return 1.0
        there = sum(n for code, n in where.items() if code.startswith(place)) - 1
        return max(0, there) / others

    def share_of_people(self, skeletons: Iterable[str]) -> float:
        """The share of the register's people carrying one name part, for a party outside the
        register (an organisation named after its owner): nobody is left out of the counts."""
        counts = [self.carrying(s) for s in skeletons]
        if self.people < 1 or not counts:
            return 1.0
        return min(1.0, min(counts) / self.people)

    def expected(
        self, parts: Iterable[Iterable[str]], born: tuple[int, int] | None, place: str = ""
    ) -> float:
        """How many other people of the register are expected to carry every one of ``parts``
        (each given as its skeletons), when ``born`` is given a birth year in that range, and
        when ``place`` is given, to be registered there (where one lives is taken as
        independent of one's name, as the parts are of each other)."""
        found = float(max(0, self.people - 1))
        for part in parts:
            found *= self.share_carrying(part)
        if born is not None:
            found *= self.share_born(*born)
        if place:
            found *= self.share_living(place)
        return found
