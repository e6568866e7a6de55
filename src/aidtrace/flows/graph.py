"""The flow graph: for every hop, what was sent, what the next hop says it received, what it
passed on, and what reached people — and where the difference went.

Sources, all in USD at the dated rates of ``flows/payments.py``:

* **sent** — the payer's ledger (payments between organisations);
* **reported received** — the receiver's IATI *incoming funds* (type 1) naming the payer as
  provider (IATI org refs are matched to ``org_id`` or to ``registration_no``);
* **passed on** — the receiver's own ledger payments onward (to organisations or people);
* **delivered** — distribution records of the organisation marked as reached; hand-overs not
  reached are reported apart.

Leakage tables are plain SQL grouped by one dimension (hop, partner, district, week), each
level declared once in ``LEVELS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

from aidtrace.flows.payments import RATES_SQL, ensure_payments
from aidtrace.store.engine import Engine

# IATI org refs -> org ids, through the id itself or the registration number.
_IATI_ORG = """
SELECT org_id, org_id AS ref FROM organisations
UNION SELECT org_id, registration_no AS ref FROM organisations WHERE registration_no IS NOT NULL
"""


def reported_sql(by_week: bool = False) -> str:
    """IATI incoming funds per (payer, receiver) — and per week of the value date if asked."""
    week = ", CAST(date_trunc('week', t.value_date) AS DATE)" if by_week else ""
    return f"""
    WITH rates AS ({RATES_SQL}), refs AS ({_IATI_ORG})
    SELECT payer.org_id AS payer_org_id, receiver.org_id AS payee_org_id
           {week + " AS week_start" if week else ""},
           sum(t.value * CASE WHEN t.currency = 'USD' THEN 1.0 ELSE r.usd_rate END)
               AS reported_usd,
           count(*) AS reports
    FROM iati_transactions t
    JOIN iati_activities a ON a.activity_id = t.activity_id
    JOIN refs receiver ON receiver.ref = COALESCE(t.receiver_ref, a.reporting_org_ref)
    JOIN refs payer ON payer.ref = t.provider_ref
    LEFT JOIN rates r ON r.currency = t.currency AND t.value_date >= r.valid_from
         AND t.value_date < r.valid_to
    WHERE t.type_code = '1'
    GROUP BY payer.org_id, receiver.org_id{week}
    """


# Each IATI incoming-funds report (type 1) with its payer and receiver as org ids, in USD.
_REPORTS_SQL = f"""
SELECT payer.org_id AS payer_org_id, receiver.org_id AS payee_org_id, t.ref, t.value_date,
       CAST(date_trunc('week', t.value_date) AS DATE) AS week_start,
       t.value * CASE WHEN t.currency = 'USD' THEN 1.0 ELSE r.usd_rate END AS usd
FROM iati_transactions t
JOIN iati_activities a ON a.activity_id = t.activity_id
JOIN ({_IATI_ORG}) receiver ON receiver.ref = COALESCE(t.receiver_ref, a.reporting_org_ref)
JOIN ({_IATI_ORG}) payer ON payer.ref = t.provider_ref
LEFT JOIN ({RATES_SQL}) r ON r.currency = t.currency AND t.value_date >= r.valid_from
     AND t.value_date < r.valid_to
WHERE t.type_code = '1'
"""


def hop_payments_sql(payments: str, settle_days: int) -> str:
    """Every payment of a hop whose receiver reports at all, with the receiver's reports that
    name it (an IATI transaction ``ref`` equal to the ledger's ``txn_id``): how many there are
    (``reports``) and what they account for within ``settle_days`` of the payment
    (``reported_usd``)."""
    return f"""
    WITH reports AS ({_REPORTS_SQL}),
    reporting AS (SELECT DISTINCT payer_org_id, payee_org_id FROM reports),
    sent AS (
      SELECT p.txn_id, p.payer_org_id, p.payee_org_id, p.date, p.week_start,
             p.amount_usd AS sent_usd, p.district_code
      FROM {payments} p JOIN reporting h ON h.payer_org_id = p.payer_org_id
           AND h.payee_org_id = p.payee_org_id),
    matched AS (
      SELECT s.txn_id, s.payer_org_id, s.payee_org_id, count(*) AS reports,
             sum(CASE WHEN r.value_date <= s.date + INTERVAL {int(settle_days)} DAY
                      THEN r.usd ELSE 0 END) AS reported_usd
      FROM sent s JOIN reports r ON r.ref = s.txn_id AND r.payer_org_id = s.payer_org_id
           AND r.payee_org_id = s.payee_org_id
      GROUP BY s.txn_id, s.payer_org_id, s.payee_org_id)
    SELECT s.txn_id, s.payer_org_id, s.payee_org_id, s.date, s.week_start, s.sent_usd,
           s.district_code, COALESCE(m.reports, 0) AS reports,
           COALESCE(m.reported_usd, 0) AS reported_usd
    FROM sent s LEFT JOIN matched m ON m.txn_id = s.txn_id
         AND m.payer_org_id = s.payer_org_id AND m.payee_org_id = s.payee_org_id
    ORDER BY s.payer_org_id, s.payee_org_id, s.date, s.txn_id
    """


def loose_reports_sql(payments: str) -> str:
    """Per hop and week of the value date: incoming funds that name no payment of the hop (no
    ``ref``, or one the payer's ledger does not hold), to be netted against its unnamed
    payments."""
    return f"""
    WITH reports AS ({_REPORTS_SQL})
    SELECT r.payer_org_id, r.payee_org_id, r.week_start, sum(r.usd) AS reported_usd,
           count(*) AS reports
    FROM reports r
    WHERE NOT EXISTS (SELECT 1 FROM {payments} p WHERE p.txn_id = r.ref
                      AND p.payer_org_id = r.payer_org_id AND p.payee_org_id = r.payee_org_id)
    GROUP BY r.payer_org_id, r.payee_org_id, r.week_start
    ORDER BY 1, 2, 3
    """


def hops_sql(payments: str) -> str:
    """One row per organisation-to-organisation hop with sent, reported and onward figures."""
    return f"""
    WITH sent AS (
      SELECT payer_org_id, payee_org_id, sum(amount_usd) AS sent_usd, count(*) AS payments,
             min(date) AS first_date, max(date) AS last_date
      FROM {payments} WHERE payee_org_id IS NOT NULL GROUP BY payer_org_id, payee_org_id),
    reported AS ({reported_sql()}),
    onward AS (SELECT payer_org_id AS org_id, sum(amount_usd) AS passed_on_usd
               FROM {payments} GROUP BY payer_org_id),
    inflow AS (SELECT payee_org_id AS org_id, sum(amount_usd) AS received_usd
               FROM {payments} WHERE payee_org_id IS NOT NULL GROUP BY payee_org_id),
    delivered AS (
      SELECT partner_org_id AS org_id,
             sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS delivered_usd,
             sum(CASE WHEN reached THEN 0 ELSE value_usd END) AS not_reached_usd
      FROM distributions GROUP BY partner_org_id)
    SELECT s.payer_org_id, payer.role AS payer_role, s.payee_org_id, payee.role AS payee_role,
           s.sent_usd, s.payments, s.first_date, s.last_date,
           rep.reported_usd, rep.reports,
           i.received_usd AS payee_received_usd,
           COALESCE(o.passed_on_usd, 0) AS payee_passed_on_usd,
           COALESCE(d.delivered_usd, 0) AS payee_delivered_usd,
           COALESCE(d.not_reached_usd, 0) AS payee_not_reached_usd
    FROM sent s
    LEFT JOIN organisations payer ON payer.org_id = s.payer_org_id
    LEFT JOIN organisations payee ON payee.org_id = s.payee_org_id
    LEFT JOIN reported rep ON rep.payer_org_id = s.payer_org_id
         AND rep.payee_org_id = s.payee_org_id
    LEFT JOIN inflow i ON i.org_id = s.payee_org_id
    LEFT JOIN onward o ON o.org_id = s.payee_org_id
    LEFT JOIN delivered d ON d.org_id = s.payee_org_id
    """


def hops(engine: Engine) -> pa.Table:
    """Every hop between organisations (see :func:`hops_sql`)."""
    return engine.query(hops_sql(ensure_payments(engine)) + " ORDER BY 1, 3")


# Payment purposes that pay for running the operation (staff, transport, rent) rather than for
# the goods and cash handed to people; compared lower-cased.
RUNNING_PURPOSES = frozenset(
    {"salary", "salaries", "wage", "wages", "stipend", "incentive", "logistics", "transport"}
    | {"rent", "overhead", "support_costs"}
)
_RUNNING_SQL = ", ".join(f"'{p}'" for p in sorted(RUNNING_PURPOSES))


def nodes_sql(payments: str) -> str:
    """One row per organisation: received, passed on, delivered, and what is unexplained.
    ``aid_spent_usd`` is what it paid on the last mile for aid itself: to vendors, cash agents
    and people, leaving out running costs (:data:`RUNNING_PURPOSES`, such as salaries), which
    no hand-over accounts for."""
    return f"""
    WITH inflow AS (SELECT payee_org_id AS org_id, sum(amount_usd) AS received_usd
                    FROM {payments} WHERE payee_org_id IS NOT NULL GROUP BY payee_org_id),
    onward AS (
      SELECT payer_org_id AS org_id, sum(amount_usd) AS passed_on_usd,
             sum(CASE WHEN (payee_role IN ('vendor', 'cash_agent') OR payee_person_id IS NOT NULL)
                       AND lower(COALESCE(purpose, '')) NOT IN ({_RUNNING_SQL})
                      THEN amount_usd ELSE 0 END) AS aid_spent_usd
      FROM {payments} GROUP BY payer_org_id),
    delivered AS (
      SELECT partner_org_id AS org_id,
             sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS delivered_usd,
             sum(CASE WHEN reached THEN 0 ELSE value_usd END) AS not_reached_usd
      FROM distributions GROUP BY partner_org_id)
    SELECT o.org_id, o.role, o.parent_org_id, o.province_code,
           COALESCE(i.received_usd, 0) AS received_usd,
           COALESCE(w.passed_on_usd, 0) AS passed_on_usd,
           COALESCE(w.aid_spent_usd, 0) AS aid_spent_usd,
           COALESCE(d.delivered_usd, 0) AS delivered_usd,
           COALESCE(d.not_reached_usd, 0) AS not_reached_usd,
           COALESCE(i.received_usd, 0) - COALESCE(w.passed_on_usd, 0) AS retained_usd
    FROM organisations o
    LEFT JOIN inflow i ON i.org_id = o.org_id
    LEFT JOIN onward w ON w.org_id = o.org_id
    LEFT JOIN delivered d ON d.org_id = o.org_id
    """


class LeakageLevel(StrEnum):
    """The dimensions leakage can be read along."""

    PARTNER = "partner"
    DISTRICT = "district"
    WEEK = "week"


# For partner, district and week: money spent on the last mile (payments to vendors, cash
# agents and people) against the value of hand-overs reached, and the value not reached.
_GROUPING = {
    LeakageLevel.PARTNER: ("payer_org_id", "partner_org_id"),
    LeakageLevel.DISTRICT: ("district_code", "district_code"),
    LeakageLevel.WEEK: ("week_start", "CAST(date_trunc('week', date) AS DATE)"),
}


def leakage_sql(payments: str, level: LeakageLevel) -> str:
    spent_key, handed_key = _GROUPING[level]
    return f"""
    WITH spent AS (
      SELECT {spent_key} AS key, sum(amount_usd) AS spent_usd FROM {payments}
      WHERE payee_role IN ('vendor', 'cash_agent') OR payee_person_id IS NOT NULL
      GROUP BY {spent_key}),
    handed AS (
      SELECT {handed_key} AS key,
             sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS delivered_usd,
             sum(CASE WHEN reached THEN 0 ELSE value_usd END) AS not_reached_usd,
             sum(CASE WHEN reached THEN 1 ELSE 0 END) AS households_reached
      FROM distributions GROUP BY {handed_key})
    SELECT COALESCE(s.key, h.key) AS key, COALESCE(s.spent_usd, 0) AS spent_usd,
           COALESCE(h.delivered_usd, 0) AS delivered_usd,
           COALESCE(h.not_reached_usd, 0) AS not_reached_usd,
           COALESCE(h.households_reached, 0) AS households_reached,
           COALESCE(s.spent_usd, 0) - COALESCE(h.delivered_usd, 0) AS gap_usd
    FROM spent s FULL OUTER JOIN handed h ON h.key = s.key
    """


def leakage(engine: Engine, level: LeakageLevel) -> pa.Table:
    """Spent on the last mile vs delivered, by partner, district or week (hops: :func:`hops`)."""
    return engine.query(leakage_sql(ensure_payments(engine), level) + " ORDER BY 1")


@dataclass(frozen=True)
class Loop:
    """Money that came back to where it started."""

    orgs: tuple[str, ...]
    usd: float  # the smallest hop of the cycle: at most this much went round


def loops(engine: Engine, max_length: int = 4) -> list[Loop]:
    """Cycles of 2..``max_length`` organisations in the payment graph (self-joins, no recursion,
    so the same SQL runs on Spark)."""
    payments = ensure_payments(engine)
    # Only organisations that both pay and are paid can sit on a cycle; the rest (donors,
    # vendors, agents paying people) are pruned before the self-joins.
    engine.execute("DROP TABLE IF EXISTS flow_cycle_edges")
    engine.execute(
        f"""
        CREATE TEMP TABLE flow_cycle_edges AS
        WITH e AS (SELECT payer_org_id AS a, payee_org_id AS b, sum(amount_usd) AS usd
                   FROM {payments}
                   WHERE payee_org_id IS NOT NULL AND payee_org_id <> payer_org_id
                   GROUP BY payer_org_id, payee_org_id)
        SELECT * FROM e
        WHERE a IN (SELECT b FROM e) AND b IN (SELECT a FROM e)
        """
    )
    edges = "flow_cycle_edges"
    found: dict[tuple[str, ...], Loop] = {}
    for length in range(2, max_length + 1):
        names = [f"e{i}" for i in range(length)]
        joins = " ".join(
            f"JOIN {edges} {names[i]} ON {names[i]}.a = {names[i - 1]}.b" for i in range(1, length)
        )
        # Each cycle is reported once, from its smallest member, and never revisits a node.
        distinct = " AND ".join(f"e0.a < {n}.a" for n in names[1:])
        least = "least(" + ", ".join(f"{n}.usd" for n in names) + ")"
        sql = (
            f"SELECT {', '.join(f'{n}.a AS n{i}' for i, n in enumerate(names))}, {least} AS usd "
            f"FROM {edges} e0 {joins} WHERE {names[-1]}.b = e0.a AND {distinct}"
        )
        for row in engine.query(sql).to_pylist():
            cycle = tuple(str(row[f"n{i}"]) for i in range(length))
            if len(set(cycle)) == length:
                found[cycle] = Loop(cycle, float(row["usd"] or 0))
    return sorted(found.values(), key=lambda c: -c.usd)


def outside_parties_sql(payments: str, with_people: bool = False) -> str:
    """Organisations paid (or paying) that the programme's organisation list does not know, and
    — when beneficiary and staff lists are imported (``people``) — people paid who are on
    neither list."""
    people = f"""
          UNION ALL
          SELECT p.payee_person_id, 'person paid', p.payer_org_id, p.amount_usd, p.txn_id
          FROM {payments} p
          WHERE p.payee_person_id IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM people k WHERE k.record_id = p.payee_person_id)"""
    return f"""
    SELECT party, side, count(*) AS payments, sum(amount_usd) AS usd,
           min(counterpart) AS example_counterpart, array_agg(txn_id) AS txns
    FROM (SELECT payee_org_id AS party, 'payee' AS side, payer_org_id AS counterpart,
                 amount_usd, txn_id FROM {payments}
          WHERE payee_org_id IS NOT NULL AND payee_role IS NULL
          UNION ALL
          SELECT payer_org_id, 'payer', payee, amount_usd, txn_id FROM {payments}
          WHERE payer_role IS NULL{people if with_people else ""}) x
    GROUP BY party, side
    """
