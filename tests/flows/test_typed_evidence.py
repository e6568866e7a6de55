"""The typed evidence of the funding, contract and threshold-hugging alerts: every alert carries
exactly its kind's fields, and the alert ids and evidence hashes are those the untyped monitors
wrote (pinned before the evidence was typed), so no decided alert reopens."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aidtrace.alerts.evidence import KIND_EVIDENCE
from aidtrace.alerts.model import Alert, AlertKind
from aidtrace.ingest.imports import import_file
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.workspace import Workspace
from flows.scenario import Scenario
from flows.test_contracts import alerts as contract_alerts
from flows.test_funding import AFG, PAGES, export

# kind -> (alerts, digest of their sorted (alert id, evidence hash) pairs), taken from the
# monitors as they were before their evidence was typed.
PINNED = {
    AlertKind.THRESHOLD_HUGGING: (1, "c0c90432c96b9e56"),
    AlertKind.CONTRACT_STARTED_BEFORE_SIGNED: (1, "9bc38b1b9e36ec11"),
    AlertKind.CONTRACT_ENDED_BEFORE_START: (1, "ea73b3bd9e5813d5"),
    AlertKind.CONTRACT_COST_OFF_NORM: (1, "506f5f01e22e295b"),
    AlertKind.CONTRACTOR_SEVERAL_SPELLINGS: (1, "082ff76a3654185b"),
    AlertKind.COMMITMENT_UNPAID: (22, "5f00a12f91e7d7cf"),
    AlertKind.PLEDGE_UNCOMMITTED: (1, "8f5d1e65fb8e6bbe"),
    AlertKind.PASSES_ON_MORE_THAN_RECEIVED: (1, "fcbc2953cfc1c59d"),
    AlertKind.CHILD_FLOWS_EXCEED_PARENT: (3, "1e27aee5f065bc6d"),
    AlertKind.CHILD_FLOWS_MISSING: (16, "bf5549da8c044c73"),
    AlertKind.EXCHANGE_RATE_MISMATCH: (2, "f3dbd82a3f11608f"),
    AlertKind.PLACE_UNRESOLVED: (1, "632c816565c88f10"),
}

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

# One small FTS export raising the checks the published pages do not.
SMALL_EXPORT = (
    "1,2019-01-10,2021-03-01,100000,Donor A,Agency B,pledge,incoming,,,,2019,2019,AFG,",
    "2,2020-02-01,2021-03-01,412000,Donor C,Agency B,paid,incoming,500000,EUR,0.824,,,,",
    "3,2020-02-01,2021-03-01,500000,Donor C,Agency B,paid,incoming,500000,EUR,0.824,,,,",
    '4,2020-02-01,2021-03-01,1000,Donor D,Agency E,paid,incoming,,,,2020,2020,"AFG,Atlantis",',
)


def digest(alerts: list[Alert]) -> str:
    pairs = sorted((a.alert_id, a.evidence_hash) for a in alerts)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def funding(ws: Workspace) -> Iterator[Alert]:
    yield from get_monitor("flows.funding").run(RunContext(ws, {"min_age_days": 0}))


@pytest.fixture(scope="module")
def raised(
    programme: tuple[Workspace, Scenario], tmp_path_factory: pytest.TempPathFactory
) -> dict[AlertKind, list[Alert]]:
    """Every alert of the pinned kinds the test inputs raise, by kind."""
    root = tmp_path_factory.mktemp("typed")
    found = list(get_monitor("flows.threshold_hugging").run(RunContext(programme[0])))
    with Workspace.create(root / "c", key_file=root / "c.key") as ws:
        found += contract_alerts(ws, root)
    with Workspace.create(root / "p", key_file=root / "p.key") as ws:
        for page in PAGES:
            import_file(ws, "fts", SHARED_DATA / AFG / page)
        found += funding(ws)
    with Workspace.create(root / "s", key_file=root / "s.key") as ws:
        import_file(ws, "fts", export(root, *SMALL_EXPORT))
        found += funding(ws)
    by_kind: dict[AlertKind, list[Alert]] = {k: [] for k in PINNED}
    for alert in found:
        by_kind[alert.kind].append(alert)
    return by_kind


@pytest.mark.parametrize("kind", list(PINNED))
def test_ids_and_evidence_hashes_are_unchanged(
    raised: dict[AlertKind, list[Alert]], kind: AlertKind
) -> None:
    count, pinned = PINNED[kind]
    assert (len(raised[kind]), digest(raised[kind])) == (count, pinned)


@pytest.mark.parametrize("kind", list(PINNED))
def test_each_alert_carries_its_kinds_fields(
    raised: dict[AlertKind, list[Alert]], kind: AlertKind
) -> None:
    (shape,) = KIND_EVIDENCE[kind]
    for alert in raised[kind]:
        assert (
            shape.__required_keys__
            <= set(alert.evidence)
            <= shape.__required_keys__ | (shape.__optional_keys__)
        )
