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


# What a household may share with others, its token column, and how many households (families
# registered twice counting once) must hold one value before the indicator fires.
SHARED: dict[str, tuple[str, int]] = {"phone": ("phone_tok", 3), "tazkira": ("tazkira_tok", 2)}


def shared_tokens(what: str) -> str:
    """SQL over the beneficiaries ``b``: each ``what`` (phone, tazkira) token held by enough
    households (families registered twice counting once) for the indicator to fire, as ``tok``,
    with how many hold it (``households``)."""
    token, minimum = SHARED[what]
    return (
        f"SELECT {token} AS tok, count(DISTINCT family) AS households FROM b "
        f"WHERE {token} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT family) >= {minimum}"
    )


def _shared(what: str) -> str:
    # Households (not people: a household shares its phone) holding the same token.
    token, _ = SHARED[what]
    return f"""
    WITH b AS ({BENEFICIARIES}), groups AS ({shared_tokens(what)})
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
        _shared("phone"),
        ("person_tokens", "integrity_household_groups"),
    )
)
register(
    Indicator(
        "shared_tazkira",
        "household",
        "the same tazkira number appears in different households",
        _shared("tazkira"),
        ("person_tokens", "integrity_household_groups"),
    )
)
# A roster of four or more is specific: the same sexes and birth years by chance are rare.
MIN_ROSTER = 4
# Ages an enumerator must have recorded before their heaping is judged.
MIN_AGES = 100
# A member's place in a roster: sex and birth year (tokens, compared only for equality).
_MEMBER = "coalesce(gender, '?') || '/' || CAST(birth_year_tok AS VARCHAR)"

register(
    Indicator(
        "copied_roster",
        "household",
        "the household's composition (every member's sex and birth year) repeats, member for "
        "member, a household the same enumerator registered earlier",
        f"""
        WITH b AS ({BENEFICIARIES}), rosters AS (
            SELECT household_id, any_value(family) AS family,
                   any_value(enumerator_id) AS enumerator_id,
                   min(registered_on) AS registered_on, count(*) AS members,
                   string_agg({_MEMBER}, ',' ORDER BY {_MEMBER}) AS composition
            FROM b WHERE enumerator_id IS NOT NULL GROUP BY household_id
            HAVING count(*) >= {MIN_ROSTER} AND count(birth_year_tok) = count(*)
        ), ordered AS (
            SELECT *, first_value(household_id) OVER w AS source,
                   first_value(family) OVER w AS source_family,
                   first_value(registered_on) OVER w AS source_registered_on
            FROM rosters
            WINDOW w AS (PARTITION BY enumerator_id, composition
                         ORDER BY registered_on, household_id)
        )
        SELECT household_id AS subject, 0.8 AS score, members,
               source AS same_composition_as, enumerator_id,
               CAST(source_registered_on AS VARCHAR) AS source_registered_on,
               CAST(registered_on AS VARCHAR) AS registered_on
        FROM ordered WHERE household_id <> source AND family <> source_family
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
        "age_heaping",
        "enumerator",
        "one enumerator records far more ages ending in 0 or 5 than the other enumerators in "
        "the same districts (an index on Whipple's scale: 100 none, 500 every age round)",
        f"""
        WITH b AS ({BENEFICIARIES}), mine AS (
            SELECT enumerator_id, district, count(*) AS ages,
                   count(*) FILTER (WHERE age_round) AS round_ages
            FROM b WHERE enumerator_id IS NOT NULL AND age_round IS NOT NULL GROUP BY 1, 2
        ), place AS (
            SELECT district, sum(ages) AS ages, sum(round_ages) AS round_ages
            FROM mine GROUP BY 1
        ), everyone AS (
            SELECT sum(ages) AS ages, sum(round_ages) AS round_ages FROM mine
        ), compared AS (
            SELECT m.enumerator_id, m.district, m.ages, m.round_ages,
                   1.0 * m.round_ages / m.ages AS share,
                   -- Peers: the district's other enumerators, or everyone if too few.
                   CASE WHEN p.ages - m.ages >= {MIN_AGES}
                        THEN 1.0 * (p.round_ages - m.round_ages) / (p.ages - m.ages)
                        ELSE 1.0 * e.round_ages / e.ages END AS peers
            FROM mine m JOIN place p USING (district) CROSS JOIN everyone e
            WHERE m.ages >= {MIN_AGES}
        )
        SELECT enumerator_id AS subject, 0.5 AS score, district, ages, round_ages,
               round(500 * share) AS heaping_index, round(500 * peers) AS peers_index
        FROM compared
        WHERE 500 * share >= 175 AND peers > 0 AND peers < 1
          AND (share - peers) / sqrt(peers * (1 - peers) / ages) >= 4
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
