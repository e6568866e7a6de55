"""Score the alerts of a run against the scenario's ground truth, per planted kind.

An alert *names* a plant when its subject, or any id its evidence lists (``txn_ids``,
``member_ids``, ``person_ids``…), is among the plant's ids. For each planted kind:
precision = alerts of the kinds that report it which name a plant of that kind / all such alerts;
recall = plants named by at least one such alert / plants. Alerts of kinds no plant exercises are
counted apart: on the scenario, which is clean but for its plants, each of them is a false alarm.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aidtrace.demo.truth import GroundTruth, Plant, PlantKind
from aidtrace.workspace import Workspace

__all__ = ["DETECTED_BY", "Evaluation", "FoundAlert", "KindScore", "evaluate", "stored_alerts"]

# planted kind -> the alert kinds whose job it is to report it
DETECTED_BY: dict[PlantKind, frozenset[str]] = {
    PlantKind.WATCHLIST_PARTY: frozenset({"sanctions_match"}),
    PlantKind.GHOST_BENEFICIARY: frozenset(),
    PlantKind.DUPLICATE_BENEFICIARY: frozenset(),
    PlantKind.PAYROLL_GHOST: frozenset(),
    PlantKind.PAYROLL_DUPLICATE: frozenset(),
    PlantKind.LEAKAGE: frozenset({"hop_gap", "leakage"}),
    PlantKind.SPLIT_PAYMENT: frozenset({"split_payment"}),
    PlantKind.ROUND_PAYMENT: frozenset({"round_amount"}),
    PlantKind.DUPLICATE_INVOICE: frozenset({"duplicate_invoice"}),
    PlantKind.OVERPRICED_VENDOR: frozenset({"overpriced_vendor"}),
    PlantKind.VENDOR_CONCENTRATION: frozenset({"vendor_concentration"}),
    PlantKind.DELIVERY_SKEW: frozenset({"overserved_district", "underserved_district"}),
}


@dataclass(frozen=True)
class FoundAlert:
    """What scoring needs of an alert."""

    kind: str
    subject: str
    evidence: Mapping[str, object]

    def ids(self) -> set[str]:
        # Subjects may be typed ("beneficiary:B123", "org:VEN-0035"); the bare id counts too.
        named = {self.subject, self.subject.partition(":")[2]}
        for key, value in self.evidence.items():
            if key.endswith("_ids") and isinstance(value, list):
                named.update(str(v) for v in value)
        return named


@dataclass(frozen=True)
class KindScore:
    kind: str
    plants: int
    found: int
    alerts: int
    true_alerts: int

    @property
    def precision(self) -> float | None:
        return self.true_alerts / self.alerts if self.alerts else None

    @property
    def recall(self) -> float | None:
        return self.found / self.plants if self.plants else None


@dataclass(frozen=True)
class Evaluation:
    per_kind: tuple[KindScore, ...]
    unplanted: dict[str, int]  # alert kind -> alerts of kinds no plant exercises


def _plant_ids(plant: Plant) -> set[str]:
    return {i for ids in plant.ids.values() for i in ids}


def evaluate(alerts: Iterable[FoundAlert], truth: GroundTruth) -> Evaluation:
    """Precision and recall per planted kind (see the module docstring)."""
    alerts = list(alerts)
    scores = []
    for kind, alert_kinds in DETECTED_BY.items():
        plants = [_plant_ids(p) for p in truth.of_kind(kind)]
        if not plants:
            continue
        mine = [a.ids() for a in alerts if a.kind in alert_kinds]
        true_alerts = sum(any(ids & p for p in plants) for ids in mine)
        found = sum(any(ids & p for ids in mine) for p in plants)
        scores.append(KindScore(kind.value, len(plants), found, len(mine), true_alerts))
    mapped = set().union(*DETECTED_BY.values())
    unplanted = Counter(a.kind for a in alerts if a.kind not in mapped)
    return Evaluation(tuple(scores), dict(sorted(unplanted.items())))


def stored_alerts(workspace: Workspace) -> list[FoundAlert]:
    """Every alert the workspace holds, in the form scoring needs."""
    rows = workspace.engine.query("SELECT kind, subject, evidence FROM alerts").to_pylist()
    return [FoundAlert(r["kind"], r["subject"], json.loads(r["evidence"])) for r in rows]
