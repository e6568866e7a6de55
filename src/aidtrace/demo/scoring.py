"""Score alerts against the ground truth: precision per alert kind, recall per planted kind.

Monitors name their findings in their own words (``ghost_household``, ``hop_gap``…); the registry
``ALERT_KINDS`` says which planted kind each alert kind is evidence of. An alert is a true
positive when it shares an id — found in its subject or its evidence — with a plant of that kind;
a plant is found when at least one true-positive alert names it. Matching on any shared id is
deliberately lenient (an alert on a vendor counts for a plant on that vendor's invoices).

Every alert that is not a true positive (and every alert of a kind no plant answers to) is then
looked up among the truth's *innocent* cases the same way: a false alert naming the records of a
namesake pair, a family phone or a late report is counted against that pattern, so the cost of
each kind of honest mess is visible on its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aidtrace.demo.truth import GroundTruth, Innocent, Pattern, Plant, PlantKind
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
class PatternScore:
    """False alerts on one innocent pattern: how many cases drew one, and of which kinds."""

    pattern: Pattern
    cases: int
    alerted: int  # cases named by at least one false alert
    false_alerts: int
    by_kind: Mapping[str, int]  # alert kind → false alerts on this pattern


@dataclass(frozen=True)
class Score:
    kinds: tuple[KindScore, ...]
    unscored: Mapping[str, int]  # alert kinds with no planted counterpart (e.g. velocity spikes)
    innocent: tuple[PatternScore, ...] = ()  # false alerts per innocent pattern of the truth


def plant_ids(plant: Plant | Innocent) -> set[str]:
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
    false: list[tuple[str, set[str]]] = []  # (kind, ids) of every alert no plant explains
    for kind, subject, evidence in alerts:
        ids = alert_ids(subject, evidence)
        target = ALERT_KINDS.get(kind)
        if target is None:
            unscored[kind] = unscored.get(kind, 0) + 1
            false.append((kind, ids))
            continue
        hits = [i for i, (_, pids) in enumerate(plants[target]) if pids & ids]
        counts[target][0] += 1
        counts[target][1] += bool(hits)
        found[target].update(hits)
        if not hits:
            false.append((kind, ids))
    rows = tuple(KindScore(k, len(plants[k]), len(found[k]), *counts[k]) for k in PlantKind)
    return Score(rows, dict(sorted(unscored.items())), innocent_scores(truth, false))


def innocent_scores(
    truth: GroundTruth, false: Iterable[tuple[str, set[str]]]
) -> tuple[PatternScore, ...]:
    """Count false alerts (kind, ids) against the innocent cases whose records they name."""
    owners: dict[str, set[int]] = {}  # record id → innocent cases naming it
    for n, case in enumerate(truth.innocent):
        for i in plant_ids(case):
            owners.setdefault(i, set()).add(n)
    alerted: dict[Pattern, set[int]] = {p: set() for p in Pattern}
    by_kind: dict[Pattern, dict[str, int]] = {p: {} for p in Pattern}
    for kind, ids in false:
        named = set().union(*(owners.get(i, set()) for i in ids))
        for pattern in {truth.innocent[n].pattern for n in named}:
            by_kind[pattern][kind] = by_kind[pattern].get(kind, 0) + 1
        for n in named:
            alerted[truth.innocent[n].pattern].add(n)
    cases = Counter(c.pattern for c in truth.innocent)
    return tuple(
        PatternScore(
            p, cases[p], len(alerted[p]), sum(by_kind[p].values()), dict(sorted(by_kind[p].items()))
        )
        for p in Pattern
    )


def workspace_alerts(ws: Workspace) -> list[tuple[str, str, str | None]]:
    """Every stored alert of a workspace as (kind, subject, evidence JSON)."""
    table = ws.engine.query(
        "SELECT kind, subject, CAST(evidence AS VARCHAR) AS evidence FROM alerts", ()
    )
    return [(r["kind"], r["subject"], r["evidence"]) for r in table.to_pylist()]
