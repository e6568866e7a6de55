"""What the desk calls each alert kind, evidence field and evidence word, in the reader's language.

Monitors store alerts in English words of their own: a kind (``payroll_duplicate``), a summary
sentence, and evidence keyed by field names (``paid_twice_usd``) with a few fixed words as values
(``romanisation variant``, ``an indicator is a reason to verify, …``). The desk shows English as
the monitors wrote it; in Dari and Pashto it shows the kind's label, a summary built from the
evidence in the reader's language, and each known field and word translated. Names, ids, codes
and anything else from the data are shown as written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aidtrace.web.i18n import DEFAULT, N_
from aidtrace.web.summaries import Words, sentence

Gettext = Callable[[str], str]
Number = Callable[[float], str]

KIND_LABELS: dict[str, str] = {
    "sanctions_match": N_("Watchlist match"),
    "duplicate_person": N_("Duplicate person"),
    "possible_duplicate": N_("Possible duplicate"),
    "repeated_member": N_("Member listed twice"),
    "cross_agency_duplicate": N_("Registered with another agency"),
    "payroll_duplicate": N_("Staff member paid twice"),
    "payroll_ghost": N_("Payroll without attendance"),
    "ghost_household": N_("Household that may not exist"),
    "ghost_beneficiary": N_("Beneficiary who may not exist"),
    "age_heaping": N_("Age heaping"),
    "duplicate_invoice": N_("Invoice paid twice"),
    "hop_gap": N_("Money not reported received"),
    "leakage": N_("Short hand-overs"),
    "overpriced_vendor": N_("Overpriced vendor"),
    "round_amount": N_("Round amount"),
    "threshold_hugging": N_("Payments just under a limit"),
    "split_payment": N_("Split payment"),
    "payment_loop": N_("Payment loop"),
    "outside_programme": N_("Payment outside the programme"),
    "underserved_district": N_("Under-served district"),
    "overserved_district": N_("Over-served district"),
    "delivery_shift": N_("Delivery shifted between districts"),
    "velocity_spike": N_("Payment spike"),
    "vendor_concentration": N_("Official tied to vendors"),
    "benford_nonconformity": N_("Unusual digit pattern"),
    "witness_quorum_missing": N_("Log witnesses missing"),
    "list_stale": N_("Watchlist out of date"),
    "bulk_reveal": N_("Many people's data asked for"),
    "contract_started_before_signed": N_("Contract started before it was signed"),
    "contract_ended_before_start": N_("Contract ends before it starts"),
    "contract_cost_off_norm": N_("Contract cost far from the norm"),
    "contractor_several_spellings": N_("Contractor under several spellings"),
    "commitment_unpaid": N_("Commitment not paid"),
    "pledge_uncommitted": N_("Pledge not committed"),
    "passes_on_more_than_received": N_("Passes on more than it received"),
    "child_flows_exceed_parent": N_("Sub-flows exceed their parent"),
    "child_flows_missing": N_("Sub-flows missing"),
    "exchange_rate_mismatch": N_("Exchange rate mismatch"),
    "place_unresolved": N_("Place not recognised"),
}

# Evidence field names (and the measures and indicators within) as an officer reads them.
FIELD_LABELS: dict[str, str] = {
    "agencies": N_("agencies"), "agency": N_("agency"), "ages": N_("ages"),
    "agreement": N_("agreement"), "amount": N_("amount"), "amount_usd": N_("amount (US$)"),
    "approved_by": N_("approved by"), "approved_payments": N_("approved payments"),
    "approved_usd": N_("approved (US$)"), "asked_for": N_("asked for"),
    "auto_link": N_("auto-link cut-off"),
    "auto_link_within_household": N_("auto-link cut-off within a household"),
    "band": N_("band"), "basis": N_("basis"), "birth": N_("birth date"),
    "birthplace": N_("registered where the listed person was born"),
    "birth_date": N_("birth date"), "birth_year": N_("birth year"),
    "chain_swaps": N_("chain swaps"), "currency": N_("currency"), "cutoff": N_("cut-off"),
    "day": N_("day"), "days_present": N_("days present"),
    "delivered_text": N_("delivered"), "delivered_usd": N_("delivered (US$)"),
    "distinct": N_("distinctiveness"), "distinctiveness": N_("distinctiveness"),
    "distributions": N_("distributions"), "district": N_("district"),
    "districts": N_("districts"), "employer": N_("employer"), "entry_id": N_("listed entry"),
    "enumerator_id": N_("enumerator"), "evidence_bits": N_("evidence (bits)"),
    "evidence_points": N_("evidence points"), "excess_usd": N_("excess (US$)"),
    "expected_wrong_links": N_("expected wrong links"), "father_name": N_("father's name"),
    "features": N_("features"), "gap_usd": N_("gap (US$)"), "gender": N_("gender"),
    "given_name": N_("given name"), "heaping_index": N_("heaping index"),
    "household_id": N_("household"), "households": N_("households"),
    "households_expected": N_("households expected"),
    "households_reached": N_("households reached"),
    "households_sharing": N_("households sharing"), "invoice_numbers": N_("invoice numbers"),
    "item": N_("item"), "limit": N_("limit"), "lines": N_("lines"), "list": N_("list"),
    "lists": N_("lists"), "mad_usd": N_("median absolute deviation (US$)"),
    "match": N_("match"), "match_probability": N_("match probability"),
    "median_ratio": N_("median ratio"), "median_week_usd": N_("median week (US$)"),
    "missing_usd": N_("missing (US$)"), "model_id": N_("model"),
    "monthly_salary_usd": N_("monthly salary (US$)"),
    "months_both_paid": N_("months both paid"),
    "months_same_attendance": N_("months with the same attendance"),
    "name": N_("name"), "nationality": N_("nationality"), "never_seen": N_("never seen"),
    "note": N_("note"), "paid": N_("paid"), "paid_twice_usd": N_("paid twice (US$)"),
    "partner": N_("partner"), "parts": N_("parts"), "payee": N_("payee"),
    "payee_payments": N_("payments to the payee"),
    "payee_round_payments": N_("round payments to the payee"), "payer": N_("payer"),
    "payments": N_("payments"), "payroll_without_attendance": N_("payroll without attendance"),
    "peer_round_rate": N_("round share among peers"), "peers_index": N_("peers' index"),
    "people_in_need": N_("people in need"), "phone": N_("phone"),
    "planned_usd": N_("planned (US$)"), "position": N_("position"),
    "q_value": N_("q-value"), "raw_ratio": N_("ratio"), "reason": N_("reason"),
    "recorded_usd": N_("recorded (US$)"), "registered_official": N_("registered official"),
    "relative_value": N_("share of the entitlement"), "reported_usd": N_("reported (US$)"),
    "round_ages": N_("round ages"), "rule": N_("rule"), "salary_paid": N_("salary paid"),
    "salary_payments": N_("salary payments"), "score": N_("score"),
    "screening_hits": N_("watchlist hits"),
    "second_biggest_week_usd": N_("second biggest week (US$)"), "sent_usd": N_("sent (US$)"),
    "set": N_("set"), "settle_weeks": N_("weeks allowed to settle"), "shared": N_("shared"),
    "shared_phone": N_("shared phone"), "shared_tazkira": N_("shared tazkira"),
    "shown_in_window": N_("shown in the window"), "shrunk_ratio": N_("ratio after shrinkage"),
    "staff_id": N_("staff member"), "tazkira": N_("tazkira"), "total": N_("total"),
    "total_usd": N_("total (US$)"), "txn_ids": N_("transactions"),
    "typical_vendors_per_official": N_("vendors of a typical official"),
    "usd_per_person_in_need": N_("US$ per person in need"), "value_usd": N_("value (US$)"),
    "vendor": N_("vendor"), "vendor_usd": N_("paid to the vendor (US$)"),
    "vendors": N_("vendors"), "velocity": N_("vendor's spike week"),
    "payer_velocity": N_("payer's spike week"), "last_mile": N_("payer's last-mile shortfall"),
    "week_start": N_("week"), "week_usd": N_("that week (US$)"),
    "weeks": N_("weeks"), "weeks_of_history": N_("weeks of history"),
    "window_minutes": N_("window (minutes)"), "worst_txn_ids": N_("worst transactions"),
    "z": N_("z-score"), "households_sharing_phone": N_("households sharing a phone"),
    "indicators": N_("indicators"), "age_heaping": N_("age heaping"), "list_id": N_("list"),
    "lineage": N_("lineage"), "name_score": N_("name score"), "kind": N_("kind"),
    "similarity": N_("similarity"), "how": N_("how"), "rarity_weight": N_("rarity weight"),
    "match_weight": N_("match weight"), "identifiers": N_("identifiers"),
    "programmes": N_("programmes"), "titles_ignored": N_("titles ignored"),
    "given": N_("given name"), "family": N_("family name"), "family_name": N_("family name"),
    "age_days": N_("age (days)"),
    "current_snapshot": N_("current snapshot"),
    "loaded_at": N_("loaded at"),
    "max_age_days": N_("largest age allowed (days)"),
    "refreshed_at": N_("refreshed at"),
    "other_agencies": N_("other agencies"),
    "passed_on_usd": N_("passed on (US$)"),
    "peer_median_share": N_("peers' median share"),
    "received_usd": N_("received (US$)"),
    "retained_share": N_("share retained"),
    "flagged": N_("flagged"),
    "p_value": N_("p-value"),
    "cycle": N_("cycle"),
    "max_round_trip_usd": N_("largest round trip (US$)"),
    "side": N_("side"),
    "earlier": N_("earlier"),
    "later": N_("later"),
    "expected_later": N_("expected later"),
    "amounts": N_("amounts"),
    "mad": N_("mean absolute deviation"),
    "not_cosigned": N_("not cosigned"),
    "quorum": N_("quorum"),
    "days_early": N_("days early"),
    "days_before_start": N_("days before the start"),
    "spellings": N_("spellings"),
    "committed_usd": N_("committed (US$)"),
    "flows": N_("flows"),
    "pledge": N_("pledge"),
    "children_usd": N_("child flows (US$)"),
    "parent_usd": N_("parent flow (US$)"),
    "missing": N_("missing"),
    "exchange_rate": N_("exchange rate"),
    "implied_usd": N_("computed from the rate (US$)"),
    "original_amount": N_("original amount"),
    "original_currency": N_("original currency"),
    "unresolved_places": N_("places not recognised"),
    "usd": N_("amount (US$)"),
    "father": N_("father's name"), "grandfather_name": N_("grandfather's name"),
    "age_anomaly": N_("impossible ages"), "impossible_ages": N_("impossible ages"),
    "members": N_("members"), "burst_registration": N_("burst of registrations"),
    "copied_roster": N_("copied family roster"), "composition": N_("composition"),
    "days": N_("days"), "households_that_day": N_("households that day"),
    "peers": N_("peers"), "registered_on": N_("registered on"),
    "same_composition_as": N_("same composition as"), "share": N_("share"),
    "source": N_("source"), "source_family": N_("source family"),
    "source_registered_on": N_("source registered on"), "usual": N_("usual"),
    "usual_per_day": N_("usual per day"),
    # A ghost alert's households side by side (``HouseholdRecord``, ``SharedGroup``).
    "in_alert": N_("in this alert"), "at_distributions": N_("seen at a distribution"),
    "first_seen_on": N_("first seen at a distribution"), "partners": N_("partners"),
    "shared_with": N_("households on the same phone or tazkira"),
}  # fmt: skip

# The tiers money passes through (the dashboard's hops, "donor → un_agency").
TIER_LABELS: dict[str, str] = {
    "donor": N_("donor"), "un_agency": N_("UN agency"), "partner": N_("partner"),
    "sub_partner": N_("sub-partner"), "cash_agent": N_("cash agent"), "vendor": N_("vendor"),
    "household": N_("household"), "beneficiary": N_("beneficiary"),
}  # fmt: skip

# Comparison levels the linkage model names (Splink's labels), as patterns.
_EXACT_ON = "Exact match on "

# Fixed words and sentences monitors write as evidence values.
VALUE_WORDS: frozenset[str] = frozenset({
    N_("an indicator is a reason to verify, not a finding of fraud"),
    N_("one person on the payroll twice is a reason to verify, not a finding of fraud"),
    N_("the same phone, name and birth year, and no second tazkira"),
    N_("romanisation variant"), N_("exact"), N_("same"), N_("not recorded"),
    N_("same invoice number"), N_("within one year"), N_("both names exact"),
    N_("both names, romanisation variants"), N_("one half of the tazkira"), N_("cross-script"),
    N_("cash"), N_("logistics"), N_("plan"), N_("need"), N_("calibrated"), N_("unknown"),
    N_("yes"), N_("no"), N_("True"), N_("False"), N_("auto_link"), N_("clerical_review"),
    N_("seen"), N_("never seen"), N_("no hand-over recorded"), N_("phone"), N_("tazkira"),
    N_("phone and tazkira"),
})  # fmt: skip


# How two name parts matched, as the screening explanation calls it (``names.compare``).
HOW_LABELS: dict[str, str] = {
    "exact": N_("exact"), "variant": N_("variant"), "typo": N_("typo"),
    "skeleton": N_("skeleton"), "cross-script": N_("cross-script"), "initial": N_("initial"),
    "compound": N_("compound"), "different": N_("different"),
}  # fmt: skip


def how_label(gettext: Gettext, how: str) -> str:
    """How a pair of name parts matched, in the reader's language (an unknown reading as
    stored)."""
    return gettext(HOW_LABELS[how]) if how in HOW_LABELS else how


def matched_how(gettext: Gettext, pair: Mapping[str, Any]) -> str:
    """The bracket after a matched pair of name parts: how, and the similarity (``0.97``, the
    same digits in every language)."""
    similarity = pair.get("similarity")
    shown = f"{similarity:.2f}" if isinstance(similarity, int | float) else "?"
    return gettext(N_("(%(how)s, %(similarity)s)")) % {
        "how": how_label(gettext, str(pair.get("how", ""))),
        "similarity": shown,
    }


def kind_label(kind: str) -> str:
    """The English label of an alert kind (translate it with ``gettext``)."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def field_label(gettext: Gettext, name: str) -> str:
    """An evidence field's label in the reader's language. ``name`` may be the stored key or
    the desk's spaced form, or a nested one (``never seen · distributions``)."""
    parts = []
    for part in str(name).split(" · "):
        key = part.strip().replace(" ", "_")
        if key in FIELD_LABELS:
            parts.append(gettext(FIELD_LABELS[key]))
        elif part.strip():  # a word the catalogue knows from elsewhere on the desk, else as stored
            parts.append(gettext(part.strip().replace("_", " ")))
        else:
            parts.append(part)
    return " · ".join(parts)


def value_word(gettext: Gettext, value: object) -> str:
    """A fixed evidence word translated; any other value (names, ids, figures) as written."""
    text = str(value)
    if text in VALUE_WORDS:
        return gettext(text)
    if text == "All other comparisons":
        return gettext(N_("All other comparisons"))
    if text.startswith(_EXACT_ON):
        field = text.removeprefix(_EXACT_ON).removesuffix("_tok")
        return gettext(N_("Exact match on %(field)s")) % {"field": field_label(gettext, field)}
    return text


def hop_label(gettext: Gettext, hop: str) -> str:
    """A hop between tiers (``donor → un_agency``) in the reader's language."""
    return " → ".join(
        gettext(TIER_LABELS[t]) if t in TIER_LABELS else t for t in str(hop).split(" → ")
    )


GENERIC = N_("%(kind)s: %(subject)s")


def summary(code: str, gettext: Gettext, number: Number, alert: Mapping[str, Any]) -> str:
    """The alert's summary in language ``code``: the monitor's own sentence in English, else a
    sentence written from the evidence (``summaries``), or the kind's label and the subject when
    the evidence lacks what every sentence of the kind needs."""
    if code == DEFAULT:
        return str(alert.get("summary", ""))
    kind, subject = str(alert.get("kind", "")), str(alert.get("subject", ""))
    written = sentence(Words(gettext, number), kind, subject, alert.get("evidence"))
    if written is not None:
        return written
    return gettext(GENERIC) % {"kind": gettext(kind_label(kind)), "subject": subject}


def label_context(code: str, gettext: Gettext, number: Number) -> dict[str, object]:
    """The template callables for alert kinds, evidence fields and words, and summaries."""
    return {
        "kind_label": lambda kind: gettext(kind_label(str(kind))),
        "field": lambda name: field_label(gettext, str(name)),
        "word": lambda value: value_word(gettext, value),
        "hop": lambda value: hop_label(gettext, str(value)),
        "how": lambda value: how_label(gettext, str(value)),
        "matched_how": lambda pair: matched_how(gettext, pair),
        "summary": lambda alert: summary(code, gettext, number, alert),
    }
