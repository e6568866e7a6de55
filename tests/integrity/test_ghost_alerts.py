"""Ghost flags as alerts: one per enumerator, the flagged households listed strongest first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aidtrace.integrity.ghost_alerts import Innocence, family_phone, ghost_alerts, round_roster
from aidtrace.integrity.ghosts import Flag
from aidtrace.integrity.monitor import served_in_turn


def flag(indicator: str, household: str, score: float) -> Flag:
    return Flag(indicator, "household", household, score, {"seen": household})


FLAGS = [
    flag("burst_registration", "H1", 0.7),
    flag("burst_registration", "H2", 0.7),
    flag("never_seen", "H2", 0.6),
    flag("shared_phone", "H3", 0.8),
    flag("never_seen", "H9", 0.6),
]
REGISTRAR = {"H1": "E1", "H2": "E1", "H3": "E2"}


def test_one_alert_per_enumerator_and_per_household_without_one() -> None:
    alerts = list(ghost_alerts(FLAGS, REGISTRAR, "integrity.ghosts", "2"))
    assert [(a.kind, a.subject) for a in alerts] == [
        ("ghost_household", "enumerator:E1"),
        ("ghost_household", "enumerator:E2"),
        ("ghost_household", "household:H9"),
    ]


def test_the_enumerator_alert_lists_each_household_and_what_fired() -> None:
    first = next(iter(ghost_alerts(FLAGS, REGISTRAR, "integrity.ghosts", "2")))
    evidence: dict[str, Any] = dict(first.evidence)
    households = evidence["households"]
    assert [h["household_id"] for h in households] == ["H2", "H1"]
    assert set(households[0]["indicators"]) == {"burst_registration", "never_seen"}
    assert evidence["indicators"] == {
        "burst_registration": {"households": 2},
        "never_seen": {"households": 1},
    }
    assert evidence["enumerator_id"] == "E1"
    assert first.score == pytest.approx(1 - 0.3 * 0.4)
    assert "2 households" in first.summary
    assert "not a finding" in str(evidence["note"])


def sharing(indicator: str, household: str, households: int) -> Flag:
    return Flag(indicator, "household", household, 0.5 + 0.1 * households,
                {"households_sharing": households, "shared": "phone"})  # fmt: skip


@pytest.mark.parametrize(
    ("flags", "raised"),
    [
        # one phone for a father's household and his two married sons': a family's phone
        ([sharing("shared_phone", h, 3) for h in ("H1", "H2", "H3")], []),
        # four households on one phone are more than a family
        (
            [sharing("shared_phone", h, 4) for h in ("H1", "H2", "H3", "H4")],
            ["H1", "H2", "H3", "H4"],
        ),
        # beside another indicator the family-sized phone is still shown
        ([sharing("shared_phone", "H1", 3), flag("never_seen", "H1", 0.6)], ["H1"]),
    ],
)
def test_a_family_sized_shared_phone_alone_is_not_raised(
    flags: list[Flag], raised: list[str]
) -> None:
    alerts = list(ghost_alerts(flags, {"H1": "E1", "H2": "E1", "H3": "E1", "H4": "E1"}, "g", "2"))
    found = [h["household_id"] for a in alerts for h in dict(a.evidence)["households"]]
    assert sorted(found) == raised
    if raised and len(flags) == 2:
        assert set(dict(alerts[0].evidence)["households"][0]["indicators"]) == {
            "never_seen",
            "shared_phone",
        }


@pytest.mark.parametrize(
    ("groups", "size"),
    [
        # 3,700 phones of one household, 100 of two: about three of three households are
        # expected, none of four; a family's phone reaches three
        ({1: 3700, 2: 100, 3: 4, 4: 1}, 3),
        # the same odds over a register fifty times larger: families reach four households
        ({1: 185_000, 2: 5_000}, 4),
        # ... and where families share phones more often, further
        ({1: 20_000, 2: 4_000}, 7),
        # a small register never makes a three-household phone a ghost on its own
        ({1: 500, 2: 5}, 3),
        ({}, 3),
    ],
)
def test_the_family_phone_size_grows_with_the_register(groups: dict[int, int], size: int) -> None:
    assert family_phone(groups) == size


def test_a_larger_registers_family_phone_alone_is_not_raised() -> None:
    flags = [sharing("shared_phone", h, 4) for h in ("H1", "H2", "H3", "H4")]
    registrar = {h: "E1" for h in ("H1", "H2", "H3", "H4")}
    assert list(ghost_alerts(flags, registrar, "g", "2", Innocence(phone=3)))
    assert not list(ghost_alerts(flags, registrar, "g", "2", Innocence(phone=4)))


@pytest.mark.parametrize(
    ("moved", "others", "raised"),
    [
        # two households on one tazkira, neither known to have moved: raised
        (frozenset(), [], ["H1", "H2"]),
        # a family that moved carries its tazkira to the new household: not raised...
        (frozenset({"H1", "H2"}), [], []),
        # ... unless something else points at the household
        (frozenset({"H1", "H2"}), [flag("never_seen", "H2", 0.6)], ["H2"]),
    ],
)
def test_a_tazkira_a_family_carried_when_it_moved_is_not_raised(
    moved: frozenset[str], others: list[Flag], raised: list[str]
) -> None:
    flags = [
        Flag("shared_tazkira", "household", h, 0.7, {"households_sharing": 2, "shared": "tazkira"})
        for h in ("H1", "H2")
    ]
    alerts = ghost_alerts(
        [*flags, *others], {"H1": "E1", "H2": "E2"}, "g", "2", Innocence(moved=moved)
    )
    assert (
        sorted(h["household_id"] for a in alerts for h in dict(a.evidence)["households"]) == raised
    )


D = date


@pytest.mark.parametrize(
    ("spans", "in_turn"),
    [
        # served in one place until March, in another from April: a family that moved
        ({"H1": (D(2026, 1, 1), D(2026, 3, 5)), "H2": (D(2026, 4, 2), D(2026, 6, 4))}, True),
        # served at the same time in both: two households drawing aid at once
        ({"H1": (D(2026, 1, 1), D(2026, 5, 7)), "H2": (D(2026, 4, 2), D(2026, 6, 4))}, False),
        # one never served: nothing tells a move
        ({"H1": (D(2026, 1, 1), D(2026, 3, 5))}, False),
    ],
)
def test_households_served_in_turn(spans: dict[str, tuple[date, date]], in_turn: bool) -> None:
    assert served_in_turn(["H1", "H2"], spans) is in_turn


@pytest.mark.parametrize(
    ("households", "round_share", "size"),
    [
        # a register where a quarter of ages are round: 450 households of five expect about
        # half a household all round, so five members all round are heaping, six are not
        ({4: 330, 5: 450, 6: 480, 7: 420}, 0.27, 6),
        # a seventh the size: every age round in four is already more than heaping
        ({4: 48, 5: 65, 6: 70, 7: 60}, 0.27, 4),
        # a register that records birth years, not ages: the indicator's own floor
        ({4: 330, 5: 450}, 0.0, 4),
    ],
)
def test_the_round_roster_size_grows_with_the_register(
    households: dict[int, int], round_share: float, size: int
) -> None:
    assert round_roster(households, round_share) == size


def test_a_households_round_ages_the_register_explains_are_not_raised() -> None:
    def aged(household: str, members: int, impossible: int) -> Flag:
        seen = {"impossible_ages": impossible, "round_ages": members, "members": members}
        return Flag("age_anomaly", "household", household, 0.6, seen)

    flags = [aged("H1", 5, 0), aged("H2", 6, 0), aged("H3", 5, 1)]
    registrar = {"H1": "E1", "H2": "E2", "H3": "E3"}
    alerts = ghost_alerts(flags, registrar, "g", "2", Innocence(round_roster=6))
    raised = sorted(h["household_id"] for a in alerts for h in dict(a.evidence)["households"])
    assert raised == ["H2", "H3"]  # six members all round; an impossible age whatever the size
