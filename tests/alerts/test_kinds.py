"""Alert kinds as an enum and the detector helper: what the store, the ids and the desk see is the
same as when kinds were bare strings."""

from __future__ import annotations

import json

import pytest

from aidtrace.alerts.evidence import PaymentLoopEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.alerts.store import list_alerts, save_alerts
from aidtrace.web.labels import KIND_LABELS
from aidtrace.workspace import Workspace


class _Probe:
    name = "flows.probe"
    version = "7"


@pytest.mark.parametrize("kind", list(AlertKind))
def test_a_kind_is_its_stored_string_everywhere(kind: AlertKind) -> None:
    assert json.dumps(kind) == json.dumps(kind.value)
    assert f"{kind}" == kind.value
    typed = detected(_Probe(), kind, subject="org:1", score=0.5, summary="s", identity_key="k")
    plain = Alert("flows.probe", "7", kind.value, "org:1", 0.5, "s", "k")  # type: ignore[arg-type]
    assert typed == plain
    assert typed.alert_id == plain.alert_id


def test_every_kind_has_a_label_on_the_desk_and_every_label_a_kind() -> None:
    assert set(KIND_LABELS) == {k.value for k in AlertKind}


@pytest.mark.parametrize(
    ("by", "monitor", "version"),
    [(_Probe(), "flows.probe", "7"), (_Probe, "flows.probe", "7"), (Finder("desk"), "desk", "1")],
)
def test_the_detector_stamps_its_name_and_version(by: object, monitor: str, version: str) -> None:
    alert = detected(by, AlertKind.PAYMENT_LOOP, subject="a", score=0.8, summary="loop")  # type: ignore[arg-type]
    assert (alert.monitor, alert.monitor_version, alert.severity) == (
        monitor,
        version,
        Severity.MEDIUM,
    )
    assert alert.evidence == {}


def test_typed_evidence_is_stored_as_the_same_json(workspace: Workspace) -> None:
    evidence = PaymentLoopEvidence({"cycle": ["a", "b"], "max_round_trip_usd": 10.5})
    typed = detected(
        _Probe(), AlertKind.PAYMENT_LOOP, subject="a", score=0.8, summary="loop", evidence=evidence
    )
    plain = Alert(
        "flows.probe", "7", "payment_loop", "a", 0.8, "loop",  # type: ignore[arg-type]
        evidence={"cycle": ["a", "b"], "max_round_trip_usd": 10.5},
    )  # fmt: skip
    assert typed.evidence_hash == plain.evidence_hash
    save_alerts(workspace, [typed], run_id="r1")
    [stored] = list_alerts(workspace, kind="payment_loop")
    assert stored["kind"] == "payment_loop"
    assert type(stored["kind"]) is str
    row = workspace.engine.query(
        "SELECT evidence FROM alerts WHERE alert_id = ?", (typed.alert_id,)
    ).to_pylist()[0]
    assert row["evidence"] == json.dumps(plain.evidence, ensure_ascii=False, sort_keys=True)
