from __future__ import annotations

from aidtrace.demo import IdField, PlantKind, Scenario
from aidtrace.demo.scoring import ALERT_KINDS, alert_ids, score

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
