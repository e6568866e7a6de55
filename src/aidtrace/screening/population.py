"""The screened population's name rarity, kept in the workspace.

Screening at import counts the people's name skeletons as they stream past
(``names.rarity.PopulationCounter``) and weighs their names with those counts: among 20,000
Afghan beneficiaries "Mohammad" and "Gul" are everywhere, whatever the watchlists say. The
common skeletons of each import are stored here (one counting per import, rewritten batch by
batch inside the import's transaction, so a failed import leaves none), and every later
screening of the workspace (the monitor, a rescreen after a list update, the screening box)
adds them to the list rarity, so it weighs names as the import did.
"""

from __future__ import annotations

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
