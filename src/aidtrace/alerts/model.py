"""The alert every monitor emits: what, about whom, how sure, and the evidence for it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlertKind(StrEnum):
    """What an alert found. The value is what the store, the desk's filters, exports and the audit
    log hold, so a kind is renamed only with a migration."""

    # screening
    SANCTIONS_MATCH = "sanctions_match"
    LIST_STALE = "list_stale"
    # integrity: the same person twice, people who may not exist
    DUPLICATE_PERSON = "duplicate_person"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    REPEATED_MEMBER = "repeated_member"
    CROSS_AGENCY_DUPLICATE = "cross_agency_duplicate"
    PAYROLL_DUPLICATE = "payroll_duplicate"
    PAYROLL_GHOST = "payroll_ghost"
    GHOST_HOUSEHOLD = "ghost_household"
    GHOST_BENEFICIARY = "ghost_beneficiary"
    AGE_HEAPING = "age_heaping"
    # flows: payments and deliveries
    DUPLICATE_INVOICE = "duplicate_invoice"
    HOP_GAP = "hop_gap"
    LEAKAGE = "leakage"
    OVERPRICED_VENDOR = "overpriced_vendor"
    ROUND_AMOUNT = "round_amount"
    THRESHOLD_HUGGING = "threshold_hugging"
    SPLIT_PAYMENT = "split_payment"
    PAYMENT_LOOP = "payment_loop"
    OUTSIDE_PROGRAMME = "outside_programme"
    UNDERSERVED_DISTRICT = "underserved_district"
    OVERSERVED_DISTRICT = "overserved_district"
    DELIVERY_SHIFT = "delivery_shift"
    VELOCITY_SPIKE = "velocity_spike"
    VENDOR_CONCENTRATION = "vendor_concentration"
    BENFORD_NONCONFORMITY = "benford_nonconformity"
    # partners' contracts
    CONTRACT_STARTED_BEFORE_SIGNED = "contract_started_before_signed"
    CONTRACT_ENDED_BEFORE_START = "contract_ended_before_start"
    CONTRACT_COST_OFF_NORM = "contract_cost_off_norm"
    CONTRACTOR_SEVERAL_SPELLINGS = "contractor_several_spellings"
    # funding published by donors (FTS, IATI)
    COMMITMENT_UNPAID = "commitment_unpaid"
    PLEDGE_UNCOMMITTED = "pledge_uncommitted"
    PASSES_ON_MORE_THAN_RECEIVED = "passes_on_more_than_received"
    CHILD_FLOWS_EXCEED_PARENT = "child_flows_exceed_parent"
    CHILD_FLOWS_MISSING = "child_flows_missing"
    EXCHANGE_RATE_MISMATCH = "exchange_rate_mismatch"
    PLACE_UNRESOLVED = "place_unresolved"
    # the system watching itself
    WITNESS_QUORUM_MISSING = "witness_quorum_missing"
    BULK_REVEAL = "bulk_reveal"


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Alert:
    """One finding. ``identity_key`` names what makes it the same finding on a rerun
    (for a screening hit: the list entry); ``evidence`` explains it and may change."""

    monitor: str
    monitor_version: str
    kind: AlertKind
    subject: str
    score: float
    summary: str
    identity_key: str = ""
    severity: Severity = Severity.MEDIUM
    evidence: Mapping[str, object] = field(default_factory=dict)
    list_snapshot: str | None = None

    @property
    def alert_id(self) -> str:
        """Stable across reruns: the same finding about the same subject keeps its id."""
        return _digest(self.kind, self.subject, self.identity_key)[:24]

    @property
    def evidence_hash(self) -> str:
        """Changes when the evidence does; a decided alert comes back only then.

        The list snapshot is recorded with the alert but left out: a weekly list reload that
        leaves the matched entry as it was must not reopen every decided screening hit."""
        return _digest(self.evidence)


class Detector(Protocol):
    """Whatever finds alerts: a monitor (or its class), named and versioned."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


@dataclass(frozen=True)
class Finder:
    """A detector that is not a registered monitor (a check at import, the desk's own guard)."""

    name: str
    version: str = "1"


def detected(
    by: Detector,
    kind: AlertKind,
    *,
    subject: str,
    score: float,
    summary: str,
    identity_key: str = "",
    severity: Severity = Severity.MEDIUM,
    evidence: Mapping[str, object] | None = None,
    list_snapshot: str | None = None,
) -> Alert:
    """The alert ``by`` raises: its name and version stamped on a finding of ``kind``."""
    return Alert(
        monitor=by.name,
        monitor_version=by.version,
        kind=kind,
        subject=subject,
        score=score,
        summary=summary,
        identity_key=identity_key,
        severity=severity,
        evidence={} if evidence is None else evidence,
        list_snapshot=list_snapshot,
    )
