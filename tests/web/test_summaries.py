"""Every alert kind has a summary sentence of its own in English, Dari and Pashto, written from
evidence shaped as its monitor writes it; never the plain "kind: subject" form."""

from __future__ import annotations

import re
from typing import Any

import pytest

from aidtrace.alerts.model import AlertKind
from aidtrace.web.i18n import LANGUAGES, template_context, translations
from aidtrace.web.labels import GENERIC, kind_label, summary
from aidtrace.web.summaries import SUMMARIES, Words, sentence

from .test_i18n_pages import english_left

# Ratios and probabilities are written with the language's decimal sign (0٫97 in Dari and
# Pashto): the cases look for their digits.
PAIR = {"staff_id": "S-1"}, {"staff_id": "S-2"}
# A ghost alert's own households, one of four seen at a distribution, and a household outside
# the alert on the same phone (seen: not counted).
GHOST_RECORDS = [
    {
        "household_id": f"H-{n}",
        "in_alert": True,
        "at_distributions": "seen" if n == 1 else "never seen",
    }
    for n in range(1, 5)
]
SEEN_ELSEWHERE = {"household_id": "H-9", "in_alert": False, "at_distributions": "seen"}
# Kind → (subject, evidence as the kind's monitor writes it, words the sentence must carry).
CASES: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    "sanctions_match": ("beneficiary:B-7", {"entry_id": "un:TAi.024:3", "features": {}},
                        ("beneficiary:B-7", "un TAi.024")),
    "list_stale": ("list:un", {"list": "un", "current_snapshot": "un@4", "loaded_at": "x",
                               "refreshed_at": "x", "age_days": 12.4, "max_age_days": 8.0},
                   ("un@4", "12", "8")),
    "duplicate_person": ("cluster:B-1", {"cluster": ["B-1", "B-2", "B-3"], "pairs": [{}, {}]},
                         ("3", "2")),
    "possible_duplicate": ("beneficiary:B-9", {}, ("B-9",)),
    "repeated_member": ("household:H-4", {"cluster": ["B-1", "B-2"]}, ("H-4", "2")),
    "cross_agency_duplicate": ("P-12", {"other_agencies": ["wfp", "unicef"],
                                        "match_probability": 0.9731}, ("wfp, unicef", "97")),
    "payroll_duplicate": ("staff:S-1", {"records": list(PAIR), "months_both_paid": 5,
                                        "paid_twice_usd": 1500.0}, ("S-1", "S-2", "500")),
    "payroll_ghost": ("staff:S-3", {"indicators": {}}, ("S-3",)),
    "ghost_household": ("enumerator:E-2", {"enumerator_id": "E-2",
                                           "households": [{"household_id": "H-1"}] * 4,
                                           "records": [*GHOST_RECORDS, SEEN_ELSEWHERE]},
                        ("E-2", "4", "1")),
    "ghost_beneficiary": ("beneficiary:B-5", {}, ("B-5",)),
    "age_heaping": ("enumerator:E-9", {"indicators": {}}, ("E-9",)),
    "duplicate_invoice": ("vendor:V-1", {"txn_ids": ["T1", "T2"], "total_usd": 2400.0},
                          ("V-1", "2", "400")),
    "hop_gap": ("org:P-1", {"payer": "UN-1", "payee": "P-1", "sent_usd": 9000, "gap_usd": 700,
                            "settle_weeks": 4}, ("UN-1", "P-1", "700", "4")),
    "leakage": ("org:SP-2", {"received_usd": 80000.0, "passed_on_usd": 40000.0,
                             "retained_share": 0.5, "peer_median_share": 0.08},
                ("org:SP-2", "50", "8", "US$80")),
    "overpriced_vendor": ("vendor:V-2", {"lines": 7, "median_ratio": 1.83, "excess_usd": 950},
                          ("V-2", "83", "7", "950")),
    "round_amount": ("vendor:V-3", {"amount": 50000, "currency": "AFN", "amount_usd": 700.2},
                     ("V-3", "AFN", "700")),
    "threshold_hugging": ("officer-7", {"payments": 40, "flagged": 11, "p_value": 0.001},
                          ("officer-7", "11", "40")),
    "split_payment": ("vendor:V-4", {"parts": 3, "payer": "P-1", "payee": "V-4",
                                     "total_usd": 2997.0}, ("3", "P-1", "V-4", "997")),
    "payment_loop": ("ORG-A", {"cycle": ["ORG-A", "ORG-B"], "max_round_trip_usd": 12000.0},
                     ("ORG-A → ORG-B → ORG-A", "000")),
    "outside_programme": ("ORG-X", {"side": "payee", "payments": 6, "usd": 4100.0},
                          ("ORG-X", "6", "100")),
    "underserved_district": ("AF0101", {"households_reached": 40, "households_expected": 160.4},
                             ("AF0101", "40", "160")),
    "overserved_district": ("AF0102", {"households_reached": 900, "households_expected": 300.2},
                            ("AF0102", "900", "300")),
    "delivery_shift": ("AF0103", {"earlier": 300, "later": 20, "expected_later": 310.6,
                                  "p_value": 1e-6}, ("AF0103", "20", "311")),
    "velocity_spike": ("vendor:V-5", {"week_start": "2026-02-02", "week_usd": 9000.0,
                                      "median_week_usd": 1000.0}, ("V-5", "2026-02-02", "9")),
    "vendor_concentration": ("officer-3", {"vendors": [{}, {}, {}], "approved_usd": 52000.0},
                             ("officer-3", "3", "000")),
    "benford_nonconformity": ("ORG-C", {"role": "payer", "amounts": 412, "mad": 0.02187},
                              ("ORG-C", "412", "0.0219")),
    "witness_quorum_missing": ("audit:witnesses", {"quorum": 2, "cosigned": ["w1"],
                                                   "not_cosigned": ["w2"]}, ("w2",)),
    "bulk_reveal": ("user:amina", {"shown_in_window": 30, "asked_for": 5, "limit": 25,
                                   "window_minutes": 60, "day": "2026-03-02"},
                    ("amina", "25", "60")),
    "contract_started_before_signed": ("contract PRJ-1 / C-9", {"days_early": 21},
                                       ("PRJ-1 / C-9", "21")),
    "contract_ended_before_start": ("contract PRJ-2", {"days_before_start": 40},
                                    ("PRJ-2", "40")),
    "contract_cost_off_norm": ("contract PRJ-3", {"ratio": 3.412, "peers": 5},
                               ("PRJ-3", "41", "5")),
    "contractor_several_spellings": ("contract PRJ-4", {"partner": "NGO-1",
                                                        "spellings": {"A": [], "B": []}},
                                     ("NGO-1", "2")),
    "commitment_unpaid": ("Donor State", {"committed_usd": 2500000.0, "flows": [{}, {}]},
                          ("Donor State", "500")),
    "pledge_uncommitted": ("Donor Fund", {"pledge": {"flow_id": 991, "date": "2025-01-04",
                                                     "usd": 800000.0}},
                           ("Donor Fund", "991", "2025-01-04")),
    "passes_on_more_than_received": ("UN Agency", {"passed_on_usd": 9e6, "received_usd": 6e6,
                                                   "excess_usd": 3e6}, ("UN Agency",)),
    "child_flows_exceed_parent": ("F-100", {"parent_usd": 100.0, "children_usd": 250.0},
                                  ("F-100", "250")),
    "child_flows_missing": ("F-101", {"missing": ["F-1", "F-2"]}, ("F-101", "2")),
    "exchange_rate_mismatch": ("F-102", {"amount_usd": 1000.0, "original_amount": 70000.0,
                                         "original_currency": "AFN", "exchange_rate": 0.0143,
                                         "implied_usd": 4895104.9}, ("F-102", "AFN", "0.0143")),
    "place_unresolved": ("F-103", {"unresolved_places": "Atlantis"}, ("F-103", "Atlantis")),
}  # fmt: skip
CODES = list(LANGUAGES)
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _without(text: str, *values: str) -> str:
    """The sentence as a page would show it, less the data it carries (names and ids)."""
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, "")
    return f"<p>{text}</p>"


def _summary(code: str, kind: str) -> str:
    subject, evidence, _ = CASES[kind]
    spoken = template_context(LANGUAGES[code])
    alert = {"kind": kind, "subject": subject, "evidence": evidence, "summary": "as written"}
    return summary(code, spoken["gettext"], spoken["number"], alert)  # type: ignore[arg-type]


def test_every_kind_has_a_sentence_and_a_case() -> None:
    kinds = {str(k) for k in AlertKind}
    assert kinds <= set(SUMMARIES), sorted(kinds - set(SUMMARIES))
    assert kinds <= set(CASES), sorted(kinds - set(CASES))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_kind_reads_as_a_sentence_in_every_language(code: str, kind: str) -> None:
    subject, evidence, carried = CASES[kind]
    spoken = template_context(LANGUAGES[code])  # the page's own words (US$ kept left to right)
    say, number = spoken["gettext"], spoken["number"]
    written = sentence(Words(say, number), kind, subject, evidence)  # type: ignore[arg-type]
    assert written is not None, f"{kind}: no sentence fits its monitor's evidence"
    assert not PLACEHOLDER.search(written)
    for value in carried:
        assert value in written, (kind, value, written)
    plain = say(GENERIC) % {"kind": say(kind_label(kind)), "subject": subject}
    assert written != plain
    if code != "en":
        assert _summary(code, kind) == written
        assert not english_left(_without(written, subject, *carried)), written


@pytest.mark.parametrize("kind", sorted(CASES))
def test_english_shows_the_monitors_own_sentence(kind: str) -> None:
    assert _summary("en", kind) == "as written"


@pytest.mark.parametrize(
    ("kind", "evidence", "expected"),
    [
        # A screening hit keeps the whole hit, not an entry id.
        ("sanctions_match", {"hit": {"list": "un", "source_id": "TAi.1"}}, "un TAi.1"),
        # Evidence without what the first sentence needs: the kind's next sentence.
        ("repeated_member", {}, "H-4"),
        ("contractor_several_spellings", {"partner": "", "spellings": {"A": [], "B": []}}, "2"),
        ("ghost_household", {"households": [{"household_id": "H-8"}]}, "H-8"),
        # One household with no enumerator: how it stands at distributions, in the language.
        ("ghost_household", {"households": [{"household_id": "H-8"}],
                             "records": [{"household_id": "H-8",
                                          "at_distributions": "never seen"}]}, "H-8"),
        # No hand-over recorded for any: the sentence without the distributions.
        ("ghost_household", {"enumerator_id": "E-3", "households": [{"household_id": "H-8"}],
                             "records": [{"household_id": "H-8",
                                          "at_distributions": "no hand-over recorded"}]}, "E-3"),
        ("leakage", {"spent_usd": 9000, "delivered_usd": 3000, "delivered_share": 0.33,
                     "peer_median_share": 0.9}, "33"),
    ],
)  # fmt: skip
def test_other_evidence_shapes_have_their_own_sentence(
    kind: str, evidence: dict[str, Any], expected: str
) -> None:
    say = translations("ps").gettext
    number = template_context(LANGUAGES["ps"])["number"]
    written = sentence(Words(say, number), kind, "household:H-4", evidence)  # type: ignore[arg-type]
    assert written is not None
    assert expected in written
    assert not english_left(_without(written, "household:H-4")), written


def test_evidence_lacking_every_sentence_falls_back_to_the_plain_form() -> None:
    spoken = template_context(LANGUAGES["fa_AF"])
    alert = {"kind": "hop_gap", "subject": "org:P-1", "evidence": {"payer": "UN-1"}}
    shown = summary("fa_AF", spoken["gettext"], spoken["number"], alert)  # type: ignore[arg-type]
    assert shown.endswith(": org:P-1")
    assert shown.startswith("پولی")
