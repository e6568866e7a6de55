"""The ledger made comparable: every payment in USD at its day's rate, with the roles of both
parties and the province it was spent in.

Conversion uses the latest rate on or before the payment date (``fx_rates``, USD per unit); a
payment dated before a currency's first rate takes that first rate, and a currency with no rate
at all stays unconverted (``amount_usd`` null) and is counted, never guessed. USD needs no rate.

The prepared table ``flow_payments`` is a temporary table of the engine's session, rebuilt when
the import journal changes, so that each monitor of one run does not redo the join.

Portability: plain SQL with window functions and an interval join; ``date_trunc('week', …)`` is
the one function name that differs by engine (DuckDB and Spark SQL both accept it).
"""

from __future__ import annotations

from aidtrace.store.engine import Engine

PAYMENTS = "flow_payments"
_MARKER = "flow_payments_marker"

# Each currency's rates as validity intervals [valid_from, valid_to).
RATES_SQL = """
SELECT currency, usd_rate,
       CASE WHEN row_number() OVER (PARTITION BY currency ORDER BY date) = 1
            THEN DATE '1900-01-01' ELSE date END AS valid_from,
       COALESCE(lead(date) OVER (PARTITION BY currency ORDER BY date), DATE '9999-12-31')
            AS valid_to
FROM fx_rates
"""

PAYMENTS_SQL = f"""
WITH rates AS ({RATES_SQL}),
districts AS (SELECT district_code, province_code FROM needs)
SELECT l.txn_id, l.date, CAST(date_trunc('week', l.date) AS DATE) AS week_start,
       l.payer_org_id, payer.role AS payer_role,
       l.payee_org_id, payee.role AS payee_role, l.payee_person_id,
       COALESCE(l.payee_org_id, l.payee_person_id) AS payee,
       l.amount, l.currency,
       CASE WHEN l.currency = 'USD' THEN 1.0 ELSE r.usd_rate END AS usd_rate,
       l.amount * CASE WHEN l.currency = 'USD' THEN 1.0 ELSE r.usd_rate END AS amount_usd,
       l.purpose, l.invoice_no, l.approved_by, l.district_code,
       COALESCE(d.province_code, payee.province_code) AS province_code,
       l.item, l.quantity, l.unit_price,
       l.unit_price * CASE WHEN l.currency = 'USD' THEN 1.0 ELSE r.usd_rate END
           AS unit_price_usd,
       payee.official_id AS payee_official_id
FROM ledger l
LEFT JOIN rates r ON r.currency = l.currency AND l.date >= r.valid_from AND l.date < r.valid_to
LEFT JOIN organisations payer ON payer.org_id = l.payer_org_id
LEFT JOIN organisations payee ON payee.org_id = l.payee_org_id
LEFT JOIN districts d ON d.district_code = l.district_code
"""


def journal_marker(engine: Engine) -> str:
    """What the workspace's imports are at: their count and the last one's time (a session's
    prepared tables are kept until it changes)."""
    row = engine.query(
        "SELECT count(*) AS n, CAST(max(imported_at) AS VARCHAR) AS at FROM imports"
    ).to_pylist()[0]
    return f"{row['n']}|{row['at']}"


def ensure_payments(engine: Engine) -> str:
    """Build (or reuse) the session's ``flow_payments`` table; returns its name."""
    marker = journal_marker(engine)
    if engine.has_table(_MARKER):
        built = engine.query(f"SELECT marker FROM {_MARKER}").to_pylist()
        if built and built[0]["marker"] == marker:
            return PAYMENTS
    # DROP then CREATE rather than CREATE OR REPLACE: on Spark the temporary table becomes a
    # temporary view, which sqlglot cannot carry OR REPLACE over to.
    for name, sql in ((PAYMENTS, PAYMENTS_SQL), (_MARKER, "SELECT ? AS marker")):
        engine.execute(f"DROP TABLE IF EXISTS {name}")
        engine.execute(f"CREATE TEMP TABLE {name} AS {sql}", () if name == PAYMENTS else (marker,))
    return PAYMENTS


# Market prices in USD at the rate of the month's first day, for comparison with unit prices.
MARKET_PRICES_SQL = f"""
WITH rates AS ({RATES_SQL})
SELECT p.province_code, p.month, p.item, p.unit, p.price_afn,
       p.price_afn * r.usd_rate AS price_usd
FROM market_prices p
LEFT JOIN rates r ON r.currency = 'AFN' AND p.month >= r.valid_from AND p.month < r.valid_to
"""
