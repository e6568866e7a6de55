from __future__ import annotations

import json
from pathlib import Path

import pytest

from aidtrace.demo import (
    GroundTruth,
    IdField,
    Innocent,
    Pattern,
    Plant,
    PlantKind,
    Scenario,
    read_ground_truth,
)
from aidtrace.demo.scoring import ALERT_KINDS, alert_ids, score
from aidtrace.errors import InputError

BY_PLANT = {kind: alert for alert, kind in ALERT_KINDS.items()}


def test_one_alert_per_plant_scores_perfectly(scenario: Scenario) -> None:
    alerts = []
    for plant in scenario.truth.plants:
        first_id = next(iter(plant.ids.values()))[0]
        alerts.append((BY_PLANT[plant.kind], f"thing:{first_id}", {}))
    result = score(scenario.truth, alerts)
    for row in result.kinds:
        assert row.planted > 0
        assert (row.precision, row.recall) == (1.0, 1.0), row.kind


def test_clean_subjects_are_false_positives_and_unknown_kinds_unscored(scenario: Scenario) -> None:
    ghosts = scenario.truth.ids(PlantKind.GHOST_BENEFICIARY, IdField.HOUSEHOLD)
    alerts = [
        ("ghost_household", f"household:{sorted(ghosts)[0]}", None),
        ("ghost_household", "household:H00000000", None),
        ("velocity_spike", "SUB-001", {"week_usd": 10}),
    ]
    result = score(scenario.truth, alerts)
    (ghost,) = (r for r in result.kinds if r.kind is PlantKind.GHOST_BENEFICIARY)
    assert (ghost.alerts, ghost.true_alerts, ghost.found) == (2, 1, 1)
    assert ghost.precision == 0.5
    assert result.unscored == {"velocity_spike": 1}


def test_ids_come_from_subject_and_evidence() -> None:
    found = alert_ids(
        "pair:beneficiary:B123456789|beneficiary:B987654321", '{"txn_ids": ["T00000001"]}'
    )
    assert found == {"B123456789", "B987654321", "T00000001"}
    assert alert_ids("org:VEN-0028", {"districts": ["AF0110"], "payer": "PRT-001"}) == {
        "VEN-0028",
        "AF0110",
        "PRT-001",
    }


def test_reading_ground_truth_errors_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no ground truth"):
        read_ground_truth(tmp_path)
    (tmp_path / "ground_truth.json").write_text('{"format_version": 99}', encoding="utf-8")
    with pytest.raises(InputError, match="format version"):
        read_ground_truth(tmp_path)


def _truth_with_innocents() -> GroundTruth:
    plant = Plant(PlantKind.DUPLICATE_BENEFICIARY, {IdField.MEMBER: ("B000000001", "B000000002")})
    cases = (
        Innocent(Pattern.NAMESAKE, {IdField.MEMBER: ("B000000003", "B000000004")}),
        Innocent(Pattern.NAMESAKE, {IdField.MEMBER: ("B000000005", "B000000006")}),
        Innocent(Pattern.LATE_REPORT, {IdField.TXN: ("T00000009",)}),
        Innocent(Pattern.NAME_SPELLING, {IdField.MEMBER: ("B000000003",)}),
    )
    return GroundTruth(1, "1k", {}, (plant,), 1, cases)


@pytest.mark.parametrize(
    ("alerts", "expected"),
    [
        # a false duplicate on a namesake pair (whose head is also spelled oddly)
        (
            [("duplicate_person", "pair:B000000003|B000000004", None)],
            {"namesake": (1, 1, {"duplicate_person": 1}), "name_spelling": (1, 1, {})},
        ),
        # a true duplicate that also names a namesake is no false alert
        ([("duplicate_person", "pair:B000000001|B000000005", None)], {"namesake": (0, 0, {})}),
        # one false alert naming both namesake pairs: one alert, two cases
        (
            [("duplicate_person", "B000000004", {"also": "B000000006"})],
            {"namesake": (1, 2, {"duplicate_person": 1})},
        ),
        # alerts of kinds no plant answers to count too; unrelated alerts do not
        (
            [("velocity_spike", "SUB-001", {"txn_ids": ["T00000009"]}), ("hop_gap", "x", None)],
            {"late_report": (1, 1, {"velocity_spike": 1})},
        ),
    ],
)
def test_false_alerts_are_counted_per_innocent_pattern(
    alerts: list[tuple[str, str, object]], expected: dict[str, tuple[int, int, dict[str, int]]]
) -> None:
    result = score(_truth_with_innocents(), alerts)  # type: ignore[arg-type]
    by_pattern = {p.pattern.value: p for p in result.innocent}
    assert set(by_pattern) == {p.value for p in Pattern}
    assert by_pattern["namesake"].cases == 2
    for pattern, (false_alerts, alerted, kinds) in expected.items():
        got = by_pattern[pattern]
        assert (got.false_alerts, got.alerted) == (false_alerts, alerted), pattern
        if kinds:
            assert dict(got.by_kind) == kinds


def test_version_one_truth_is_still_read(scenario: Scenario, tmp_path: Path) -> None:
    data = json.loads(scenario.truth.to_json())
    for key in ("noise", "innocent", "innocent_counts"):
        del data[key]
    data["format_version"] = 1
    (tmp_path / "ground_truth.json").write_text(json.dumps(data), encoding="utf-8")
    old = read_ground_truth(tmp_path)
    assert (old.noise, old.innocent, old.plants) == (0, (), scenario.truth.plants)
