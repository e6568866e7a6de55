"""Entry-level conflict: a short name of an entry (original script, alias) must not hide that the
entry's full name puts a different grandfather where the query has one."""

from __future__ import annotations

import pytest

from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening import Query, build_index, screen_names
from aidtrace.screening.match import compare
from aidtrace.screening.score import DEFAULT_THRESHOLD, best_name
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

OMAR = ListEntry(
    list_name="un",
    source_id="TAi.907",
    schema=EntitySchema.PERSON,
    names=(
        EntryName("OMAR JAWID AHMAD", NameQuality.PRIMARY),
        EntryName("عمر جاوید", NameQuality.ORIGINAL_SCRIPT),
        EntryName("Umar Javid", NameQuality.STRONG),
    ),
)
OTHERS = [
    ListEntry("un", f"TAi.{n}", EntitySchema.PERSON, (EntryName(name, NameQuality.PRIMARY),))
    for n, name in enumerate(["Abdul Ghani Baradar", "Gulbuddin Hekmatyar", "Karim Hotak"])
]


@pytest.mark.parametrize(
    ("query", "alerted", "conflict"),
    [
        ("Omar Jawid Karim", False, True),  # another grandfather: another man
        ("عمر جاوید Karim", False, True),  # the same, the short name in the original script
        ("Omar Jawid Ahmad", True, False),  # the full name
        ("Omar Jawid", True, False),  # the grandfather dropped: nothing contradicts
        ("Haji Umar Javid", True, False),
    ],
)
def test_a_short_name_does_not_hide_the_full_names_grandfather(
    query: str, alerted: bool, conflict: bool
) -> None:
    index = build_index([OMAR, *OTHERS])
    [result] = screen_names(index, [Query(query, "person:1", organisation=False)], threshold=0.0)
    hit = next(h for h in result.hits if h.entry.source_id == "TAi.907")
    assert (hit.score >= DEFAULT_THRESHOLD) is alerted
    explained = hit.explanation.as_dict()
    # the disagreement is explained: by the entry-level conflict on a short name, or by the
    # full name itself when, charged, the short names fall below it
    found = explained["entry_conflict"] or {
        "query_parts": explained["query_unmatched"],
        "listed_parts": explained["listed_unmatched"],
    }
    assert isinstance(found, dict)
    disagree = found["query_parts"] == ["karim"] and found["listed_parts"] == ["ahmad"]
    assert disagree is conflict


def test_the_conflict_only_lowers_a_names_score() -> None:
    """Penalties only: no name of the entry scores above ``compare`` for it."""
    rarity = TokenRarity()
    names = [(analyse(n.full), n.quality) for n in OMAR.names]
    rarity.add(n for n, _ in names)
    for text in ["Omar Jawid Karim", "Umar Javid Gul Ahmad", "عمر جاوید خان", "Omar Jawid"]:
        query = analyse(text)
        best = best_name(query, names, rarity)
        assert best is not None
        assert best.score <= max(compare(query, n, rarity).score for n, _ in names) + 1e-9
        if best.conflict is not None:
            assert best.score == pytest.approx(compare(query, best.listed, rarity).score
                                               - best.conflict.cost)  # fmt: skip


def test_a_repeated_listed_name_is_no_conflict() -> None:
    """ "Mohammad" twice in the listed name, once in the query: the query does not lack it."""
    entry = ListEntry(
        "un",
        "TAi.908",
        EntitySchema.PERSON,
        (
            EntryName("MOHAMMAD ISHAQ YOUNUS MOHAMMAD", NameQuality.PRIMARY),
            EntryName("محمد اسحاق یونس", NameQuality.ORIGINAL_SCRIPT),
        ),
    )
    index = build_index([entry, *OTHERS])
    [result] = screen_names(index, [Query("محمد اسحاق یونس Trading", "org:1")], threshold=0.0)
    assert result.hits[0].explanation.entry_conflict is None


@pytest.mark.parametrize(
    ("query", "swaps"),
    [
        ("Ahmad Omar", 1),  # the grandfather read as the given name: another chain
        ("Omar Jawid Ahmad", 0),
        ("Omar Ahmad", 0),  # the father dropped, the order kept
        ("Ahmad Jawid Omar", 3),
    ],
)
def test_a_name_chain_in_another_order_costs_more_for_a_person(query: str, swaps: int) -> None:
    index = build_index([OMAR, *OTHERS])
    as_person = Query(query, "beneficiary:1", organisation=False)
    unknown = Query(query, "party:1")  # a typed name: lists reorder family names
    [chain], [loose] = (screen_names(index, [q], threshold=0.0) for q in (as_person, unknown))
    [chained] = [h for h in chain.hits if h.entry.source_id == "TAi.907"]
    [plain] = [h for h in loose.hits if h.entry.source_id == "TAi.907"]
    assert chained.explanation.chain_swaps == swaps
    assert plain.explanation.chain_swaps == 0
    if swaps:
        assert chained.score < plain.score
    else:
        assert chained.score == pytest.approx(plain.score)
