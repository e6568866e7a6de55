"""The integrity monitors on a workspace: alerts with evidence, and the tables they leave."""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pytest

from aidtrace.alerts.model import Alert
from aidtrace.errors import InputError, MissingInput, NotFound
from aidtrace.integrity import linkage
from aidtrace.integrity.monitor import (
    DuplicatesMonitor,
    GhostsMonitor,
    PayrollDuplicatesMonitor,
    PayrollMonitor,
    moved,
)
from aidtrace.integrity.tokenshape import tokens_of_rows
from aidtrace.monitors import RunContext, all_monitors
from aidtrace.workspace import Workspace

from .conftest import KEY
from .test_payroll_duplicates import staff_rows as payroll_rows


def test_the_three_monitors_are_registered() -> None:
    names = set(all_monitors())
    assert {"integrity.duplicates", "integrity.ghosts", "integrity.payroll"} <= names


def test_without_people_the_monitors_skip(workspace: Workspace) -> None:
    with pytest.raises(MissingInput):
        list(DuplicatesMonitor().run(RunContext(workspace)))


def test_duplicates_become_explained_alerts(workspace: Workspace, tokens: pa.Table) -> None:
    workspace.engine.write("person_tokens", tokens.slice(0, 800))
    alerts = list(DuplicatesMonitor().run(RunContext(workspace)))
    clusters = [a for a in alerts if a.kind == "duplicate_person"]
    assert len(clusters) >= 10
    # one alert per family, never one per review-band pair
    assert {a.kind for a in alerts} <= {"duplicate_person", "repeated_member"}
    assert all(a.evidence["records"] for a in clusters)
    evidence = clusters[0].evidence
    pair = evidence["pairs"][0]  # type: ignore[index]
    assert set(pair["fields"]) >= {"given_name", "lineage", "birth_year", "phone", "tazkira"}
    assert pair["match_probability"] >= 0.95
    assert pair["evidence_bits"] > 10
    stored = workspace.engine.query("SELECT count(*) AS n FROM integrity_clusters")
    assert stored.column("n")[0].as_py() == sum(len(a.evidence["cluster"]) for a in clusters)  # type: ignore[arg-type]
    assert workspace.engine.query("SELECT * FROM integrity_models").num_rows == 1


def _flows(workspace: Workspace) -> None:
    engine = workspace.engine
    engine.execute(
        "INSERT INTO ledger (txn_id, date, payer_org_id, payee_person_id, amount, currency, "
        "purpose, import_id) VALUES ('T1', DATE '2024-01-25', 'ORG', 'S1', 300, 'USD', 'salary', "
        "'i'), ('T2', DATE '2024-01-25', 'ORG', 'S2', 300, 'USD', 'salary', 'i')"
    )
    engine.execute(
        "INSERT INTO attendance VALUES ('S1', DATE '2024-01-01', 0, 'i'), "
        "('S2', DATE '2024-01-01', 21, 'i')"
    )
    rows = [("D1", "H1", False), ("D2", "H1", False), ("D3", "H2", True), ("D4", "H2", False)]
    for did, hh, reached in rows:
        engine.execute(
            "INSERT INTO distributions (distribution_id, date, partner_org_id, household_id, "
            "district_code, value_usd, reached, import_id) VALUES (?, ?, 'P', ?, 'AF0101', 50, ?, "
            "'i')",
            (did, date(2024, 1, 1), hh, reached),
        )


def test_payroll_without_attendance(workspace: Workspace) -> None:
    _flows(workspace)
    alerts = list(PayrollMonitor().run(RunContext(workspace)))
    assert [a.subject for a in alerts] == ["staff:S1"]
    assert alerts[0].evidence["indicators"]["payroll_without_attendance"]["days_present"] == 0  # type: ignore[index]


def test_households_never_seen_are_flagged_not_excluded(workspace: Workspace) -> None:
    _flows(workspace)
    alerts = list(GhostsMonitor().run(RunContext(workspace)))
    assert [a.subject for a in alerts] == ["household:H1"]
    assert "not a finding" in str(alerts[0].evidence["note"])


def test_a_kept_model_is_reused_without_training(
    workspace: Workspace, tokens: pa.Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.engine.write("person_tokens", tokens.slice(0, 800))
    first = list(DuplicatesMonitor().run(RunContext(workspace, {"model": "latest"})))
    assert workspace.engine.query("SELECT * FROM integrity_models").num_rows == 1

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("the kept model should have been reused")

    monkeypatch.setattr(linkage, "train", no_training)
    again = list(DuplicatesMonitor().run(RunContext(workspace, {"model": "latest"})))
    assert {a.alert_id for a in again} == {a.alert_id for a in first}
    assert {a.evidence["model_id"] for a in again} == {a.evidence["model_id"] for a in first}
    assert workspace.engine.query("SELECT * FROM integrity_models").num_rows == 1
    with pytest.raises(NotFound):
        list(DuplicatesMonitor().run(RunContext(workspace, {"model": "0123456789abcdef"})))


def test_staff_linked_only_to_staff_are_left_to_the_payroll_monitor(
    workspace: Workspace, tokens: pa.Table
) -> None:
    staff = tokens_of_rows(payroll_rows(), KEY, kind="staff")
    both = pa.concat_tables([tokens.slice(0, 800), staff], promote_options="permissive")
    workspace.engine.write("person_tokens", both)
    alerts = list(DuplicatesMonitor().run(RunContext(workspace)))
    assert alerts
    assert not [a for a in alerts if "staff:" in json.dumps(a.evidence)]
    payroll = list(PayrollDuplicatesMonitor().run(RunContext(workspace)))
    assert len(payroll) == 2


def test_the_auto_link_cutoff_is_calibrated_or_given(
    workspace: Workspace, tokens: pa.Table
) -> None:
    workspace.engine.write("person_tokens", tokens.slice(0, 800))
    calibrated = list(DuplicatesMonitor().run(RunContext(workspace, {"model": "latest"})))
    cutoff = calibrated[0].evidence["cutoff"]
    assert cutoff["set"] == "calibrated"  # type: ignore[index]
    assert cutoff["expected_wrong_links"] == linkage.LINK_ERROR  # type: ignore[index]
    # Every linked pair an alert shows passed the cut-off the evidence names.
    for alert in calibrated:
        bar = alert.evidence["cutoff"]["auto_link"]  # type: ignore[index]
        assert all(p["match_probability"] >= round(bar, 6) - 1e-6 for p in alert.evidence["pairs"])  # type: ignore[union-attr]
    # A cut-off given on the command line is used as given: far fewer links at 0.999999999.
    given = {"model": "latest", "auto_link": "0.999999999"}
    strict = list(DuplicatesMonitor().run(RunContext(workspace, given)))
    assert len(strict) < len(calibrated)
    assert all(a.evidence["cutoff"]["set"] == "given" for a in strict)  # type: ignore[index]


@pytest.mark.parametrize(
    ("params", "message"),
    [({"auto_link": "high"}, "is not a number"), ({"link_error": "1.5"}, "between 0 and 1")],
)
def test_unreadable_cutoff_parameters_are_refused(
    workspace: Workspace, tokens: pa.Table, params: dict[str, object], message: str
) -> None:
    workspace.engine.write("person_tokens", tokens.slice(0, 800))
    with pytest.raises(InputError, match=message):
        list(DuplicatesMonitor().run(RunContext(workspace, params)))


def _family(*households: str, staff: bool = False) -> Alert:
    records = [{"kind": "beneficiary", "household_id": h} for h in households]
    if staff:
        records.append({"kind": "staff", "household_id": None})
    evidence = {"households": list(households), "records": records}
    return Alert(
        "integrity.duplicates", "1", "duplicate_person", "cluster:x", 1.0, "", "", evidence=evidence
    )


JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


@pytest.mark.parametrize(
    ("alert", "spans", "is_move"),
    [
        # served in one place until February, in the other from March: a family that moved
        (_family("H1", "H2"), {"H1": (JAN, FEB), "H2": (MAR, APR)}, True),
        # served in both places at once: drawing aid twice
        (_family("H1", "H2"), {"H1": (JAN, MAR), "H2": (FEB, APR)}, False),
        (_family("H1", "H2"), {"H1": (JAN, APR), "H2": (JAN, APR)}, False),
        # a household never served cannot show a move
        (_family("H1", "H2"), {"H1": (JAN, FEB)}, False),
        # a staff member in the group is not a family's move
        (_family("H1", "H2", staff=True), {"H1": (JAN, FEB), "H2": (MAR, APR)}, False),
        # three places one after the other
        (_family("H1", "H2", "H3"), {"H1": (JAN, JAN), "H2": (FEB, FEB), "H3": (MAR, APR)}, True),
    ],
)
def test_a_family_served_one_place_after_another_moved(
    alert: Alert, spans: dict[str, tuple[date, date]], is_move: bool
) -> None:
    assert moved(alert, spans) is is_move
