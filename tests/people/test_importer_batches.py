"""A file imported in several batches is screened against the whole file's names: its first
batch meets the namesakes its later batches hold, as its last batch does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import aidtrace.people.importer as importer
from aidtrace.ingest import get_importer
from aidtrace.people.importer import NameRecord, PeopleImporter, ScreeningHit
from aidtrace.people.screening import ImportScreening
from aidtrace.progress import no_progress
from aidtrace.screening import build_index
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, beneficiary_rows, listed_ahmad_ismail, write_csv

ENTRY = listed_ahmad_ismail()
BATCH = 10


def beneficiaries(path: Path, namesakes: int) -> Path:
    """A file whose first person carries the listed name and birth year, and whose last
    ``namesakes`` people do too (the people between carry the sample's names)."""
    rows = beneficiary_rows(3 * BATCH)
    carriers = [rows[0], *rows[len(rows) - namesakes :]] if namesakes else [rows[0]]
    for row in carriers:
        row.update(given_name="Ahmad", father_name="Ismail", grandfather_name="")
        row.update(family_name="", name_fa="", gender="m", birth_year="1970", birth_year_sh="")
    return write_csv(path, BENEFICIARY_COLUMNS, rows)


def people() -> PeopleImporter:
    found = get_importer("beneficiaries")
    assert isinstance(found, PeopleImporter)
    return found


def raised(workspace: Workspace) -> set[str]:
    rows = workspace.engine.query("SELECT subject FROM alerts").to_pylist()
    return {str(r["subject"]) for r in rows}


@pytest.mark.parametrize(
    ("namesakes", "first_raised"),
    [
        # ten men of the same name and birth year in the file's last batch: he is one of many
        (BATCH, False),
        # alone with his name in the file: raised
        (0, True),
    ],
)
def test_the_first_batch_is_weighed_against_the_whole_file(
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    namesakes: int,
    first_raised: bool,
) -> None:
    monkeypatch.setattr(importer, "BATCH_ROWS", BATCH)
    screening = ImportScreening(workspace, build_index([ENTRY]))
    path = beneficiaries(tmp_path / "b.csv", namesakes)
    people().with_screening(screening).load(workspace, path, no_progress)
    assert ("beneficiary:M000000" in raised(workspace)) is first_raised
    assert screening.counter.people == 3 * BATCH  # every person counted once


@dataclass
class Spy:
    """A counting hook that notes what it was handed, in order."""

    calls: list[tuple[str, int]] = field(default_factory=list)

    def count(self, records: Sequence[NameRecord]) -> None:
        self.calls.append(("count", len(records)))

    def __call__(self, records: Sequence[NameRecord]) -> Iterable[ScreeningHit]:
        self.calls.append(("screen", len(records)))
        return []


def test_a_counting_hook_counts_every_batch_before_the_first_is_screened(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "BATCH_ROWS", BATCH)
    spy = Spy()
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, beneficiary_rows(2 * BATCH + 5))
    people().with_screening(spy).load(workspace, path, no_progress)
    counts = [("count", BATCH), ("count", BATCH), ("count", 5)]
    assert spy.calls == [*counts, ("screen", BATCH), ("screen", BATCH), ("screen", 5)]
