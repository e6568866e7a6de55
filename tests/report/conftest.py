"""A demo-sized workspace shared by the report tests: needs, organisations, people, money,
plus alerts and a case that name people (what the donor edition must never show)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import pytest

from aidtrace.alerts.model import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cases.model import Outcome
from aidtrace.cases.workflow import decide, open_case
from aidtrace.demo import generate
from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

IMPORTS = (
    ("needs", "geography.csv"),
    ("organisations", "organisations.csv"),
    ("fx", "fx.csv"),
    ("iati", "iati.xml"),
    ("beneficiaries", "beneficiaries.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
)


def person_alerts(people: list[dict[str, str]]) -> list[Alert]:
    return [
        Alert(
            "test",
            "1",
            "duplicate_person",
            f"beneficiary:{p['member_id']}",
            0.9,
            f"{p['given_name']} {p['family_name']} registered twice",
            severity=Severity.HIGH,
            evidence={"name": p["name_fa"], "tazkira": p["tazkira"], "phone": p["phone"]},
        )
        for p in people
    ]


@pytest.fixture(scope="module")
def people_workspace(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, list[dict[str, str]]]]:
    root = tmp_path_factory.mktemp("report")
    scenario = generate(root / "scenario", seed=1, scale="2000")
    with (scenario.out_dir / "beneficiaries.csv").open(encoding="utf-8") as f:
        people = [r for r in csv.DictReader(f) if not r["member_id"].startswith("#")]
    with Workspace.create(root / "ws", key_file=root / "keys" / "root.key") as ws:
        for kind, name in IMPORTS:
            import_file(ws, kind, scenario.out_dir / name, lambda *_: None)
        alerts = person_alerts(people[:5])
        save_alerts(ws, alerts, "run-1")
        case = open_case(ws, [alerts[0].alert_id], "officer.a", f"Check {people[0]['given_name']}")
        decide(ws, case, Outcome.ESCALATE, "officer.a", f"{people[0]['family_name']} to verify")
        yield ws, people
