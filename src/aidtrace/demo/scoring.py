"""Score alerts against the ground truth: precision per alert kind, recall per planted kind.

Monitors name their findings in their own words (``ghost_household``, ``hop_gap``…); the registry
``ALERT_KINDS`` says which planted kind each alert kind is evidence of. An alert is a true
positive when it shares an id — found in its subject or its evidence — with a plant of that kind;
a plant is found when at least one true-positive alert names it. Matching on any shared id is
deliberately lenient (an alert on a vendor counts for a plant on that vendor's invoices).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aidtrace.demo.truth import GroundTruth, Plant, PlantKind
from aidtrace.workspace import Workspace

K = PlantKind
ALERT_KINDS: dict[str, PlantKind] = {
    "sanctions_match": K.WATCHLIST_PARTY,
    "ghost_household": K.GHOST_BENEFICIARY,
    "ghost_beneficiary": K.GHOST_BENEFICIARY,
    "duplicate_person": K.DUPLICATE_BENEFICIARY,
    "possible_duplicate": K.DUPLICATE_BENEFICIARY,
    "repeated_member": K.DUPLICATE_BENEFICIARY,
    "payroll_ghost": K.PAYROLL_GHOST,
    "payroll_duplicate": K.PAYROLL_DUPLICATE,
    "leakage": K.LEAKAGE,
    "hop_gap": K.LEAKAGE,
    "split_payment": K.SPLIT_PAYMENT,
    "round_amount": K.ROUND_PAYMENT,
    "duplicate_invoice": K.DUPLICATE_INVOICE,
    "overpriced_vendor": K.OVERPRICED_VENDOR,
    "vendor_concentration": K.VENDOR_CONCENTRATION,
    "overserved_district": K.DELIVERY_SKEW,
    "underserved_district": K.DELIVERY_SKEW,
}
# Every id shape the scenario uses (see docs/formats.md).
ID = re.compile(
    r"\b(?:B\d{9}|H\d{8}|S\d{6}|T\d{8}|D\d{9}|AF\d{4}|(?:DON|AGY|PRT|SUB|VEN|CAG)-\d{2,4})\b"
)


@dataclass(frozen=True)
class KindScore:
    kind: PlantKind
    planted: int
    found: int
    alerts: int
    true_alerts: int

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        return self.true_alerts / self.alerts if self.alerts else None


@dataclass(frozen=True)
class Score:
    kinds: tuple[KindScore, ...]
    unscored: Mapping[str, int]  # alert kinds with no planted counterpart (e.g. velocity spikes)


def plant_ids(plant: Plant) -> set[str]:
    """The ids an alert may name for this plant (household members of duplicates included)."""
    ids = {i for values in plant.ids.values() for i in values}
    for pair in plant.detail.get("member_pairs", ()):
        ids.update(pair)
    return ids


def alert_ids(subject: str, evidence: Mapping[str, Any] | str | None) -> set[str]:
    text = evidence if isinstance(evidence, str) else json.dumps(evidence or {})
    return set(ID.findall(subject)) | set(ID.findall(text))


def score(
    truth: GroundTruth, alerts: Iterable[tuple[str, str, Mapping[str, Any] | str | None]]
) -> Score:
    """``alerts``: (kind, subject, evidence) triples, e.g. from :func:`workspace_alerts`."""
    plants = {k: [(p, plant_ids(p)) for p in truth.of_kind(k)] for k in PlantKind}
    found: dict[PlantKind, set[int]] = {k: set() for k in PlantKind}
    counts = {k: [0, 0] for k in PlantKind}  # alerts, true alerts
    unscored: dict[str, int] = {}
    for kind, subject, evidence in alerts:
        target = ALERT_KINDS.get(kind)
        if target is None:
            unscored[kind] = unscored.get(kind, 0) + 1
            continue
        ids = alert_ids(subject, evidence)
        hits = [i for i, (_, pids) in enumerate(plants[target]) if pids & ids]
        counts[target][0] += 1
        counts[target][1] += bool(hits)
        found[target].update(hits)
    rows = tuple(KindScore(k, len(plants[k]), len(found[k]), *counts[k]) for k in PlantKind)
    return Score(rows, dict(sorted(unscored.items())))


def workspace_alerts(ws: Workspace) -> list[tuple[str, str, str | None]]:
    """Every stored alert of a workspace as (kind, subject, evidence JSON)."""
    table = ws.engine.query(
        "SELECT kind, subject, CAST(evidence AS VARCHAR) AS evidence FROM alerts", ()
    )
    return [(r["kind"], r["subject"], r["evidence"]) for r in table.to_pylist()]
