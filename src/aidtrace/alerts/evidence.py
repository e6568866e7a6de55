"""The evidence of each kind of alert, field by field, as the store, the desk and exports hold it.

Each is a ``TypedDict``: a plain dict at run time, so the JSON stored and hashed is the dict the
monitor wrote, while the type checker holds every monitor to its kind's fields. A value read
straight from a store row keeps the row's type (``object``): the store decides it, not the monitor.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from aidtrace.alerts.model import AlertKind


class ScreeningHitEvidence(TypedDict):
    """``sanctions_match`` from a screening run: the hit with its scores and explanation."""

    hit: dict[str, object]


class PossibleDuplicateEvidence(TypedDict):
    """``possible_duplicate``: one pair of records in the review band (raised before duplicates
    were gathered per family; alerts stored then still read)."""

    pair: dict[str, object]
    model_id: str


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


class HouseholdRecord(TypedDict):
    """A household as a ghost alert shows it beside the others: where, when and by whom it was
    registered, and whether it was ever seen at a distribution (ids and dates, never names)."""

    household_id: str
    in_alert: NotRequired[bool]  # given when the alert lists households it does not raise
    shared: NotRequired[str]  # what it shares with the alert's households: phone, tazkira
    district: NotRequired[str]
    registered_on: NotRequired[str]
    enumerator_id: NotRequired[str]
    at_distributions: str  # seen, never seen, no hand-over recorded
    first_seen_on: NotRequired[str]  # the first hand-over seen reaching it
    partners: NotRequired[list[str]]  # who recorded its hand-overs


class SharedGroup(TypedDict):
    """Households holding one phone or tazkira (matched on tokens; the number is not shown)."""

    shared: str  # phone or tazkira
    households: list[str]  # the alert's first, then the others (up to a limit)
    households_sharing: int  # every household holding it


class GhostHouseholdEvidence(TypedDict):
    """``ghost_household``: the households flagged, by one enumerator or alone, and their
    records side by side with the households they share a phone or tazkira with."""

    households: list[dict[str, object]]
    indicators: dict[str, dict[str, int]]
    note: str
    enumerator_id: NotRequired[str]
    records: NotRequired[list[HouseholdRecord]]
    shared_with: NotRequired[list[SharedGroup]]


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
    last_mile: NotRequired[list[ExplainedLastMileEvidence]]  # the payer's shortfall it explains


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


class ExplainedLastMileEvidence(LastMileEvidence):
    """A payer's last-mile shortfall that a procurement finding explains, carried in the
    finding's alert instead of a ``leakage`` alert of its own."""

    payer: str
    shortfall_usd: float  # spent on aid but not reaching people
    explained_by: list[str]  # the alert kinds whose money, together, explains it


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
    last_mile: NotRequired[list[ExplainedLastMileEvidence]]  # the payer's shortfall it explains
    velocity: NotRequired[VelocitySpikeEvidence]  # the vendor's spike week this split makes
    payer_velocity: NotRequired[VelocitySpikeEvidence]  # the payer's spike week, paid out


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
    last_mile: NotRequired[list[ExplainedLastMileEvidence]]  # payers' shortfalls it explains


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


class ThresholdHuggingEvidence(TypedDict):
    """``threshold_hugging``: an approver's payments just below an approval limit."""

    payments: object
    flagged: object
    peer_rate: float
    p_value: float
    txn_ids: list[str]
    limits_usd: list[float]


class ContractFields(TypedDict):
    """The contract an alert is about, as imported (dates as ISO text)."""

    project_id: object
    contract_id: object
    partner: object
    contractor: object
    signed_on: str | None
    started_on: str | None
    planned_end: str | None
    actual_end: str | None
    cost: object
    currency: object
    item: object
    quantity: object
    unit: object
    province_code: object
    district_code: object


class StartedBeforeSignedEvidence(ContractFields):
    """``contract_started_before_signed``: the contract, and how many days work came first."""

    days_early: int


class EndedBeforeStartEvidence(ContractFields):
    """``contract_ended_before_start``: the contract, and how many days early it ended."""

    days_before_start: int


class ContractCostEvidence(ContractFields):
    """``contract_cost_off_norm``: the contract's unit cost against its peers' median."""

    unit_cost: float
    median_of_peers: float
    ratio: float
    peers: int


class ContractorSpellingsEvidence(TypedDict):
    """``contractor_several_spellings``: one partner's spellings of a contractor, and where."""

    partner: str
    spellings: dict[str, list[str]]


class FlowBrief(TypedDict):
    """One published funding flow, as a funding alert lists it."""

    flow_id: object
    date: str
    to: object
    usd: float
    usage_years: str


class CommitmentUnpaidEvidence(TypedDict):
    """``commitment_unpaid``: a donor's commitments past their usage years, not paid."""

    as_of: str
    committed_usd: float
    flows: list[FlowBrief]


class PledgeUncommittedEvidence(TypedDict):
    """``pledge_uncommitted``: a pledge no commitment or payment followed."""

    as_of: str
    pledge: FlowBrief


class PassesOnEvidence(TypedDict):
    """``passes_on_more_than_received``: what an organisation passed on against what it got."""

    passed_on_usd: float
    received_usd: float
    excess_usd: float
    passed_flows: int
    received_flows: int
    largest_outflows: list[str]


class ChildFlowsExceedEvidence(TypedDict):
    """``child_flows_exceed_parent``: a parent flow and the children carrying more than it."""

    parent_usd: float
    children_usd: float
    flow_type: object
    children: object


class ChildFlowsMissingEvidence(TypedDict):
    """``child_flows_missing``: a parent flow whose listed children are not all imported."""

    parent_usd: float
    children_present_usd: float
    missing: list[object]
    flow_type: object


class ExchangeRateEvidence(TypedDict):
    """``exchange_rate_mismatch``: the stated and the implied dollar amounts of a flow."""

    amount_usd: float
    original_amount: float
    original_currency: object
    exchange_rate: float
    implied_usd: float
    rate_inverted: bool


class PlaceUnresolvedEvidence(TypedDict):
    """``place_unresolved``: the places a flow names that the gazetteer does not know."""

    unresolved_places: object
    locations: object


# The evidence each kind of alert carries (leakage and sanctions hits have several sources).
KIND_EVIDENCE: dict[AlertKind, tuple[type, ...]] = {
    AlertKind.SANCTIONS_MATCH: (ScreeningHitEvidence, ImportHitEvidence),
    AlertKind.LIST_STALE: (ListStaleEvidence,),
    AlertKind.DUPLICATE_PERSON: (LinkedRecordsEvidence,),
    AlertKind.POSSIBLE_DUPLICATE: (PossibleDuplicateEvidence,),
    AlertKind.REPEATED_MEMBER: (LinkedRecordsEvidence,),
    AlertKind.CROSS_AGENCY_DUPLICATE: (CrossAgencyEvidence,),
    AlertKind.PAYROLL_DUPLICATE: (PayrollDuplicateEvidence,),
    AlertKind.PAYROLL_GHOST: (IndicatorEvidence,),
    AlertKind.GHOST_HOUSEHOLD: (GhostHouseholdEvidence,),
    AlertKind.GHOST_BENEFICIARY: (IndicatorEvidence,),
    AlertKind.AGE_HEAPING: (IndicatorEvidence,),
    AlertKind.DUPLICATE_INVOICE: (DuplicateInvoiceEvidence,),
    AlertKind.HOP_GAP: (HopGapEvidence,),
    AlertKind.LEAKAGE: (HandoverEvidence, RetainedEvidence, LastMileEvidence),
    AlertKind.OVERPRICED_VENDOR: (OverpricedVendorEvidence,),
    AlertKind.ROUND_AMOUNT: (RoundAmountEvidence,),
    AlertKind.THRESHOLD_HUGGING: (ThresholdHuggingEvidence,),
    AlertKind.SPLIT_PAYMENT: (SplitPaymentEvidence,),
    AlertKind.PAYMENT_LOOP: (PaymentLoopEvidence,),
    AlertKind.OUTSIDE_PROGRAMME: (OutsideProgrammeEvidence,),
    AlertKind.UNDERSERVED_DISTRICT: (DistrictEquityEvidence,),
    AlertKind.OVERSERVED_DISTRICT: (DistrictEquityEvidence,),
    AlertKind.DELIVERY_SHIFT: (DeliveryShiftEvidence,),
    AlertKind.VELOCITY_SPIKE: (VelocitySpikeEvidence,),
    AlertKind.VENDOR_CONCENTRATION: (VendorConcentrationEvidence,),
    AlertKind.BENFORD_NONCONFORMITY: (BenfordEvidence,),
    AlertKind.CONTRACT_STARTED_BEFORE_SIGNED: (StartedBeforeSignedEvidence,),
    AlertKind.CONTRACT_ENDED_BEFORE_START: (EndedBeforeStartEvidence,),
    AlertKind.CONTRACT_COST_OFF_NORM: (ContractCostEvidence,),
    AlertKind.CONTRACTOR_SEVERAL_SPELLINGS: (ContractorSpellingsEvidence,),
    AlertKind.COMMITMENT_UNPAID: (CommitmentUnpaidEvidence,),
    AlertKind.PLEDGE_UNCOMMITTED: (PledgeUncommittedEvidence,),
    AlertKind.PASSES_ON_MORE_THAN_RECEIVED: (PassesOnEvidence,),
    AlertKind.CHILD_FLOWS_EXCEED_PARENT: (ChildFlowsExceedEvidence,),
    AlertKind.CHILD_FLOWS_MISSING: (ChildFlowsMissingEvidence,),
    AlertKind.EXCHANGE_RATE_MISMATCH: (ExchangeRateEvidence,),
    AlertKind.PLACE_UNRESOLVED: (PlaceUnresolvedEvidence,),
    AlertKind.WITNESS_QUORUM_MISSING: (QuorumEvidence,),
    AlertKind.BULK_REVEAL: (BulkRevealEvidence,),
}
