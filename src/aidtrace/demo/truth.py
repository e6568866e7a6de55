"""The ground truth: what the generator planted, by kind, with the ids of every record involved.

``ground_truth.json`` is what detection is scored against: a monitor's alert is a true positive
when its subject is among the ids of a plant of the matching kind. Beside the plants it lists the
*innocent* cases — records the noise made look suspicious (a namesake, a shared family phone, a
late report) that are no diversion — by pattern, so false alerts on each pattern can be counted.
Other clean records never appear.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 had no noise and no innocent cases


class PlantKind(StrEnum):
    WATCHLIST_PARTY = "watchlist_party"  # a vendor, cash agent, staff member or beneficiary
    GHOST_BENEFICIARY = "ghost_beneficiary"
    DUPLICATE_BENEFICIARY = "duplicate_beneficiary"
    PAYROLL_GHOST = "payroll_ghost"
    PAYROLL_DUPLICATE = "payroll_duplicate"
    LEAKAGE = "leakage"
    SPLIT_PAYMENT = "split_payment"
    ROUND_PAYMENT = "round_payment"
    DUPLICATE_INVOICE = "duplicate_invoice"
    OVERPRICED_VENDOR = "overpriced_vendor"
    VENDOR_CONCENTRATION = "vendor_concentration"
    DELIVERY_SKEW = "delivery_skew"


class IdField(StrEnum):
    MEMBER = "member_ids"
    HOUSEHOLD = "household_ids"
    STAFF = "staff_ids"
    ORG = "org_ids"
    TXN = "txn_ids"
    DISTRIBUTION = "distribution_ids"
    DISTRICT = "district_codes"


class Pattern(StrEnum):
    """An innocent pattern of a real register: looks like diversion, is none."""

    NAME_SPELLING = "name_spelling"  # Mohammad / Muhammad / Mohd / محمد on one list
    NAMESAKE = "namesake"  # unrelated men sharing given + father's name (cousins)
    LISTED_NAMESAKE = "listed_namesake"  # a clean head with a listed person's given + father's
    RELATIVE_ELSEWHERE = "relative_elsewhere"  # brothers heading households in two districts
    RE_REGISTRATION = "re_registration"  # a displaced household registered again, months later
    MISTYPED_DIGITS = "mistyped_digits"  # a phone or tazkira typed with one slip
    SHARED_PHONE = "shared_phone"  # an extended family's households giving one phone
    SIMILAR_VENDORS = "similar_vendors"  # vendors of one province with near-identical names
    SEASONAL_SURGE = "seasonal_surge"  # a winter top-up round: more hand-overs for two weeks
    LATE_REPORT = "late_report"  # incoming funds reported one to two weeks after the payment
    PARTIAL_REPORT = "partial_report"  # incoming funds reported in two instalments


@dataclass(frozen=True)
class Plant:
    """One planted case: its kind, the records it consists of, and how it was made."""

    kind: PlantKind
    ids: Mapping[IdField, tuple[str, ...]]
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "ids": {k.value: list(v) for k, v in sorted(self.ids.items())},
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plant:
        ids = {IdField(k): tuple(v) for k, v in data["ids"].items()}
        return cls(PlantKind(data["kind"]), ids, data.get("detail", {}))


@dataclass(frozen=True)
class Innocent:
    """One innocent case: the records of one occurrence of a pattern (never a plant)."""

    pattern: Pattern
    ids: Mapping[IdField, tuple[str, ...]]
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "pattern": self.pattern.value,
            "ids": {k.value: list(v) for k, v in sorted(self.ids.items())},
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Innocent:
        ids = {IdField(k): tuple(v) for k, v in data["ids"].items()}
        return cls(Pattern(data["pattern"]), ids, data.get("detail", {}))


@dataclass(frozen=True)
class GroundTruth:
    seed: int
    scale: str
    watchlist: Mapping[str, str]  # source ("synthetic" or the file's name) and its sha256
    plants: tuple[Plant, ...]
    noise: int = 0
    innocent: tuple[Innocent, ...] = ()

    def of_kind(self, kind: PlantKind) -> Iterator[Plant]:
        return (p for p in self.plants if p.kind is kind)

    def ids(self, kind: PlantKind, id_field: IdField) -> set[str]:
        """Every id of one field across the plants of one kind."""
        return {i for p in self.of_kind(kind) for i in p.ids.get(id_field, ())}

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(p.kind.value for p in self.plants).items()))

    def innocent_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(c.pattern.value for c in self.innocent).items()))

    def to_json(self) -> str:
        body = {
            "format_version": FORMAT_VERSION,
            "seed": self.seed,
            "scale": self.scale,
            "watchlist": dict(self.watchlist),
            "counts": self.counts(),
            "plants": [p.to_json() for p in self.plants],
            "noise": self.noise,
            "innocent_counts": self.innocent_counts(),
            "innocent": [c.to_json() for c in self.innocent],
        }
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_ground_truth(truth: GroundTruth, path: Path) -> None:
    path.write_text(truth.to_json(), encoding="utf-8")


def read_ground_truth(path: Path | str) -> GroundTruth:
    """Read ``ground_truth.json`` (a file or the scenario directory holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "ground_truth.json"
    if not path.is_file():
        raise InputError(f"{path}: no ground truth here (generate a scenario first)", source=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format_version") not in READABLE_VERSIONS:
            raise InputError("unknown ground-truth format version", source=path)
        plants = tuple(Plant.from_json(p) for p in data["plants"])
        innocent = tuple(Innocent.from_json(c) for c in data.get("innocent", ()))
        head = (int(data["seed"]), str(data["scale"]), data["watchlist"], plants)
        return GroundTruth(*head, int(data.get("noise", 0)), innocent)
    except (json.JSONDecodeError, KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{path}: not a ground-truth file ({exc})", source=path) from exc
