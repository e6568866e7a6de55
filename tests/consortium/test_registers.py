"""The demo registers: two or three agencies, with every cross-registration and look-alike planted
as a pair of member ids."""

from __future__ import annotations

from collections import Counter

import pytest

from aidtrace.consortium import registers


def _by_id(regs: registers.Registers) -> dict[str, dict[str, str]]:
    return {r["member_id"]: r for _, rows in regs.by_agency() for r in rows}


def _agencies(pairs: frozenset[tuple[str, str]]) -> Counter[str]:
    return Counter(a[0] + b[0] for a, b in pairs)


def test_two_agencies_plant_pairs_between_a_and_b() -> None:
    regs = registers.generate(1000, seed=3)
    assert [a for a, _ in regs.by_agency()] == ["AGENCY-A", "AGENCY-B"]
    assert regs.c == []
    assert _agencies(regs.truth) == {"AB": 100}
    assert _agencies(regs.lookalikes) == {"AB": 50}


def test_three_agencies_plant_pairs_between_each_two() -> None:
    regs = registers.generate(1000, seed=3, agencies=3)
    assert [a for a, _ in regs.by_agency()] == ["AGENCY-A", "AGENCY-B", "AGENCY-C"]
    assert len(regs.c) == 1000
    assert {r["agency_org_id"] for r in regs.c} == {"AGENCY-C"}
    counts = _agencies(regs.truth)
    assert counts["AB"] == counts["AC"] == 100
    assert counts["BC"] > 50  # half the overlap from B's own people, plus people on all three
    assert set(_agencies(regs.lookalikes)) == {"AB", "AC", "BC"}
    assert not regs.truth & regs.lookalikes


def test_some_people_are_on_all_three_lists() -> None:
    regs = registers.generate(1000, seed=3, agencies=3)
    on_b = {a: b for a, b in regs.truth if b[0] == "B" and a[0] == "A"}
    on_c = {a: c for a, c in regs.truth if c[0] == "C" and a[0] == "A"}
    everywhere = on_b.keys() & on_c.keys()
    assert everywhere
    assert all((on_b[a], on_c[a]) in regs.truth for a in everywhere)


@pytest.mark.parametrize("agencies", [2, 3])
def test_a_planted_pair_is_one_person_and_a_look_alike_another(agencies: int) -> None:
    regs = registers.generate(1000, seed=5, agencies=agencies)
    rows = _by_id(regs)
    for a, b in regs.truth:
        x, y = rows[a], rows[b]
        assert x["gender"] == y["gender"]
        year_x, year_y = registers.gregorian_year(x), registers.gregorian_year(y)
        assert year_x is not None
        assert year_y is not None
        assert abs(year_x - year_y) <= 1
    for a, b in regs.lookalikes:
        # A namesake born years apart, or a sibling: never the same given name and year.
        x, y = rows[a], rows[b]
        same_year = registers.gregorian_year(x) == registers.gregorian_year(y)
        assert not (same_year and x["given_name"] == y["given_name"] and x["phone"] == y["phone"])


def test_two_agencies_are_what_they_were_before_a_third_could_be_asked_for() -> None:
    # A third agency is drawn after the first two: A and B are the same either way.
    two = registers.generate(500, seed=9)
    three = registers.generate(500, seed=9, agencies=3)
    assert (two.a, two.b) == (three.a, three.b)
    assert {p for p in three.truth if p[1][0] == "B"} == two.truth


def test_four_agencies_are_refused() -> None:
    with pytest.raises(ValueError, match="two or three"):
        registers.generate(100, agencies=4)
