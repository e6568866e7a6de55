"""The screened population's name rarity, kept in the workspace.

Screening at import counts the people's name skeletons as they stream past
(``names.rarity.PopulationCounter``) and weighs their names with those counts: among 20,000
Afghan beneficiaries "Mohammad" and "Gul" are everywhere, whatever the watchlists say. The
common skeletons of each import are stored here (one counting per import, rewritten batch by
batch inside the import's transaction, so a failed import leaves none), and every later
screening of the workspace (the monitor, a rescreen after a list update, the screening box)
adds them to the list rarity, so it weighs names as the import did.

The same counts say how many people of the register would carry a listed name by chance
(``Namesakes``): a listed "Mohammad Ishaq Younis" is carried by dozens of innocent men among
20,000 beneficiaries, and by none among 200 staff. Screening at import asks for more than the
name where the register is expected to hold namesakes (``people.screening``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from aidtrace.names.rarity import PopulationCounter
from aidtrace.screening.index import ScreeningIndex
from aidtrace.workspace import Workspace

_SCHEMA = pa.schema([("count_id", pa.string()), ("skeleton", pa.string()), ("people", pa.int64())])


def save_counts(workspace: Workspace, count_id: str, kind: str, counter: PopulationCounter) -> None:
    """Store (or restate) one counting: its people and its shareable skeleton counts."""
    engine = workspace.engine
    engine.execute("DELETE FROM screening_population WHERE count_id = ?", (count_id,))
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
    other people share is not, on that evidence alone, the listed man."""

    names: PopulationCounter = field(default_factory=PopulationCounter)
    born: Counter[int] = field(default_factory=Counter)  # people per birth year, where known

    def add_years(self, years: Iterable[int | None]) -> None:
        self.born.update(y for y in years if y is not None)

    def share_carrying(self, skeletons: Iterable[str]) -> float:
        """The share of the other people carrying one name part (given as its skeletons: the
        rarest counts, as a compound part such as Abdul Ghani is counted under each of its
        own)."""
        others = self.names.people - 1
        counts = [self.names.counts.get(s, 0) - 1 for s in skeletons]
        if others < 1 or not counts:
            return 1.0
        return min(1.0, max(0, min(counts)) / others)

    def share_born(self, first: int, last: int) -> float:
        """The share of the other people with a known birth year who were born ``first``–``last``
        (the screened man among them)."""
        others = sum(self.born.values()) - 1
        if others < 1:
            return 1.0
        born = sum(n for year, n in self.born.items() if first <= year <= last) - 1
        return max(0, born) / others

    def expected(self, parts: Iterable[Iterable[str]], born: tuple[int, int] | None) -> float:
        """How many other people of the register are expected to carry every one of ``parts``
        (each given as its skeletons) and, when ``born`` is given, a birth year in that range."""
        found = float(max(0, self.names.people - 1))
        for part in parts:
            found *= self.share_carrying(part)
        if born is not None:
            found *= self.share_born(*born)
        return found
