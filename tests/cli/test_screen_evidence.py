"""The table `aidtrace screen` prints names each piece of evidence compared beside the name and
what it added to the score or took off, as the JSON's ``evidence_points`` do."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aidtrace.cli.screen import _cells, evidence_cell
from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.query import read_query
from aidtrace.screening.score import score_entry
from aidtrace.screening.screen import Hit
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)

LISTED = ListEntry(
    "un", "TAi.024", EntitySchema.PERSON,
    (EntryName("ABDUL GHANI BARADAR", NameQuality.PRIMARY),),
    birth_dates=(DateInterval(date(1968, 1, 1), date(1968, 12, 31), "1968"),),
    nationalities=("af",),
)  # fmt: skip


def _cell(born: str | None = None, nationality: str | None = None) -> str:
    query = read_query(
        "Abdul Ghani Baradar", date(2026, 12, 7), birth_date=born, nationality=nationality
    )
    names = [(analyse(LISTED.names[0].full, False), NameQuality.PRIMARY)]
    scored = score_entry(query, analyse(query.name), LISTED, names, TokenRarity())
    assert scored is not None
    points = dict(scored[1].points)
    cell = evidence_cell(scored[1])
    for field, label in (("birth_date", "birth date"), ("nationality", "nationality")):
        if field in points:
            assert f"{label} " in cell
            assert f"{points[field]:+.3f}" in cell
    return cell


def test_agreeing_and_conflicting_evidence_is_shown_with_its_points() -> None:
    cell = _cell("1968", "Pakistan")  # the same year: consistent (an exact date is "exact")
    assert cell.startswith("birth date consistent +")
    assert "nationality conflict -" in cell


def test_nothing_compared_is_a_dash() -> None:
    assert _cell() == "-"


def _given_cell(entry: ListEntry, **given: object) -> str:
    """The evidence cell of a hit on ``entry`` for a query that gave ``given`` beside the name."""
    query = read_query("Abdul Ghani Baradar", date(2026, 12, 7), **given)  # type: ignore[arg-type]
    names = [(analyse(entry.names[0].full, False), NameQuality.PRIMARY)]
    scored = score_entry(query, analyse(query.name), entry, names, TokenRarity())
    assert scored is not None
    return _cells(Hit(entry, scored[0], scored[1]), query)[-1]


BARE = ListEntry(
    "un", "TAi.024", EntitySchema.PERSON, (EntryName("ABDUL GHANI BARADAR", NameQuality.PRIMARY),)
)


def test_evidence_given_that_the_entry_lacks_is_named_not_left_out() -> None:
    cell = _given_cell(
        BARE, birth_date="1968", nationality="Afghan", gender="male", identifiers=("P123",)
    )
    assert cell == (
        "birth date not on the list, nationality not on the list, gender not on the list, "
        "ID not on the list"
    )


def test_evidence_compared_and_evidence_lacking_are_told_apart() -> None:
    entry = replace(LISTED, identifiers=(Identifier("passport", "OR 1234567"),))
    cell = _given_cell(entry, birth_date="1968", identifiers=("X-99",))
    assert cell.startswith("birth date consistent +")
    assert cell.endswith("ID not among the entry's")
    assert "nationality" not in cell  # neither side gave one
    agreeing = _given_cell(entry, identifiers=("or1234567",))
    assert "ID exact" in agreeing
    assert "not among" not in agreeing
