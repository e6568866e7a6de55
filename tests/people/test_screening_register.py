"""An import weighs its hits against the namesakes of the whole register the workspace holds, not
only the people of its own file: a register imported in many small files has the namesakes it
would have in one, and another kind of people (staff against beneficiaries) is another register;
a person imported again is counted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.ingest import get_importer
from aidtrace.people.importer import NameRecord, PeopleImporter
from aidtrace.people.screening import ImportScreening
from aidtrace.progress import no_progress
from aidtrace.screening import build_index
from aidtrace.screening.population import held_register
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, beneficiary_rows, listed_ahmad_ismail, write_csv

ENTRY = listed_ahmad_ismail()
LISTED = "beneficiary:B1"


def records(kind: str, count: int, given: str, father: str, first: int = 2) -> list[NameRecord]:
    return [
        NameRecord(f"{kind}:B{n}", kind, given, father, "", "", "", 1970, "AF01")
        for n in range(first, first + count)
    ]


def the_listed_name() -> list[NameRecord]:
    return [NameRecord(LISTED, "beneficiary", "Ahmad", "Ismail", "", "", "", 1970, "AF01")]


def imported(workspace: Workspace, files: list[list[NameRecord]]) -> set[str]:
    """Import ``files`` one after another, each an import of its own; the people raised."""
    index = build_index([ENTRY])
    raised: set[str] = set()
    for batch in files:
        raised |= {h.person_id for h in ImportScreening(workspace, index)(batch)}
    return raised


@pytest.mark.parametrize(
    ("earlier", "raised"),
    [
        # nothing imported before: alone in his file and register, he has no namesake
        ([], True),
        # a hundred men of his name and birth year imported earlier, in four files
        ([records("beneficiary", 25, "Ahmad", "Ismail", 2 + 25 * n) for n in range(4)], False),
        # the hundred were staff: another register, where his namesakes do not count
        ([records("staff", 100, "Ahmad", "Ismail")], True),
        # the earlier people carry other names
        ([records("beneficiary", 100, "Wahid", "Qasim")], True),
    ],
)
def test_a_small_file_is_weighed_against_the_register_the_workspace_holds(
    workspace: Workspace, earlier: list[list[NameRecord]], raised: bool
) -> None:
    found = imported(workspace, [*earlier, the_listed_name()])
    assert (LISTED in found) is raised


def test_the_register_held_sums_every_import_of_its_kind(workspace: Workspace) -> None:
    people = records("beneficiary", 60, "Ahmad", "Ismail")
    imported(workspace, [people[:20], people[20:40], people[40:]])
    names, born, _ = held_register(workspace, "beneficiary")
    assert names.people == 60
    assert born == {1970: 60}
    assert max(names.counts.values()) == 60  # every stored skeleton of the name: all 60 carry it
    assert held_register(workspace, "staff")[0].people == 0


def test_years_fewer_than_ten_people_share_are_not_stored(workspace: Workspace) -> None:
    people = records("beneficiary", 12, "Wahid", "Qasim")
    people += [NameRecord("beneficiary:B99", "beneficiary", "Wahid", "Qasim", "", "", "", 1931, "")]
    imported(workspace, [people])
    assert held_register(workspace, "beneficiary")[1] == {1970: 12}


@pytest.mark.parametrize(
    ("again", "people"),
    [
        # the same forty people sent again (a household size changed): counted once
        (range(40), 40),
        # twenty of them again with twenty new people: sixty in the register
        (range(20, 60), 60),
    ],
)
def test_people_imported_again_are_counted_once(
    workspace: Workspace, tmp_path: Path, again: range, people: int
) -> None:
    index = build_index([ENTRY])
    rows = beneficiary_rows(60)
    first = write_csv(tmp_path / "first.csv", BENEFICIARY_COLUMNS, rows[:40])
    for row in rows:
        row["household_size"] = "9"
    second = write_csv(tmp_path / "second.csv", BENEFICIARY_COLUMNS, [rows[i] for i in again])
    for path in (first, second):
        importer = get_importer("beneficiaries")
        assert isinstance(importer, PeopleImporter)
        importer.with_screening(ImportScreening(workspace, index)).load(
            workspace, path, no_progress
        )
    names, _, _ = held_register(workspace, "beneficiary")
    assert names.people == people


def test_people_imported_before_any_screening_count_when_screened(
    workspace: Workspace, tmp_path: Path
) -> None:
    """People imported while no watchlist was loaded were never counted: imported again with
    one, they count."""
    rows = beneficiary_rows(30)
    get_importer("beneficiaries").load(
        workspace, write_csv(tmp_path / "a.csv", BENEFICIARY_COLUMNS, rows), no_progress
    )
    for row in rows:
        row["household_size"] = "9"
    importer = get_importer("beneficiaries")
    assert isinstance(importer, PeopleImporter)
    screening = ImportScreening(workspace, build_index([ENTRY]))
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, rows)
    importer.with_screening(screening).load(workspace, path, no_progress)
    assert held_register(workspace, "beneficiary")[0].people == 30
