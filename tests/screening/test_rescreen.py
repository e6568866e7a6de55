"""Rescreening only changed entries, and decision memory per (subject, entry, entry version)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aidtrace.screening import Query, build_index, screen_names
from aidtrace.screening.decisions import (
    Decision,
    ScreeningDecision,
    cleared,
    decide,
    hit_key,
    suppress_cleared,
)
from aidtrace.screening.rescreen import rescreen
from aidtrace.watchlists.model import DateInterval, EntitySchema, EntryName, ListEntry, NameQuality
from aidtrace.workspace import Workspace


def _entry(source_id: str, *names: str) -> ListEntry:
    return ListEntry(
        list_name="un",
        source_id=source_id,
        schema=EntitySchema.PERSON,
        names=tuple(EntryName(n, NameQuality.PRIMARY) for n in names),
        birth_dates=(DateInterval(date(1967, 1, 1), date(1969, 12, 31), "approximately 1968"),),
    )


BARADAR = _entry("TAi.024", "Abdul Ghani Baradar")
OTHER = _entry("TAi.999", "Gulbuddin Hekmatyar")
SUBJECT = Query("Abdul Ghani Baradar", subject="beneficiary:17")


def test_cleared_hit_stays_cleared_until_the_entry_changes(workspace: Workspace) -> None:
    first = screen_names(build_index([BARADAR, OTHER]), [SUBJECT])
    [hit] = first[0].hits
    subject, list_name, source_id, version = hit_key("beneficiary:17", hit)
    decide(
        workspace,
        [ScreeningDecision(subject, list_name, source_id, version, Decision.CLEARED, "officer")],
    )
    memory = cleared(workspace)

    # Same entry on the next list version: the cleared hit does not come back.
    again = suppress_cleared(screen_names(build_index([BARADAR, OTHER]), [SUBJECT]), memory)
    assert again[0].hits == ()

    # The list amends the entry: a new version, so the hit is shown again.
    amended = replace(
        BARADAR, names=(*BARADAR.names, EntryName("Mullah Baradar", NameQuality.STRONG))
    )
    index = build_index([amended, OTHER])
    back = rescreen(index, {"TAi.024"}, [SUBJECT], memory)
    assert [h.entry.source_id for r in back for h in r.hits] == ["TAi.024"]


def test_a_later_decision_supersedes_an_earlier_one(workspace: Workspace) -> None:
    [hit] = screen_names(build_index([BARADAR]), [SUBJECT])[0].hits
    key = hit_key("beneficiary:17", hit)
    decide(workspace, [ScreeningDecision(*key, Decision.CLEARED, "officer")])
    assert key in cleared(workspace)
    decide(workspace, [ScreeningDecision(*key, Decision.CONFIRMED, "reviewer")])
    assert key not in cleared(workspace)


def test_rescreen_looks_only_at_changed_entries() -> None:
    index = build_index([BARADAR, OTHER])
    assert rescreen(index, {"TAi.999"}, [SUBJECT]) == []
    assert rescreen(index, set(), [SUBJECT]) == []
    hits = rescreen(index, {"TAi.024"}, [SUBJECT])
    assert [h.entry.source_id for r in hits for h in r.hits] == ["TAi.024"]
