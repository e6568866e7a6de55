"""Every flow monitor finds what the synthetic programme plants, and little else."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.alerts.model import Alert
from aidtrace.cli.core import parse_params
from aidtrace.errors import InputError, MissingInput
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.pipeline import run_monitors
from aidtrace.workspace import Workspace
from flows.scenario import PLANTS, Scenario, load

Programme = tuple[Workspace, Scenario]

# monitor -> (kind, most alerts of that kind tolerated besides the plants)
CASES = {
    "flows.benford": ("benford_nonconformity", 0),
    "flows.duplicate_invoices": ("duplicate_invoice", 0),
    "flows.equity": ("overserved_district", 0),
    "flows.hop_gap": ("hop_gap", 0),
    "flows.loops": ("payment_loop", 0),
    "flows.outside_parties": ("outside_programme", 0),
    "flows.round_amounts": ("round_amount", 0),
    "flows.split_payments": ("split_payment", 0),
    "flows.threshold_hugging": ("threshold_hugging", 0),
    "flows.unit_prices": ("overpriced_vendor", 0),
    "flows.velocity": ("velocity_spike", 1),
    "flows.vendor_official": ("vendor_concentration", 0),
}


def run(ws: Workspace, name: str, **params: object) -> list[Alert]:
    return list(get_monitor(name).run(RunContext(ws, params=params)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_monitor_finds_its_plant(programme: Programme, name: str) -> None:
    kind, extra = CASES[name]
    subjects = {a.subject for a in run(programme[0], name) if a.kind == kind}
    planted = PLANTS[kind] & subjects if kind == "leakage" else PLANTS[kind]
    assert planted <= subjects
    assert len(subjects - PLANTS[kind]) <= extra


@pytest.mark.parametrize(
    ("name", "subject"), [("flows.retention", "P3"), ("flows.short_handovers", "AF0202")]
)
def test_leakage_monitors(programme: Programme, name: str, subject: str) -> None:
    assert {a.subject for a in run(programme[0], name) if a.kind == "leakage"} == {subject}


def test_delivery_shift(programme: Programme) -> None:
    shifts = [a for a in run(programme[0], "flows.equity") if a.kind == "delivery_shift"]
    assert {a.subject for a in shifts} == PLANTS["delivery_shift"]
    assert shifts[0].evidence["later"] == 0


def test_underserved_district(programme: Programme) -> None:
    alerts = run(programme[0], "flows.equity")
    under = {a.subject for a in alerts if a.kind == "underserved_district"}
    assert under == PLANTS["underserved_district"]
    evidence = next(a.evidence for a in alerts if a.kind == "underserved_district")
    assert float(str(evidence["raw_ratio"])) < 0.5


@pytest.mark.parametrize(
    ("name", "kind", "needle"),
    [
        ("flows.split_payments", "split_payment", "txn_ids"),
        ("flows.unit_prices", "overpriced_vendor", "median_ratio"),
        ("flows.benford", "benford_nonconformity", "mad"),
        ("flows.hop_gap", "hop_gap", "gap_usd"),
    ],
)
def test_alerts_carry_checkable_evidence(
    programme: Programme, name: str, kind: str, needle: str
) -> None:
    alert = next(a for a in run(programme[0], name) if a.kind == kind)
    assert needle in alert.evidence
    assert alert.summary


def test_thresholds_can_be_overridden(programme: Programme) -> None:
    assert run(programme[0], "flows.unit_prices")
    assert run(programme[0], "flows.unit_prices", ratio=2.0) == []


def alerts_seen(ws: Workspace, name: str, raw: list[str]) -> int:
    """How many alerts ``aidtrace run -m NAME -p ...`` records."""
    return run_monitors(ws, [name], params=parse_params(raw)).per_monitor[name][0]


@pytest.mark.parametrize(
    ("name", "raw", "changed"),
    [
        # a bar no vendor's prices reach: the planted vendor is no longer raised
        ("flows.unit_prices", ["flows.unit_prices:ratio=100"], True),
        ("flows.unit_prices", ["flows.unit_prices:min_lines=3"], False),
        ("flows.split_payments", ["flows.split_payments:min_total_usd=1e12"], True),
        ("flows.duplicate_invoices", ["flows.duplicate_invoices:check_same_amount=no"], False),
    ],
)
def test_command_line_parameters_reach_the_detector(
    tmp_path: Path, name: str, raw: list[str], changed: bool
) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "root.key") as ws:
        load(ws, tmp_path / "files")
        default = alerts_seen(ws, name, [])
        given = alerts_seen(ws, name, raw)
    assert default
    assert (given < default) if changed else (given == default)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ratio": "high"}, "is not a float"),
        ({"no_such": "1"}, "has no parameter 'no_such'"),
    ],
)
def test_unreadable_parameters_are_refused(
    programme: Programme, params: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        run(programme[0], "flows.unit_prices", **params)


def test_alert_identity_is_stable(programme: Programme) -> None:
    first = {a.alert_id for a in run(programme[0], "flows.split_payments")}
    again = {a.alert_id for a in run(programme[0], "flows.split_payments")}
    assert first == again


@pytest.mark.parametrize("name", [*CASES, "flows.retention", "flows.short_handovers"])
def test_monitors_skip_an_empty_workspace(workspace: Workspace, name: str) -> None:
    with pytest.raises(MissingInput, match="nothing imported yet of"):
        run(workspace, name)


def test_split_with_known_limits(programme: Programme) -> None:
    alerts = run(programme[0], "flows.split_payments", limits={"USD": (10_000.0,)})
    assert [(a.subject, a.evidence["limit"], a.evidence["parts"]) for a in alerts] == [
        ("V1", 10_000.0, 3)
    ]
    assert run(programme[0], "flows.split_payments", limits={"USD": (50_000.0,)}) == []
