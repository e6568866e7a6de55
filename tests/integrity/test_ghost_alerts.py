"""Ghost flags as alerts: one per enumerator, the flagged households listed strongest first."""

from __future__ import annotations

from typing import Any

import pytest

from aidtrace.integrity.ghost_alerts import ghost_alerts
from aidtrace.integrity.ghosts import Flag


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
