"""Ghost indicators that read rosters and ages: copied rosters and an enumerator's age heaping."""

from __future__ import annotations

from collections.abc import Iterator

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
        {**row, "tazkira": "1400-5555-12345" if row["member_id"].endswith("-0") else ""}
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
    alerts = list(GhostsMonitor().run(RunContext(workspace)))
    households = {h["household_id"] for a in alerts for h in dict(a.evidence)["households"]}
    assert households == {"H1", "H2"}
