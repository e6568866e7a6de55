from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.demo import IdField, PlantKind, Scenario, read_ground_truth
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
