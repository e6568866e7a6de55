"""An alert's summary sentence in Dari or Pashto, written from its evidence.

Monitors write their summary in English, with figures and names baked in; a translation cannot
reuse that text. Each alert kind therefore has one or more sentences here with named
placeholders, and a builder that takes the placeholders' values from the kind's evidence (the
shapes in ``alerts/evidence.py``). The first sentence whose values the evidence holds is used;
an older or partial evidence shape falls through to the next, and finally to the desk's plain
"kind: subject" form (``labels.summary``). Names, ids and codes stay as written; amounts and
counts are grouped the way the reader's language does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aidtrace.web.i18n import N_

Gettext = Callable[[str], str]
Number = Callable[[float], str]
Evidence = Mapping[str, Any]


@dataclass(frozen=True)
class Words:
    """What a builder writes values with: the reader's gettext (for fixed words such as
    ``payer``) and number format."""

    gettext: Gettext
    number: Number

    def n(self, value: object) -> str:
        return self.number(float(str(value)))

    def whole(self, value: object) -> str:
        return self.number(round(float(str(value))))

    def usd(self, value: object) -> str:
        return "US$" + self.whole(value)

    def times(self, value: object, places: int = 2) -> str:
        return self.number(round(float(str(value)), places))

    def percent(self, share: object) -> str:
        return self.whole(100 * float(str(share)))

    def word(self, value: object) -> str:
        return self.gettext(str(value))


Builder = Callable[[Evidence, str, Words], dict[str, str]]
Sentence = tuple[str, Builder]


def _tail(subject: str) -> str:
    return subject.split(":", 1)[1] if ":" in subject else subject


def _listed_entry(e: Evidence, s: str, w: Words) -> dict[str, str]:
    """A person screened at import: ``entry_id`` is list:source id:version."""
    listed, source_id = str(e["entry_id"]).split(":")[:2]
    return {"subject": s, "entry": f"{listed} {source_id}"}


def _hit_entry(e: Evidence, s: str, w: Words) -> dict[str, str]:
    """A party screened by the monitor keeps the whole hit."""
    return {"subject": s, "entry": f"{e['hit']['list']} {e['hit']['source_id']}"}


def _just(**fields: Callable[[str], str]) -> Builder:
    """A builder of values read from the subject alone."""
    return lambda e, s, w: {name: take(s) for name, take in fields.items()}


def _cycle(e: Evidence) -> str:
    cycle = [str(org) for org in e["cycle"]]
    if not cycle:
        raise ValueError("an empty cycle")
    return " → ".join([*cycle, cycle[0]])


def _named(value: object) -> str:
    """A name the sentence needs; an empty one moves on to the kind's next sentence."""
    if not value:
        raise KeyError("no name")
    return str(value)


def _households(e: Evidence) -> Sequence[Mapping[str, Any]]:
    households: Sequence[Mapping[str, Any]] = e["households"]
    return households


def _at_distributions(e: Evidence) -> list[str]:
    """How each of a ghost alert's own households stands at distributions (``seen``, ``never
    seen``, ``no hand-over recorded``), from its records; none recorded moves on."""
    found = [str(r["at_distributions"]) for r in e["records"] if r.get("in_alert", True)]
    if not found or set(found) == {"no hand-over recorded"}:
        raise KeyError("no hand-over recorded")
    return found


# Kind → its sentences, tried in order (English sentence with named placeholders, the values it
# takes from the evidence).
SUMMARIES: dict[str, tuple[Sentence, ...]] = {
    "sanctions_match": (
        (N_("%(subject)s resembles watchlist entry %(entry)s"), _listed_entry),
        (N_("%(subject)s resembles watchlist entry %(entry)s"), _hit_entry),
        (N_("%(subject)s resembles a watchlist entry"), _just(subject=str)),
    ),
    "list_stale": ((
        N_("list %(list)s has not been refreshed for %(days)s days (the limit is %(limit)s): "
           "screening still reads %(snapshot)s"),
        lambda e, s, w: {"list": str(e["list"]), "days": w.whole(e["age_days"]),
                         "limit": w.n(e["max_age_days"]),
                         "snapshot": str(e["current_snapshot"])},
    ),),
    "duplicate_person": ((
        N_("%(records)s records of the same people, %(pairs)s linked pairs"),
        lambda e, s, w: {"records": w.n(len(e.get("records") or e["cluster"])),
                         "pairs": w.n(len(e["pairs"]))},
    ),),
    "possible_duplicate": (
        (N_("%(record)s may be the same person as another record"), _just(record=_tail)),
    ),
    "repeated_member": (
        (N_("household %(household)s lists the same person twice (%(records)s records)"),
         lambda e, s, w: {"household": _tail(s), "records": w.n(len(e["cluster"]))}),
        (N_("household %(household)s lists the same person twice"), _just(household=_tail)),
    ),
    "cross_agency_duplicate": ((
        N_("%(record)s is also registered with %(agencies)s (match probability %(p)s)"),
        lambda e, s, w: {"record": _tail(s),
                         "agencies": ", ".join(str(a) for a in e["other_agencies"]),
                         "p": w.times(e["match_probability"])},
    ),),
    "payroll_duplicate": ((
        N_("%(a)s and %(b)s may be one person on the payroll twice, both paid in %(months)s "
           "months (%(usd)s)"),
        lambda e, s, w: {"a": str(e["records"][0]["staff_id"]),
                         "b": str(e["records"][1]["staff_id"]),
                         "months": w.n(e["months_both_paid"]), "usd": w.usd(e["paid_twice_usd"])},
    ),),
    "payroll_ghost": (
        (N_("staff member %(staff)s: paid without attendance"), _just(staff=_tail)),
    ),
    "ghost_household": (
        (N_("enumerator %(enumerator)s: %(n)s households that may not exist, %(seen)s of them "
            "seen at a distribution"),
         lambda e, s, w: {"enumerator": str(e["enumerator_id"]),
                          "n": w.n(len(_households(e))),
                          "seen": w.n(_at_distributions(e).count("seen"))}),
        (N_("enumerator %(enumerator)s: %(n)s households that may not exist"),
         lambda e, s, w: {"enumerator": str(e["enumerator_id"]),
                          "n": w.n(len(_households(e)))}),
        (N_("household %(household)s may not exist: %(status)s"),
         lambda e, s, w: {"household": str(_households(e)[0]["household_id"]),
                          "status": w.word(_at_distributions(e)[0])}),
        (N_("household %(household)s may not exist"),
         lambda e, s, w: {"household": str(_households(e)[0]["household_id"])}),
    ),
    "ghost_beneficiary": (
        (N_("beneficiary %(beneficiary)s may not exist"), _just(beneficiary=_tail)),
    ),
    "age_heaping": (
        (N_("enumerator %(enumerator)s: too many round ages recorded"),
         _just(enumerator=_tail)),
    ),
    "duplicate_invoice": ((
        N_("%(vendor)s was paid %(times)s times for the same invoice, %(usd)s in all"),
        lambda e, s, w: {"vendor": s, "times": w.n(len(e["txn_ids"])),
                         "usd": w.usd(e["total_usd"])},
    ),),
    "hop_gap": ((
        N_("%(payer)s → %(payee)s: of %(sent)s sent, %(gap)s not reported received within "
           "%(weeks)s weeks"),
        lambda e, s, w: {"payer": str(e["payer"]), "payee": str(e["payee"]),
                         "sent": w.usd(e["sent_usd"]), "gap": w.usd(e["gap_usd"]),
                         "weeks": w.n(e["settle_weeks"])},
    ),),
    "leakage": (
        (N_("%(place)s: hand-overs recorded below the entitlement in %(weeks)s weeks; about "
            "%(usd)s did not reach households (recorded by %(partner)s)"),
         lambda e, s, w: {"place": s, "weeks": w.n(len(e["weeks"])),
                          "usd": w.usd(e["missing_usd"]), "partner": str(e["partner"])}),
        (N_("%(org)s kept %(share)s%% of the %(usd)s it received; its peers keep %(peers)s%%"),
         lambda e, s, w: {"org": s, "share": w.percent(e["retained_share"]),
                          "usd": w.usd(e["received_usd"]),
                          "peers": w.percent(e["peer_median_share"])}),
        (N_("%(org)s spent %(spent)s on goods and cash but hand-overs reached people for "
            "%(delivered)s (%(share)s%%; peers %(peers)s%%)"),
         lambda e, s, w: {"org": s, "spent": w.usd(e["spent_usd"]),
                          "delivered": w.usd(e["delivered_usd"]),
                          "share": w.percent(e["delivered_share"]),
                          "peers": w.percent(e["peer_median_share"])}),
    ),
    "overpriced_vendor": ((
        N_("%(vendor)s charged ×%(ratio)s the market price over %(lines)s lines, about %(usd)s "
           "in excess"),
        lambda e, s, w: {"vendor": s, "ratio": w.times(e["median_ratio"]),
                         "lines": w.n(e["lines"]), "usd": w.usd(e["excess_usd"])},
    ),),
    "round_amount": ((
        N_("%(payee)s was paid a round %(amount)s %(currency)s (%(usd)s)"),
        lambda e, s, w: {"payee": s, "amount": w.n(e["amount"]), "currency": str(e["currency"]),
                         "usd": w.usd(e["amount_usd"])},
    ),),
    "threshold_hugging": ((
        N_("%(flagged)s of %(payments)s payments approved by %(approver)s sit just below an "
           "approval limit"),
        lambda e, s, w: {"flagged": w.n(e["flagged"]), "payments": w.n(e["payments"]),
                         "approver": s},
    ),),
    "split_payment": ((
        N_("%(parts)s equal payments from %(payer)s to %(payee)s, %(usd)s together"),
        lambda e, s, w: {"parts": w.n(e["parts"]), "payer": str(e["payer"]),
                         "payee": str(e["payee"]), "usd": w.usd(e["total_usd"])},
    ),),
    "payment_loop": ((
        N_("payments go round %(path)s (up to %(usd)s)"),
        lambda e, s, w: {"path": _cycle(e), "usd": w.usd(e["max_round_trip_usd"])},
    ),),
    "outside_programme": ((
        N_("%(party)s is not on the programme's lists but appears as %(side)s in %(payments)s "
           "payments (%(usd)s)"),
        lambda e, s, w: {"party": s, "side": w.word(e["side"]), "payments": w.n(e["payments"]),
                         "usd": w.usd(e["usd"])},
    ),),
    "underserved_district": ((
        N_("%(district)s is under-served: %(reached)s households reached where %(due)s were due"),
        lambda e, s, w: {"district": s, "reached": w.n(e["households_reached"]),
                         "due": w.whole(e["households_expected"])},
    ),),
    "overserved_district": ((
        N_("%(district)s is over-served: %(reached)s households reached where %(due)s were due"),
        lambda e, s, w: {"district": s, "reached": w.n(e["households_reached"]),
                         "due": w.whole(e["households_expected"])},
    ),),
    "delivery_shift": ((
        N_("%(district)s: %(later)s households reached in the later half of the period where "
           "its earlier share predicted %(expected)s"),
        lambda e, s, w: {"district": s, "later": w.n(e["later"]),
                         "expected": w.whole(e["expected_later"])},
    ),),
    "velocity_spike": ((
        N_("%(payee)s received %(usd)s in the week of %(week)s, ×%(times)s its median week"),
        lambda e, s, w: {"payee": s, "usd": w.usd(e["week_usd"]), "week": str(e["week_start"]),
                         "times": w.times(float(e["week_usd"]) / float(e["median_week_usd"]), 1)},
    ),),
    "vendor_concentration": ((
        N_("official %(official)s is tied to %(vendors)s vendors and approved %(usd)s of "
           "payments to them"),
        lambda e, s, w: {"official": s, "vendors": w.n(len(e["vendors"])),
                         "usd": w.usd(e["approved_usd"])},
    ),),
    "benford_nonconformity": ((
        N_("the %(amounts)s amounts of %(org)s as %(role)s do not follow the usual first-digit "
           "pattern (Benford's law; MAD %(mad)s)"),
        lambda e, s, w: {"amounts": w.n(e["amounts"]), "org": s, "role": w.word(e["role"]),
                         "mad": f"{float(e['mad']):.4f}"},
    ),),
    "witness_quorum_missing": ((
        N_("%(cosigned)s of the %(quorum)s witness cosignatures the audit log's checkpoint "
           "needs; not cosigned by %(missing)s"),
        lambda e, s, w: {"cosigned": w.n(len(e["cosigned"])), "quorum": w.n(e["quorum"]),
                         "missing": ", ".join(str(x) for x in e["not_cosigned"]) or "—"},
    ),),
    "bulk_reveal": ((
        N_("%(user)s asked for more than %(limit)s people's data in %(minutes)s minutes"),
        lambda e, s, w: {"user": _tail(s), "limit": w.n(e["limit"]),
                         "minutes": w.n(e["window_minutes"])},
    ),),
    "contract_started_before_signed": ((
        N_("%(contract)s: work started %(days)s days before the contract was signed"),
        lambda e, s, w: {"contract": s, "days": w.n(e["days_early"])},
    ),),
    "contract_ended_before_start": ((
        N_("%(contract)s: recorded as ended %(days)s days before it started"),
        lambda e, s, w: {"contract": s, "days": w.n(e["days_before_start"])},
    ),),
    "contract_cost_off_norm": ((
        N_("%(contract)s: a unit cost ×%(ratio)s the median of %(peers)s other contracts for "
           "the same item in the province"),
        lambda e, s, w: {"contract": s, "ratio": w.times(e["ratio"]), "peers": w.n(e["peers"])},
    ),),
    "contractor_several_spellings": (
        (N_("%(partner)s's contracts name one contractor %(n)s ways"),
         lambda e, s, w: {"partner": _named(e["partner"]), "n": w.n(len(e["spellings"]))}),
        (N_("contracts with no partner named name one contractor %(n)s ways"),
         lambda e, s, w: {"n": w.n(len(e["spellings"]))}),
    ),
    "commitment_unpaid": ((
        N_("%(donor)s: %(usd)s committed in %(n)s flows whose usage years have ended is not "
           "recorded as paid"),
        lambda e, s, w: {"donor": s, "usd": w.usd(e["committed_usd"]),
                         "n": w.n(len(e["flows"]))},
    ),),
    "pledge_uncommitted": ((
        N_("%(donor)s pledged %(usd)s on %(day)s (flow %(flow)s); no commitment or payment "
           "followed"),
        lambda e, s, w: {"donor": s, "usd": w.usd(e["pledge"]["usd"]),
                         "day": str(e["pledge"]["date"]), "flow": str(e["pledge"]["flow_id"])},
    ),),
    "passes_on_more_than_received": ((
        N_("%(org)s passed on %(passed)s but %(received)s is recorded reaching it: %(excess)s "
           "with no recorded source"),
        lambda e, s, w: {"org": s, "passed": w.usd(e["passed_on_usd"]),
                         "received": w.usd(e["received_usd"]), "excess": w.usd(e["excess_usd"])},
    ),),
    "child_flows_exceed_parent": ((
        N_("flow %(flow)s records %(parent)s but its child flows carry %(children)s"),
        lambda e, s, w: {"flow": s, "parent": w.usd(e["parent_usd"]),
                         "children": w.usd(e["children_usd"])},
    ),),
    "child_flows_missing": ((
        N_("flow %(flow)s: %(missing)s of its child flows are not imported, so its split "
           "cannot be reconciled"),
        lambda e, s, w: {"flow": s, "missing": w.n(len(e["missing"]))},
    ),),
    "exchange_rate_mismatch": ((
        N_("flow %(flow)s: %(amount)s %(currency)s at %(rate)s per US$ is %(implied)s, but the "
           "flow states %(stated)s"),
        lambda e, s, w: {"flow": s, "amount": w.whole(e["original_amount"]),
                         "currency": str(e["original_currency"]), "rate": str(e["exchange_rate"]),
                         "implied": w.usd(e["implied_usd"]), "stated": w.usd(e["amount_usd"])},
    ),),
    "place_unresolved": ((
        N_("flow %(flow)s names %(places)s, which is no known province or district"),
        lambda e, s, w: {"flow": s, "places": str(e["unresolved_places"])},
    ),),
}  # fmt: skip


def sentence(words: Words, kind: str, subject: str, evidence: object) -> str | None:
    """The first of the kind's sentences the evidence fills, in the reader's language; None
    when the kind has none or the evidence lacks what each needs."""
    if not isinstance(evidence, Mapping):
        return None
    for message, values in SUMMARIES.get(kind, ()):
        try:
            return words.gettext(message) % values(evidence, subject, words)
        except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
            continue  # an older or partial evidence shape: the next sentence
    return None
