"""Birth date, nationality and gender as evidence beside the name: agreement raises the score,
conflict lowers it, what one side does not say leaves it alone, and each contribution is shown
in the explanation."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening import Query
from aidtrace.screening.evidence import Agreement, compare_gender
from aidtrace.screening.score import (
    EVIDENCE_POINTS,
    NAME_SHARE,
    best_corroboration,
    best_name,
    combine,
)
from aidtrace.watchlists.model import DateInterval, EntitySchema, EntryName, ListEntry, NameQuality

BORN = DateInterval(date(1961, 3, 4), date(1961, 3, 4), "1961-03-04")
OTHER_DECADE = DateInterval(date(1975, 1, 1), date(1975, 12, 31), "1975")
AROUND = DateInterval(date(1960, 1, 1), date(1962, 12, 31), "1960..1962")
LISTED = ListEntry(
    "test", "E.1", EntitySchema.PERSON, (EntryName("Abdul Qadir Noorzai", NameQuality.PRIMARY),),
    birth_dates=(BORN,), nationalities=("af",), gender="male",
)  # fmt: skip


def _score(query: Query) -> tuple[float, dict[str, object]]:
    analysed = analyse(query.name, False)
    rarity = TokenRarity()
    best = best_name(analysed, [(analyse(n.full, False), n.quality) for n in LISTED.names], rarity)
    assert best is not None
    score, explanation = combine(query, analysed, LISTED, best)
    return score, explanation.as_dict()


@pytest.mark.parametrize(
    ("birth", "nationality", "gender", "direction"),
    [
        (BORN, None, None, 1),  # the same day
        (AROUND, None, None, 1),  # consistent
        (OTHER_DECADE, None, None, -1),  # another decade
        (None, "Afghanistan", None, 1),
        (None, "Pakistan", None, -1),
        (None, None, "male", 1),
        (None, None, "female", -1),
        (BORN, "Afghanistan", "male", 1),
    ],
)
def test_evidence_raises_or_lowers_the_name_alone(
    birth: DateInterval | None, nationality: str | None, gender: str | None, direction: int
) -> None:
    name = "Abdul Qadir Karimi"  # a name agreement well inside (0, 1), so nothing is clipped
    alone, _ = _score(Query(name))
    told, explained = _score(Query(name, "", birth, nationality, gender=gender))
    assert (told - alone) * direction > 0
    points = explained["evidence_points"]
    assert isinstance(points, dict)
    assert points  # what each piece added is shown
    assert sum(points.values()) == pytest.approx(told - alone, abs=1e-3)


def test_unknown_evidence_counts_nothing() -> None:
    alone, explained = _score(Query("Abdul Qadir Noorzai"))
    bare = ListEntry("test", "E.2", EntitySchema.PERSON, LISTED.names)
    analysed = analyse("Abdul Qadir Noorzai", False)
    best = best_name(analysed, [(analyse(n.full, False), n.quality) for n in bare.names],
                     TokenRarity())  # fmt: skip
    assert best is not None
    query = Query("Abdul Qadir Noorzai", "", BORN, "af", gender="male")
    told_unknown, unknown_explained = combine(query, analysed, bare, best)
    assert told_unknown == pytest.approx(alone)
    assert explained["evidence_points"] == unknown_explained.as_dict()["evidence_points"] == {}


def test_exact_birth_date_and_nationality_outweigh_a_small_name_difference() -> None:
    """The issue's case: a true match a little under the line by name alone is lifted over it
    by the same birth date and nationality, and a namesake born in another decade is not."""
    lift = (
        EVIDENCE_POINTS["birth_date"][Agreement.EXACT]
        + EVIDENCE_POINTS["nationality"][Agreement.EXACT]
    )
    assert lift >= 0.1
    assert EVIDENCE_POINTS["birth_date"][Agreement.CONFLICT] <= -0.05


def test_the_floor_allows_the_most_the_query_can_gain() -> None:
    """``best_corroboration`` bounds what evidence adds: no entry may score over
    0.88 × name + 0.12 × it (screening prunes names by that)."""
    query = Query("Abdul Qadir Noorzai", "", BORN, "Afghanistan", gender="male")
    analysed = analyse(query.name, False)
    best = best_name(analysed, [(analyse(n.full, False), n.quality) for n in LISTED.names],
                     TokenRarity())  # fmt: skip
    assert best is not None
    score, _ = combine(query, analysed, LISTED, best)
    ceiling = NAME_SHARE * best.score + (1 - NAME_SHARE) * best_corroboration(query)
    assert score <= ceiling + 1e-9
    assert best_corroboration(Query("x")) < best_corroboration(query)


@pytest.mark.parametrize(
    ("ours", "theirs", "agreement"),
    [("male", "Male", Agreement.EXACT), ("F", "female", Agreement.EXACT),
     ("female", "male", Agreement.CONFLICT), (None, "male", Agreement.UNKNOWN),
     ("unknown", "male", Agreement.UNKNOWN)],
)  # fmt: skip
def test_compare_gender(ours: str | None, theirs: str | None, agreement: Agreement) -> None:
    assert compare_gender(ours, theirs).agreement is agreement
