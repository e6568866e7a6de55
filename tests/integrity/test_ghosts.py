"""Ghost indicators that read rosters and ages: copied rosters and an enumerator's age heaping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from aidtrace.integrity.ghosts import run_indicators
from aidtrace.integrity.monitor import GhostsMonitor
from aidtrace.integrity.tokenshape import tokens_of_rows
from aidtrace.monitors import RunContext
from aidtrace.workspace import Workspace

from .conftest import KEY

# (sex, birth year) of each member: a couple and three children.
FAMILY = (("male", 1980), ("female", 1983), ("male", 2005), ("female", 2008), ("male", 2012))
NAMES_A = ("Karim", "Fatima", "Ahmad", "Zainab", "Yousuf")
NAMES_B = ("Bashir", "Maryam", "Hamid", "Latifa", "Javed")


def _household(
    hh: str,
    enumerator: str,
    day: str,
    names: tuple[str, ...],
    family: tuple[tuple[str, int], ...] = FAMILY,
) -> Iterator[dict[str, object]]:
    for n, ((sex, year), given) in enumerate(zip(family, names, strict=True)):
        yield {
            "member_id": f"{hh}-{n}",
            "household_id": hh,
            "given_name": given,
            "father_name": f"{names[0]} Khan" if n > 1 else "Gul",
            "grandfather_name": "Nur",
            "gender": sex,
            "birth_year": str(year),
            "district_code": "AF0101",
            "enumerator_id": enumerator,
            "registered_on": day,
        }


def _rosters(workspace: Workspace) -> None:
    slipped = (*FAMILY[:4], ("male", 2013))  # one child a year apart: not the same roster
    rows = [
        *_household("H1", "E1", "2024-01-01", NAMES_A),
        *_household("H2", "E1", "2024-01-03", NAMES_B),  # H1's roster under other names
        *_household("H3", "E1", "2024-01-02", NAMES_B, slipped),
        *_household("H4", "E2", "2024-01-04", NAMES_B),  # another enumerator's household
        *_household("H5", "E1", "2024-01-05", NAMES_A),  # H1 registered again (linked below)
    ]
    workspace.engine.write("person_tokens", tokens_of_rows(rows, KEY))
    workspace.engine.execute(
        "INSERT INTO integrity_household_groups VALUES ('H1', 'H1'), ('H5', 'H1')"
    )


def test_a_roster_copied_under_other_names_is_flagged(workspace: Workspace) -> None:
    _rosters(workspace)
    flags, _ = run_indicators(workspace.engine, ("copied_roster",))
    assert [(f.subject, f.evidence["same_composition_as"]) for f in flags] == [("H2", "H1")]
    assert flags[0].evidence["members"] == 5
    assert flags[0].evidence["enumerator_id"] == "E1"


def _ages(enumerator: str, ages: list[int]) -> Iterator[dict[str, object]]:
    for n, age in enumerate(ages):
        yield {
            "member_id": f"{enumerator}-{n}",
            "household_id": f"{enumerator}-H{n // 5}",
            "given_name": "Ahmad",
            "gender": "male",
            "age": str(age),
            "district_code": "AF0202",
            "enumerator_id": enumerator,
            "registered_on": "2024-03-01",
        }


def test_an_enumerator_who_rounds_every_age_is_flagged(workspace: Workspace) -> None:
    honest = [1 + (n * 7) % 60 for n in range(150)]  # every last digit equally often
    rows = [
        *_ages("E3", [5 * (1 + n % 12) for n in range(150)]),
        *_ages("E4", honest),
        *_ages("E5", honest),
    ]
    workspace.engine.write("person_tokens", tokens_of_rows(rows, KEY))
    alerts = [a for a in GhostsMonitor().run(RunContext(workspace)) if a.kind == "age_heaping"]
    assert [a.subject for a in alerts] == ["enumerator:E3"]
    seen = alerts[0].evidence["indicators"]["age_heaping"]  # type: ignore[index]
    assert seen["heaping_index"] == 500
    assert seen["peers_index"] == 100
    assert seen["round_ages"] == 150


def _moved(workspace: Workspace, second_from: str) -> None:
    """A family registered in one place (H1) and again in another (H2), one tazkira in both;
    H2 first served on ``second_from``."""
    rows = [
        {**row, "tazkira": "1400-5555-12345" if str(row["member_id"]).endswith("-0") else ""}
        for hh, enumerator in (("H1", "E1"), ("H2", "E2"))
        for row in _household(hh, enumerator, "2024-01-01", NAMES_A)
    ]
    workspace.engine.write("person_tokens", tokens_of_rows(rows, KEY))
    served = [
        ("H1", "2024-02-01"),
        ("H1", "2024-03-01"),
        ("H2", second_from),
        ("H2", "2024-06-01"),
    ]
    workspace.engine.execute(
        "INSERT INTO distributions (distribution_id, date, partner_org_id, household_id, "
        "district_code, value_usd, reached, import_id) VALUES "
        + ", ".join(
            f"('D{n}', DATE '{d}', 'PRT-01', '{h}', 'AF0101', 50, true, 'i')"
            for n, (h, d) in enumerate(served)
        )
    )


def test_a_tazkira_a_family_carried_when_it_moved_raises_no_ghost(workspace: Workspace) -> None:
    _moved(workspace, "2024-04-01")  # served in the new place after the last hand-over in the old
    flags, _ = run_indicators(workspace.engine, ("shared_tazkira",))
    assert sorted(f.subject for f in flags) == ["H1", "H2"]  # the indicator still sees it...
    alerts = list(GhostsMonitor().run(RunContext(workspace)))
    assert [a for a in alerts if a.kind == "ghost_household"] == []  # ... but raises nothing


def test_a_tazkira_in_two_households_served_at_once_is_a_ghost(workspace: Workspace) -> None:
    _moved(workspace, "2024-02-15")  # both drew aid in February and March
    evidence: list[Any] = [a.evidence for a in GhostsMonitor().run(RunContext(workspace))]
    households = {h["household_id"] for e in evidence for h in e["households"]}
    assert households == {"H1", "H2"}


def _phone_shared(workspace: Workspace) -> None:
    """Three households E1 registered on one day (H1-H3) and one E2 registered months earlier
    (H4), one phone in all four; H1-H3 were handed aid twice and never seen, H4 was seen."""
    rows = [
        {**row, "phone": "0700 111 222" if str(row["member_id"]).endswith("-0") else ""}
        for hh, enumerator, day in (
            ("H1", "E1", "2024-01-01"),
            ("H2", "E1", "2024-01-01"),
            ("H3", "E1", "2024-01-01"),
            ("H4", "E2", "2023-06-01"),
        )
        for row in _household(hh, enumerator, day, NAMES_A if hh == "H4" else NAMES_B)
    ]
    workspace.engine.write("person_tokens", tokens_of_rows(rows, KEY))
    served = [(h, d, "false") for h in ("H1", "H2", "H3") for d in ("2024-02-01", "2024-03-01")]
    served += [("H4", "2024-02-01", "true"), ("H4", "2024-03-01", "false")]
    workspace.engine.execute(
        "INSERT INTO distributions (distribution_id, date, partner_org_id, household_id, "
        "district_code, value_usd, reached, import_id) VALUES "
        + ", ".join(
            f"('D{n}', DATE '{d}', 'PRT-01', '{h}', 'AF0101', 50, {reached}, 'i')"
            for n, (h, d, reached) in enumerate(served)
        )
    )


def test_a_ghost_alert_shows_its_households_beside_those_on_the_same_phone(
    workspace: Workspace,
) -> None:
    _phone_shared(workspace)
    alerts = {a.subject: a for a in GhostsMonitor().run(RunContext(workspace))}
    assert set(alerts) == {"enumerator:E1", "enumerator:E2"}  # who is raised is unchanged
    assert alerts["enumerator:E1"].summary.endswith("; 0 of 3 seen at a distribution")
    assert alerts["enumerator:E2"].summary.endswith("; seen at a distribution")
    evidence: Any = alerts["enumerator:E1"].evidence
    raised = [h["household_id"] for h in evidence["households"]]  # strongest first
    assert sorted(raised) == ["H1", "H2", "H3"]
    assert evidence["shared_with"] == [
        {"shared": "phone", "households": [*raised, "H4"], "households_sharing": 4}
    ]
    unseen = {"in_alert": True, "shared": "phone", "district": "AF0101",
              "registered_on": "2024-01-01", "enumerator_id": "E1",
              "at_distributions": "never seen", "partners": ["PRT-01"]}  # fmt: skip
    assert evidence["records"] == [
        *({"household_id": h, **unseen} for h in raised),
        {"household_id": "H4", "in_alert": False, "shared": "phone", "district": "AF0101",
         "registered_on": "2023-06-01", "enumerator_id": "E2", "at_distributions": "seen",
         "first_seen_on": "2024-02-01", "partners": ["PRT-01"]},
    ]  # fmt: skip
    # E2's alert names the same phone, its own household first.
    assert alerts["enumerator:E2"].evidence["shared_with"] == [  # type: ignore[index]
        {"shared": "phone", "households": ["H4", "H1", "H2", "H3"], "households_sharing": 4}
    ]
    # Ids, codes and dates only: no name, no phone number, no token.
    stored = json.dumps([dict(a.evidence) for a in alerts.values()])
    tokens = workspace.engine.query("SELECT DISTINCT phone_tok FROM person_tokens").to_pylist()
    sealed = [*NAMES_A, *NAMES_B, "0700", "111 222", *(str(t["phone_tok"]) for t in tokens)]
    assert not [s for s in sealed if s in stored]


def test_a_household_with_no_hand_over_says_so(workspace: Workspace) -> None:
    _moved(workspace, "2024-02-15")
    workspace.engine.execute("DELETE FROM distributions WHERE household_id = 'H2'")
    workspace.engine.execute(
        "INSERT INTO distributions (distribution_id, date, partner_org_id, household_id, "
        "district_code, value_usd, reached, import_id) VALUES "
        "('D9', DATE '2024-04-01', 'PRT-02', 'H1', 'AF0101', 50, true, 'i')"
    )
    alerts = [a for a in GhostsMonitor().run(RunContext(workspace)) if a.kind == "ghost_household"]
    evidence: list[Any] = [a.evidence for a in alerts]
    records = {r["household_id"]: r for e in evidence for r in e["records"]}
    assert records["H1"]["at_distributions"] == "seen"
    assert records["H1"]["first_seen_on"] == "2024-02-01"
    assert records["H1"]["partners"] == ["PRT-01", "PRT-02"]
    assert records["H2"]["at_distributions"] == "no hand-over recorded"
    assert "first_seen_on" not in records["H2"]
    assert "partners" not in records["H2"]
