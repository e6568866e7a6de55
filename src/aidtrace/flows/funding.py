"""Published funding that does not add up: what FTS flows show a monitor should ask about.

Six readings of ``fts_flows`` (imported with ``aidtrace import fts``), each an alert with the
flows behind it. "As of" is the newest ``updatedAt`` among the imported flows, so a published
snapshot is judged by its own date, not today's.

* **commitment never paid** — a donor's commitments whose usage years ended before the as-of
  year and that are still not recorded as paid, at least ``min_age_days`` (180) old; one alert
  per donor, with every such flow.
* **pledge with no commitment** — a pledge ``min_age_days`` old with no commitment or payment
  from the same source to the same destination since.
* **passes on more than it received** — an organisation whose internal flows out (commitments
  and payments) exceed everything recorded flowing in to it by more than ``pass_on_share`` (5 %)
  and ``min_usd`` (US$10,000): either money arrived unrecorded or the outflows are inflated.
* **child flows vs parent** — child flows that together exceed their parent by more than
  ``sum_share`` (1 %), and parents whose listed children are not all imported (the trail cannot
  be reconciled). FTS keeps only the unallocated remainder on a *parked* parent; the alert says
  so and gives parent + children as the total once committed.
* **unknown place** — a flow naming a place inside the country (a location that is not a
  country) that the gazetteer does not know: kept as published, raised so it can be placed.
* **exchange rate** — ``originalAmount / exchangeRate`` (FTS quotes units of the currency per
  US dollar) differing from ``amountUSD`` by more than ``rate_share`` (2 %); the evidence says
  whether the inverse rate would explain it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import (
    ChildFlowsExceedEvidence,
    ChildFlowsMissingEvidence,
    CommitmentUnpaidEvidence,
    ExchangeRateEvidence,
    FlowBrief,
    PassesOnEvidence,
    PlaceUnresolvedEvidence,
    PledgeUncommittedEvidence,
)
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.monitors import RunContext, register
from aidtrace.store.engine import Engine

FUNDED = "('commitment', 'paid')"

# Every kind of alert this monitor raises.
KINDS = (
    "commitment_unpaid",
    "pledge_uncommitted",
    "passes_on_more_than_received",
    "child_flows_exceed_parent",
    "child_flows_missing",
    "exchange_rate_mismatch",
    "place_unresolved",
)


@dataclass(frozen=True)
class Thresholds:
    min_age_days: int = 180
    pass_on_share: float = 0.05
    min_usd: float = 10_000.0
    sum_share: float = 0.01
    rate_share: float = 0.02


def as_of(engine: Engine) -> object:
    """The date of the published snapshot: its newest update (or flow date)."""
    found = rows(engine, "SELECT max(greatest(updated_at, flow_date)) AS d FROM fts_flows")
    return found[0]["d"]


FundingEvidence = (
    CommitmentUnpaidEvidence
    | PledgeUncommittedEvidence
    | PassesOnEvidence
    | ChildFlowsExceedEvidence
    | ChildFlowsMissingEvidence
    | ExchangeRateEvidence
    | PlaceUnresolvedEvidence
)


def _alert(
    kind: AlertKind, subject: str, key: str, score: float, summary: str, ev: FundingEvidence
) -> Alert:
    return detected(
        FundingMonitor,
        kind,
        subject=subject,
        identity_key=key,
        score=max(0.0, min(1.0, score)),
        severity=Severity.MEDIUM if score >= 0.5 else Severity.LOW,
        summary=summary,
        evidence=ev,
    )


def _flow_brief(r: dict[str, object]) -> FlowBrief:
    return FlowBrief(
        flow_id=r["flow_id"],
        date=str(r["flow_date"]),
        to=r["dest_org"],
        usd=num(r["amount_usd"]),
        usage_years=f"{r['usage_year_start']}–{r['usage_year_end']}",
    )


UNPAID_SQL = """
SELECT flow_id, flow_date, src_org, dest_org, amount_usd, usage_year_start, usage_year_end
FROM fts_flows
WHERE status = 'commitment' AND amount_usd > 0 AND src_org IS NOT NULL
  AND usage_year_end < year(CAST(? AS DATE)) AND flow_date <= CAST(? AS DATE) - ?::INTEGER
ORDER BY src_org, flow_date, flow_id
"""


def unpaid_commitments(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    """One alert per donor with commitments whose usage years are over and still unpaid."""
    day = as_of(engine)
    by_donor: dict[str, list[dict[str, object]]] = {}
    for r in rows(engine, UNPAID_SQL, (day, day, t.min_age_days)):
        by_donor.setdefault(str(r["src_org"]), []).append(r)
    for donor, flows in by_donor.items():
        total = sum(num(r["amount_usd"]) for r in flows)
        yield _alert(
            AlertKind.COMMITMENT_UNPAID,
            donor,
            "unpaid",
            0.3 + min(0.4, total / 1e8),
            f"{donor}: {len(flows)} commitment(s) totalling {usd(total)} whose usage years "
            f"ended are not recorded as paid (FTS as of {day})",
            CommitmentUnpaidEvidence(
                as_of=str(day),
                committed_usd=round(total, 2),
                flows=[_flow_brief(r) for r in flows][:100],
            ),
        )


PLEDGE_SQL = """
SELECT p.flow_id, p.flow_date, p.src_org, p.dest_org, p.amount_usd, p.usage_year_start,
       p.usage_year_end
FROM fts_flows p
WHERE p.status = 'pledge' AND p.flow_date <= CAST(? AS DATE) - ?::INTEGER
  AND NOT EXISTS (
    SELECT 1 FROM fts_flows c
    WHERE c.status IN ('commitment', 'paid') AND c.src_org IS NOT DISTINCT FROM p.src_org
      AND (p.dest_org IS NULL OR c.dest_org IS NOT DISTINCT FROM p.dest_org)
      AND c.flow_date >= p.flow_date)
ORDER BY p.flow_id
"""


def pledges_without_commitment(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    day = as_of(engine)
    for r in rows(engine, PLEDGE_SQL, (day, t.min_age_days)):
        who = r["src_org"] or "unknown source"
        yield _alert(
            AlertKind.PLEDGE_UNCOMMITTED,
            str(who),
            str(r["flow_id"]),
            0.3 + min(0.4, num(r["amount_usd"]) / 1e8),
            f"{who} pledged {usd(r['amount_usd'])} to {r['dest_org'] or 'an unnamed recipient'} "
            f"on {r['flow_date']} (flow {r['flow_id']}); no commitment or payment followed "
            f"by {day}",
            PledgeUncommittedEvidence(as_of=str(day), pledge=_flow_brief(r)),
        )


PASS_ON_SQL = f"""
WITH inflow AS (
  SELECT dest_org AS org, sum(amount_usd) AS usd, count(*) AS n FROM fts_flows
  WHERE status IN {FUNDED} AND dest_org IS NOT NULL GROUP BY 1),
outflow AS (
  SELECT src_org AS org, sum(amount_usd) AS usd, count(*) AS n,
         list(flow_id ORDER BY amount_usd DESC) AS ids FROM fts_flows
  WHERE status IN {FUNDED} AND boundary = 'internal' AND src_org IS NOT NULL GROUP BY 1)
SELECT o.org, o.usd AS passed_usd, o.n AS passed_flows, o.ids,
       COALESCE(i.usd, 0) AS received_usd, COALESCE(i.n, 0) AS received_flows
FROM outflow o LEFT JOIN inflow i ON i.org = o.org
ORDER BY o.org
"""


def passes_on_more(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    """Organisations whose recorded internal outflows exceed what is recorded flowing in."""
    for r in rows(engine, PASS_ON_SQL):
        passed, got = num(r["passed_usd"]), num(r["received_usd"])
        excess = passed - got
        if excess <= t.min_usd or passed <= got * (1 + t.pass_on_share):
            continue
        ids = r["ids"] if isinstance(r["ids"], list) else []
        yield _alert(
            AlertKind.PASSES_ON_MORE_THAN_RECEIVED,
            str(r["org"]),
            "pass_on",
            0.4 + min(0.5, excess / max(passed, 1.0)),
            f"{r['org']} passed on {usd(passed)} in {r['passed_flows']} internal flow(s) but "
            f"{usd(got)} is recorded reaching it: {usd(excess)} with no recorded source",
            PassesOnEvidence(
                passed_on_usd=round(passed, 2),
                received_usd=round(got, 2),
                excess_usd=round(excess, 2),
                passed_flows=int(num(r["passed_flows"])),
                received_flows=int(num(r["received_flows"])),
                largest_outflows=[str(i) for i in ids[:20]],
            ),
        )


CHILDREN_SQL = """
WITH listed AS (
  SELECT p.flow_id AS parent, trim(c.id) AS child
  FROM fts_flows p, unnest(string_split(p.child_flow_ids, ',')) AS c(id)
  WHERE p.child_flow_ids IS NOT NULL)
SELECT l.parent, any_value(p.amount_usd) AS parent_usd, any_value(p.flow_type) AS flow_type,
       any_value(p.src_org) AS src_org, count(*) AS listed, count(c.flow_id) AS present,
       COALESCE(sum(c.amount_usd), 0) AS children_usd,
       list(l.child ORDER BY l.child) FILTER (WHERE c.flow_id IS NULL) AS missing,
       list(l.child ORDER BY l.child) FILTER (WHERE c.flow_id IS NOT NULL) AS found
FROM listed l JOIN fts_flows p ON p.flow_id = l.parent
LEFT JOIN fts_flows c ON c.flow_id = l.child
GROUP BY l.parent ORDER BY l.parent
"""


def child_flow_sums(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    """Parents whose children exceed them, and parents whose children are not all here."""
    for r in rows(engine, CHILDREN_SQL):
        parent, children = num(r["parent_usd"]), num(r["children_usd"])
        if children > parent * (1 + t.sum_share) and parent > 0:
            yield _exceeding(r, parent, children)
        if int(num(r["present"])) < int(num(r["listed"])):
            yield _incomplete(r)


def _exceeding(r: dict[str, object], parent: float, children: float) -> Alert:
    parked = str(r["flow_type"] or "").lower() == "parked"
    note = (
        " (a parked flow keeps only its unallocated remainder: committed in all "
        f"{usd(parent + children)})"
        if parked
        else ""
    )
    return _alert(
        AlertKind.CHILD_FLOWS_EXCEED_PARENT,
        str(r["parent"]),
        "sum",
        0.35 if parked else 0.7,
        f"flow {r['parent']} ({r['src_org']}) records {usd(parent)} but its "
        f"{r['present']} child flow(s) carry {usd(children)}{note}",
        ChildFlowsExceedEvidence(
            parent_usd=parent,
            children_usd=round(children, 2),
            flow_type=r["flow_type"],
            children=r["found"],
        ),
    )


def _incomplete(r: dict[str, object]) -> Alert:
    missing = r["missing"] if isinstance(r["missing"], list) else []
    return _alert(
        AlertKind.CHILD_FLOWS_MISSING,
        str(r["parent"]),
        "missing",
        0.2,
        f"flow {r['parent']} ({r['src_org']}) lists {r['listed']} child flow(s); "
        f"{len(missing)} of them not imported ({', '.join(missing[:5])}), so its split cannot "
        "be reconciled",
        ChildFlowsMissingEvidence(
            parent_usd=num(r["parent_usd"]),
            children_present_usd=round(num(r["children_usd"]), 2),
            missing=missing,
            flow_type=r["flow_type"],
        ),
    )


RATE_SQL = """
SELECT flow_id, src_org, amount_usd, original_amount, original_currency, exchange_rate,
       original_amount / exchange_rate AS implied_usd
FROM fts_flows
WHERE original_amount > 0 AND exchange_rate > 0 AND amount_usd > 0
  AND COALESCE(original_currency, 'USD') <> 'USD'
  AND abs(original_amount / exchange_rate - amount_usd) > ? * amount_usd
ORDER BY flow_id
"""


def exchange_rates(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    for r in rows(engine, RATE_SQL, (t.rate_share,)):
        stated, implied = num(r["amount_usd"]), num(r["implied_usd"])
        inverse = num(r["original_amount"]) * num(r["exchange_rate"])
        inverted = abs(inverse - stated) <= t.rate_share * stated
        yield _alert(
            AlertKind.EXCHANGE_RATE_MISMATCH,
            str(r["flow_id"]),
            "rate",
            0.4 + min(0.5, abs(implied - stated) / stated),
            f"flow {r['flow_id']} ({r['src_org']}): {r['original_amount']:,.0f} "
            f"{r['original_currency']} at {r['exchange_rate']} per US$ is {usd(implied)}, "
            f"but the flow states {usd(stated)}"
            + (" (the rate looks inverted)" if inverted else ""),
            ExchangeRateEvidence(
                amount_usd=stated,
                original_amount=num(r["original_amount"]),
                original_currency=r["original_currency"],
                exchange_rate=num(r["exchange_rate"]),
                implied_usd=round(implied, 2),
                rate_inverted=inverted,
            ),
        )


UNRESOLVED_SQL = """
SELECT flow_id, src_org, dest_org, amount_usd, dest_locations, unresolved_places
FROM fts_flows WHERE unresolved_places IS NOT NULL ORDER BY flow_id
"""


def unresolved_places(engine: Engine, t: Thresholds) -> Iterator[Alert]:
    """Flows naming a place inside the country that the gazetteer does not know."""
    for r in rows(engine, UNRESOLVED_SQL):
        yield _alert(
            AlertKind.PLACE_UNRESOLVED,
            str(r["flow_id"]),
            "place",
            0.2,
            f"flow {r['flow_id']} ({r['src_org']} → {r['dest_org']}, {usd(r['amount_usd'])}) "
            f"names {r['unresolved_places']}, which is no known province or district: its "
            "money cannot be set against need there",
            PlaceUnresolvedEvidence(
                unresolved_places=r["unresolved_places"], locations=r["dest_locations"]
            ),
        )


CHECKS = (
    unpaid_commitments,
    pledges_without_commitment,
    passes_on_more,
    child_flow_sums,
    exchange_rates,
    unresolved_places,
)


class FundingMonitor:
    name = "flows.funding"
    version = "1"
    description = (
        "Published funding (FTS): commitments never paid, pledges never committed, "
        "organisations passing on more than they received, child flows vs parent, exchange rates"
    )

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        engine = ctx.workspace.engine
        require(engine, "fts_flows")
        for check in CHECKS:
            yield from check(engine, t)


MONITOR = register(FundingMonitor())
