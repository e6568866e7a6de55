"""Screening at import weighs names by how common they are among the imported people, keeps
only common name skeletons in the workspace, and completes a short Perso-Arabic name with the
Latin parts it lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest import get_importer
from aidtrace.ingest.imports import import_file
from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import MIN_PEOPLE
from aidtrace.people.importer import NameRecord, PeopleImporter, ScreeningHit
from aidtrace.people.screening import (
    Completions,
    completed,
    entry_positions,
    screen_batch,
    screening_hook,
)
from aidtrace.progress import no_progress
from aidtrace.screening import Query, build_index
from aidtrace.screening.population import stored_counts
from aidtrace.screening.score import score_entry
from aidtrace.screening.screen import Hit, ScreeningResult
from aidtrace.screening.workspace_index import current_index, people_index
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, beneficiary_rows, write_csv

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"


@pytest.mark.parametrize(
    ("name_fa", "latin", "query"),
    [
        ("عمر جاوید", "Omar Jawid Karim", "عمر جاوید karim"),  # the grandfather added
        ("عمر جاوید", "Omar Jawid", "عمر جاوید"),  # nothing lacking
        ("عبدالغنی برادر", "Ghani Gul Agha", "عبدالغنی برادر"),  # parts of its own: as is
        ("", "Omar Jawid", ""),
        ("عمر جاوید", "", "عمر جاوید"),
    ],
)
def test_a_short_perso_arabic_name_is_completed_from_the_latin(
    name_fa: str, latin: str, query: str
) -> None:
    assert completed(name_fa, latin) == query


def skeleton(name: str) -> str:
    [token] = analyse(name).tokens
    return token.skeleton


def test_import_counts_the_populations_common_names_and_stores_only_those(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    load_snapshot(workspace, shared_data / UN_2026)
    rows = beneficiary_rows(140)  # seven given names in turn: 20 people each
    rows[3].update(given_name="Zmaraiqadeer", name_fa="")  # one rare given name
    assert screening_hook(workspace) is not None
    import_file(
        workspace, "beneficiaries", write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, rows)
    )

    counts, people = stored_counts(workspace)
    assert people == 140
    assert min(counts.values()) >= MIN_PEOPLE
    assert counts[skeleton("Zarghuna")] >= 19  # in both scripts, counted once per person
    assert skeleton("Zmaraiqadeer") not in counts  # a rare name is never written down

    # later screening of people weighs names as the import did; organisations do not
    listed = current_index(workspace).rarity
    weighed = people_index(workspace).rarity
    assert weighed.people == 140
    assert listed.people == 0
    common = skeleton("Zarghuna")
    assert weighed.weight(common) < listed.weight(common)
    assert weighed.weight(skeleton("Zmaraiqadeer")) == 1.0


def test_a_failed_import_leaves_no_counts(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    """The counts are written inside the import's transaction: if the import fails after
    screening (here: while sealing), they go with it."""
    load_snapshot(workspace, shared_data / UN_2026)
    hook = screening_hook(workspace)
    assert hook is not None

    def screen_then_fail(records: Sequence[NameRecord]) -> list[ScreeningHit]:
        list(hook(records))
        assert stored_counts(workspace)[1] == 30  # written, not yet committed
        raise InputError("the disk is full")

    importer = get_importer("beneficiaries")
    assert isinstance(importer, PeopleImporter)
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, beneficiary_rows(30))
    with pytest.raises(InputError, match="disk is full"):
        importer.with_screening(screen_then_fail).load(workspace, path, no_progress)
    assert stored_counts(workspace) == ({}, 0)


def _listed(source_id: str, *names: tuple[str, NameQuality]) -> ListEntry:
    """A listed person with these names."""
    entry_names = tuple(EntryName(full, quality) for full, quality in names)
    return ListEntry("un", source_id, EntitySchema.PERSON, entry_names)


@pytest.mark.parametrize(
    ("grandfather", "hit"),
    [("Karim", False), ("Ahmad", True), ("", True)],
)
def test_the_short_perso_arabic_name_is_judged_with_the_latin_grandfather(
    grandfather: str, hit: bool
) -> None:
    """At import only the short name is screened; its hits are scored again completed."""
    entry = _listed(
        "TAi.907",
        ("OMAR JAWID AHMAD", NameQuality.PRIMARY),
        ("عمر جاوید", NameQuality.ORIGINAL_SCRIPT),
    )
    index = build_index([entry, _listed("TAi.1", ("Gulbuddin Hekmatyar", NameQuality.PRIMARY))])
    record = NameRecord("beneficiary:B1", "beneficiary", "", "", "", "", "عمر جاوید", None, "AF01")
    latin = replace(record, given_name="Omer", father_name="Javed", grandfather_name=grandfather)
    fa_only = screen_batch(index, entry_positions(index), [record])
    assert [h.entry_id.split(":")[1] for h in fa_only] == ["TAi.907"]  # nothing to complete with
    found = screen_batch(index, entry_positions(index), [latin])
    assert bool(found) is hit


def test_a_hit_is_judged_against_all_its_entrys_names() -> None:
    """Blocking may reach only an entry's short name; the full name still has its say."""
    entry = _listed(
        "TAi.935", ("ISHAQ HASSAN KAMAL", NameQuality.PRIMARY), ("Eshaq Hassan", NameQuality.STRONG)
    )
    index = build_index([entry])
    query = Query("Eshaq Hassan Jalil", "beneficiary:B2", organisation=False)
    short = [(n.name, n.quality) for n in index.names if n.name.original == "Eshaq Hassan"]
    scored = score_entry(query, analyse(query.name), entry, short, index.rarity)
    assert scored is not None
    assert scored[1].entry_conflict is None  # the short name alone knows of no grandfather
    seen = ScreeningResult(query, (Hit(entry, *scored),))
    [again] = Completions(entry_positions(index)).rescore(index, seen, 0.0).hits
    # the full name puts Kamal where the query has Jalil
    assert again.score < scored[0]
    conflict = again.explanation.entry_conflict
    assert conflict is not None
    assert (conflict.query_parts, conflict.listed_parts) == (("jalil",), ("kamal",))
    assert not Completions(entry_positions(index)).rescore(index, seen, scored[0]).hits
