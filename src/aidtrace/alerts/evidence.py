"""The evidence of each kind of alert, field by field, as the store, the desk and exports hold it.

Each is a ``TypedDict``: a plain dict at run time, so the JSON stored and hashed is the dict the
monitor wrote, while the type checker holds every monitor to its kind's fields. A value read
straight from a store row keeps the row's type (``object``): the store decides it, not the monitor.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class ScreeningHitEvidence(TypedDict):
    """``sanctions_match`` from a screening run: the hit with its scores and explanation."""

    hit: dict[str, object]


class ImportHitEvidence(TypedDict):
    """``sanctions_match`` found while a person list was imported (names never leave memory)."""

    entry_id: str
    features: dict[str, float]


class ListStaleEvidence(TypedDict):
    """``list_stale``: a watchlist screening still reads, not refreshed within the limit."""

    list: str
    current_snapshot: str
    loaded_at: str
    refreshed_at: str
    age_days: float
    max_age_days: float
    published_at: NotRequired[str]
    last_update: NotRequired[str]
    last_update_detail: NotRequired[str]


class CrossAgencyEvidence(TypedDict):
    """``cross_agency_duplicate``: the other agencies' records a consortium round linked."""

    consortium: str
    round: int
    other_agencies: list[str]
    other_records: list[str]
    match_probability: float
    agreed: list[str]
    name_similarity: float
    cluster_size: int
    opaque_id: str


class LinkedRecordsEvidence(TypedDict):
    """``duplicate_person`` / ``repeated_member``: records linked as one person, and why."""

    cluster: list[str]
    households: list[str]
    records: list[dict[str, object]]
    pairs: list[dict[str, object]]
    review_pairs: list[dict[str, object]]
    model_id: str
    cutoff: dict[str, object]
    screening_hits: NotRequired[list[str]]


class PayrollDuplicateEvidence(TypedDict):
    """``payroll_duplicate``: two staff records judged one person, and what both were paid."""

    rule: str
    reason: str
    fields: dict[str, str]
    records: list[dict[str, object]]
    months_both_paid: int
    paid_twice_usd: float
    months_same_attendance: int
    note: str


class GhostHouseholdEvidence(TypedDict):
    """``ghost_household``: the households flagged, by one enumerator or alone."""

    households: list[dict[str, object]]
    indicators: dict[str, dict[str, int]]
    note: str
    enumerator_id: NotRequired[str]


class IndicatorEvidence(TypedDict):
    """``ghost_beneficiary``, ``age_heaping``, ``payroll_ghost``: the indicators that fired."""

    indicators: dict[str, dict[str, object]]
    note: str


class QuorumEvidence(TypedDict):
    """``witness_quorum_missing``: who cosigned the log's checkpoint, who did not, and why."""

    quorum: int
    cosigned: list[str]
    not_cosigned: list[str]
    last_answers: dict[str, str]


class BulkRevealEvidence(TypedDict):
    """``bulk_reveal``: a desk user asked for more people's data than the window allows."""

    shown_in_window: int
    asked_for: int
    limit: int
    window_minutes: int
    day: str


class BenfordEvidence(TypedDict):
    """``benford_nonconformity``: first digits of an organisation's amounts against Benford."""

    role: str
    amounts: int
    mad: float
    band: str
    observed: dict[str, int]
    expected: dict[str, float]


class DuplicateInvoiceEvidence(TypedDict):
    match: str
    invoice_numbers: object
    txn_ids: list[str]
    total_usd: float


class DistrictEquityEvidence(TypedDict):
    """``underserved_district`` / ``overserved_district``: reached against due, and by how much."""

    basis: str
    households_reached: int
    households_expected: float
    raw_ratio: float
    shrunk_ratio: float
    z: float
    q_value: float
    people_in_need: int
    planned_usd: float
    delivered_usd: float
    usd_per_person_in_need: float
    delivered_text: str


class DeliveryShiftEvidence(TypedDict):
    earlier: int
    later: int
    expected_later: float
    p_value: float


class HandoverEvidence(TypedDict):
    """``leakage`` found in hand-over records: weeks short of the entitlement."""

    item: str
    partner: str
    weeks: list[str]
    relative_value: list[float]
    recorded_usd: float
    missing_usd: float


class HopGapEvidence(TypedDict):
    """``hop_gap``: what a payer sent that the receiver has not reported receiving."""

    payer: str
    payee: str
    sent_usd: float
    reported_usd: float
    gap_usd: float
    weeks: list[str]
    settle_weeks: int
    districts: list[str]
    txn_ids: list[str]


class RetainedEvidence(TypedDict):
    """``leakage`` by retention: an organisation kept far more of what it received than peers."""

    received_usd: float
    passed_on_usd: float
    retained_usd: float
    retained_share: float
    peer_median_share: float
    peers: int


class LastMileEvidence(TypedDict):
    """``leakage`` at the last mile: hand-overs reached people for far less than was spent."""

    spent_usd: float
    delivered_usd: float
    not_reached_usd: float
    delivered_share: float
    peer_median_share: float


class RoundAmountEvidence(TypedDict):
    txn_ids: list[object]
    amount: object
    currency: object
    amount_usd: float
    approved_by: object
    peer_round_rate: float
    payee_round_payments: object
    payee_payments: object


class SplitPaymentEvidence(TypedDict):
    payer: object
    payee: object
    approved_by: object
    parts: object
    total: float
    currency: object
    total_usd: float
    limit: float | None
    txn_ids: list[str]


class PaymentLoopEvidence(TypedDict):
    cycle: list[str]
    max_round_trip_usd: float


class OutsideProgrammeEvidence(TypedDict):
    side: object
    payments: object
    usd: float
    txn_ids: list[str]


class OverpricedVendorEvidence(TypedDict):
    lines: object
    median_ratio: float
    excess_usd: float
    worst_txn_ids: list[str]


class VelocitySpikeEvidence(TypedDict):
    week_start: object
    week_usd: float
    payments: object
    median_week_usd: float
    mad_usd: float
    weeks_of_history: object
    second_biggest_week_usd: float


class VendorLink(TypedDict):
    vendor: object
    registered_official: bool
    approved_payments: object
    payments: object
    approved_usd: float
    vendor_usd: float


class VendorConcentrationEvidence(TypedDict):
    vendors: list[VendorLink]
    typical_vendors_per_official: float
    approved_usd: float
