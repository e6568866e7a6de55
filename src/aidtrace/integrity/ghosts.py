"""Ghost indicators: explained flags that a household or staff member may not exist.

Each indicator is one SQL query (DuckDB dialect, run through the engine seam, so it runs on Spark
too) over the token table and the flows tables. A flag is a reason to look, never an automatic
exclusion: each carries what was seen (counts, dates, the shared token's group size) so a reviewer
can judge it. Indicators register themselves in ``INDICATORS``; one whose tables are absent is
skipped and said so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from aidtrace.store.engine import Engine

# Households linked as one family registered twice count once: what they share is a duplicate
# (the duplicates monitor's business), not a sign that either is invented.
BENEFICIARIES = """
    SELECT t.*, coalesce(g.group_id, t.household_id) AS family
    FROM person_tokens t LEFT JOIN integrity_household_groups g USING (household_id)
    WHERE t.kind = 'beneficiary'
"""


@dataclass(frozen=True)
class Indicator:
    """One kind of flag. ``sql`` yields ``subject`` (a household, enumerator-day or staff id),
    ``score`` (0–1, how strongly it points at a ghost) and evidence columns."""

    name: str
    subject_kind: str
    description: str
    sql: str
    tables: tuple[str, ...]
    params: Mapping[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class Flag:
    indicator: str
    subject_kind: str
    subject: str
    score: float
    evidence: Mapping[str, object]


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    INDICATORS[indicator.name] = indicator
    return indicator


def _shared(token: str, what: str, minimum: int) -> str:
    # Households (not people: a household shares its phone) holding the same token.
    return f"""
    WITH b AS ({BENEFICIARIES}), groups AS (
        SELECT {token} AS tok, count(DISTINCT family) AS households
        FROM b WHERE {token} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT family) >= {minimum}
    )
    SELECT DISTINCT b.household_id AS subject,
           least(1.0, 0.5 + 0.1 * g.households) AS score,
           g.households AS households_sharing,
           '{what}' AS shared
    FROM b JOIN groups g ON b.{token} = g.tok
    """


register(
    Indicator(
        "shared_phone",
        "household",
        "the same phone number is registered to several households",
        _shared("phone_tok", "phone", 3),
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "shared_tazkira",
        "household",
        "the same tazkira number appears in different households",
        _shared("tazkira_tok", "tazkira", 2),
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "copied_roster",
        "household",
        "the household's members (given names, fathers' names) repeat another household's",
        f"""
        WITH b AS ({BENEFICIARIES}), rosters AS (
            SELECT household_id, any_value(family) AS family, count(*) AS members,
                   string_agg(coalesce(given_tok, '?') || coalesce(father_tok, '?'), ','
                              ORDER BY coalesce(given_tok, '?') || coalesce(father_tok, '?'))
                       AS roster
            FROM b GROUP BY household_id HAVING count(*) >= 3
        ), repeated AS (
            SELECT roster, count(DISTINCT family) AS copies FROM rosters GROUP BY roster
            HAVING count(DISTINCT family) >= 2
        )
        SELECT r.household_id AS subject, 0.9 AS score, r.members AS members,
               p.copies AS households_with_this_roster
        FROM rosters r JOIN repeated p USING (roster)
        """,
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "age_anomaly",
        "household",
        "impossible ages, or every member's age a round number",
        f"""
        WITH b AS ({BENEFICIARIES})
        SELECT household_id AS subject,
               CASE WHEN bool_or(age_impossible) THEN 0.9 ELSE 0.6 END AS score,
               count(*) FILTER (WHERE age_impossible) AS impossible_ages,
               count(*) FILTER (WHERE age_round) AS round_ages,
               count(*) AS members
        FROM b GROUP BY household_id
        HAVING bool_or(age_impossible)
            OR (count(*) >= 4 AND count(*) FILTER (WHERE age_round) = count(*))
        """,
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "burst_registration",
        "household",
        "registered in a burst: one enumerator, one day, far above their usual rate",
        f"""
        WITH b AS ({BENEFICIARIES}), days AS (
            SELECT enumerator_id, registered_on, count(DISTINCT household_id) AS households
            FROM b WHERE enumerator_id IS NOT NULL AND registered_on IS NOT NULL GROUP BY 1, 2
        ), usual AS (
            SELECT enumerator_id, median(households) AS usual FROM days GROUP BY 1
        )
        SELECT DISTINCT b.household_id AS subject, 0.7 AS score,
               d.enumerator_id AS enumerator_id, CAST(d.registered_on AS VARCHAR) AS day,
               d.households AS households_that_day, u.usual AS usual_per_day
        FROM days d JOIN usual u USING (enumerator_id)
        JOIN b ON b.enumerator_id = d.enumerator_id AND b.registered_on = d.registered_on
        WHERE d.households >= 20 AND d.households >= 3 * u.usual
        """,
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "never_seen",
        "household",
        "paid in every distribution but never seen at one",
        """
        SELECT household_id AS subject, 0.6 AS score, count(*) AS distributions,
               round(sum(value_usd), 2) AS value_usd
        FROM distributions WHERE household_id IS NOT NULL
        GROUP BY household_id HAVING count(*) >= 2 AND NOT bool_or(reached)
        """,
        ("distributions",),
    )
)
register(
    Indicator(
        "payroll_without_attendance",
        "staff",
        "salary paid for months with no recorded attendance",
        """
        WITH paid AS (
            SELECT payee_person_id AS staff_id, count(*) AS salary_payments,
                   round(sum(amount), 2) AS paid
            FROM ledger WHERE purpose = 'salary' AND payee_person_id IS NOT NULL GROUP BY 1
        ), present AS (
            SELECT staff_id, sum(days_present) AS days FROM attendance GROUP BY 1
        )
        SELECT p.staff_id AS subject, 0.8 AS score, p.salary_payments, p.paid,
               coalesce(a.days, 0) AS days_present
        FROM paid p LEFT JOIN present a USING (staff_id)
        WHERE coalesce(a.days, 0) = 0
        """,
        ("ledger", "attendance"),
    )
)


def run_indicators(
    engine: Engine, names: tuple[str, ...] | None = None
) -> tuple[list[Flag], list[str]]:
    """Every flag of the named indicators (all when ``None``), and the names skipped for want
    of their tables."""
    flags: list[Flag] = []
    skipped: list[str] = []
    for indicator in (INDICATORS[n] for n in names or tuple(INDICATORS)):
        if not all(engine.has_table(t) for t in indicator.tables):
            skipped.append(indicator.name)
            continue
        flags.extend(_flags(engine, indicator))
    return flags, skipped


def _flags(engine: Engine, indicator: Indicator) -> Iterator[Flag]:
    for row in engine.query(indicator.sql).to_pylist():
        subject = str(row.pop("subject"))
        score = float(row.pop("score"))
        yield Flag(indicator.name, indicator.subject_kind, subject, score, row)
