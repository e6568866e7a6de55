"""Payroll duplicates: one person on the payroll twice, on the same employer's or another's.

A padded payroll often re-enters a real employee under a second staff id: the name romanised
another way, the tazkira kept but the phone changed, or the tazkira left off and the phone kept.
Payrolls are small (thousands of staff, not millions), so every candidate pair is described field
by field in SQL (DuckDB dialect, through the engine seam) and a short, ordered table of rules says
which combinations of agreeing fields mean "one person". Each rule asks for an *identifier* (the
tazkira, or the phone with the birth year) on top of the name: two staff who merely share a common
name and father's name are different people, and are left alone.

The staff format has no bank account column, so accounts are not compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from aidtrace.alerts.evidence import PayrollDuplicateEvidence
from aidtrace.integrity.comparisons import DICE_TYPO, dice_sql
from aidtrace.integrity.tokenshape import BLOOM_COLUMNS
from aidtrace.store.engine import Engine

T = TypeVar("T")

# Token columns read from both records of a pair (suffixed _l and _r, as Splink names them, so
# the Bloom-filter Dice expression of the linkage model is reused as it is).
PAIR_COLUMNS = (
    "person_id",
    "record_id",
    "tazkira_holders",
    "household_id",
    "district",
    "given_tok",
    "given_key",
    "given_phon",
    "father_tok",
    "father_key",
    "father_phon",
    *BLOOM_COLUMNS,
    "birth_year_tok",
    "birth_pair_a",
    "birth_pair_b",
    "phone_tok",
    "phone_suffix_tok",
    "tazkira_tok",
    "tazkira_head_tok",
    "tazkira_tail_tok",
)

# Candidate pairs: any shared identifier, or a shared name (either key scheme). Equi-joins only,
# so the engine hashes them instead of comparing every staff member with every other.
BLOCKS = (
    ("tazkira_tok",),
    ("phone_tok",),
    ("given_key", "father_key"),
    ("given_phon", "father_phon"),
    ("given_key", "tazkira_head_tok"),
    ("given_key", "tazkira_tail_tok"),
)

MAX_HOLDERS = 3
# How many staff records hold each tazkira: a placeholder number typed for many people is not
# evidence that any two of them are one person.
STAFF = """staff AS (
    SELECT *, count(*) OVER (PARTITION BY tazkira_tok) AS tazkira_holders
    FROM person_tokens WHERE kind = 'staff'
)"""


def _candidates() -> str:
    joins = []
    for keys in BLOCKS:
        on = " AND ".join(f"l.{k} = r.{k}" for k in keys)
        joins.append(
            "SELECT l.person_id AS a, r.person_id AS b FROM staff l JOIN staff r "
            f"ON {on} AND l.person_id < r.person_id"
        )
    return "\nUNION\n".join(joins)


def _level(name: str, exact: str, partial: str, partial_label: str, first: str = "") -> str:
    # One field's outcome in words; NULL on either side is "not recorded", never a disagreement.
    return f"""CASE WHEN {name}_l IS NULL OR {name}_r IS NULL THEN 'not recorded' {first}
        WHEN {exact} THEN 'exact' WHEN {partial} THEN '{partial_label}'
        ELSE 'different' END"""


def _same(name: str) -> str:
    return f"""CASE WHEN {name}_l IS NULL OR {name}_r IS NULL THEN 'not recorded'
        WHEN {name}_l = {name}_r THEN 'same' ELSE 'different' END"""


def _variant(part: str) -> str:
    return f"({part}_key_l = {part}_key_r OR {part}_phon_l = {part}_phon_r)"


FIELD_SQL: dict[str, str] = {
    "given_name": f"""CASE WHEN given_key_l IS NULL OR given_key_r IS NULL THEN 'not recorded'
        WHEN given_tok_l = given_tok_r THEN 'exact'
        WHEN {_variant("given")} THEN 'romanisation variant'
        WHEN {dice_sql(DICE_TYPO)} THEN 'name chain Dice >= {DICE_TYPO}'
        ELSE 'different' END""",
    "father_name": _level(
        "father_key", "father_tok_l = father_tok_r", _variant("father"), "romanisation variant"
    ),
    "birth_year": _level(
        "birth_year_tok",
        "birth_year_tok_l = birth_year_tok_r",
        "birth_pair_a_l = birth_pair_a_r OR birth_pair_b_l = birth_pair_b_r",
        "within one year",
    ),
    "tazkira": _level(
        "tazkira_tok",
        "tazkira_tok_l = tazkira_tok_r",
        "tazkira_head_tok_l = tazkira_head_tok_r OR tazkira_tail_tok_l = tazkira_tail_tok_r",
        "one half of the tazkira",
        f"""WHEN greatest(tazkira_holders_l, tazkira_holders_r) > {MAX_HOLDERS}
            THEN 'a number held by more than {MAX_HOLDERS} staff records'""",
    ),
    "phone": _level(
        "phone_tok",
        "phone_tok_l = phone_tok_r",
        "phone_suffix_tok_l = phone_suffix_tok_r",
        "last six digits",
    ),
    "district": _same("district"),
    "employer": _same("household_id"),
}


def pairs_sql() -> str:
    """Every candidate pair of staff records with each field's outcome in words."""
    sides = ", ".join(
        f"{s}.{c} AS {c}_{s}" for s in ("l", "r") for c in PAIR_COLUMNS if c != "person_id"
    )
    fields = ", ".join(f"{sql} AS {name}" for name, sql in FIELD_SQL.items())
    return f"""
    WITH {STAFF}, candidates AS ({_candidates()}), sides AS (
        SELECT c.a AS person_id_l, c.b AS person_id_r, {sides}
        FROM candidates c JOIN staff l ON l.person_id = c.a JOIN staff r ON r.person_id = c.b
    )
    SELECT person_id_l, person_id_r, record_id_l, record_id_r, {fields}
    FROM sides ORDER BY person_id_l, person_id_r
    """


NAME_AGREES = ("exact", "romanisation variant", f"name chain Dice >= {DICE_TYPO}")
AGREES = ("exact", "within one year", "not recorded")


def names_agree(f: Mapping[str, str]) -> bool:
    """Given name agrees (exactly, as a variant or by a typo) and the father's does not differ."""
    return f["given_name"] in NAME_AGREES and f["father_name"] != "different"


@dataclass(frozen=True)
class Rule:
    """One combination of agreeing fields that means "the same person", with how sure it is."""

    name: str
    score: float
    reason: str
    test: Callable[[Mapping[str, str]], bool]


# First match wins; ordered from the strongest evidence down.
RULES: tuple[Rule, ...] = (
    Rule(
        "same_tazkira_same_name",
        0.95,
        "the same tazkira and the same name (perhaps romanised differently)",
        lambda f: names_agree(f) and f["tazkira"] == "exact",
    ),
    Rule(
        "same_phone_name_and_birth_year",
        0.85,
        "the same phone, name and birth year, and no second tazkira",
        lambda f: (
            names_agree(f)
            and f["phone"] == "exact"
            and f["birth_year"] in AGREES
            and f["tazkira"] == "not recorded"
        ),
    ),
    Rule(
        "same_name_half_tazkira",
        0.7,
        "the same name and birth year, and one half of the tazkira (a typo in the other)",
        lambda f: (
            names_agree(f)
            and f["tazkira"] == "one half of the tazkira"
            and f["birth_year"] in AGREES
        ),
    ),
    Rule(
        "same_phone_name_two_tazkiras",
        0.6,
        "the same phone, name and birth year under two tazkira numbers",
        lambda f: (
            names_agree(f)
            and f["phone"] == "exact"
            and f["birth_year"] in ("exact", "within one year")
            and f["tazkira"] == "different"
        ),
    ),
    Rule(
        "same_tazkira_other_name",
        0.5,
        "one tazkira number on two staff records under different names",
        lambda f: f["tazkira"] == "exact",
    ),
)


def rule_for(fields: Mapping[str, str]) -> Rule | None:
    """The strongest rule the pair's field outcomes satisfy, if any."""
    return next((r for r in RULES if r.test(fields)), None)


@dataclass(frozen=True)
class Duplicate:
    """Two staff records judged to be one person, with every field's outcome."""

    person_ids: tuple[str, str]
    staff_ids: tuple[str, str]
    rule: Rule
    fields: Mapping[str, str]


def find(engine: Engine) -> list[Duplicate]:
    """Every pair of staff records that a rule judges to be one person."""
    out = []
    for row in engine.query(pairs_sql()).to_pylist():
        fields = {name: str(row[name]) for name in FIELD_SQL}
        rule = rule_for(fields)
        if rule is not None:
            ids = (str(row["person_id_l"]), str(row["person_id_r"]))
            staff = (str(row["record_id_l"]), str(row["record_id_r"]))
            out.append(Duplicate(ids, staff, rule, fields))
    return out


def _placeholders(staff: list[str]) -> str:
    return ", ".join("?" * len(staff))


def payroll_rows(engine: Engine, staff: list[str]) -> dict[str, dict[str, object]]:
    """Employer, position and monthly salary of each staff id, as the payroll gave them."""
    if not staff or not engine.has_table("people"):
        return {}
    rows = engine.query(
        "SELECT record_id AS staff_id, org_id AS employer, position, monthly_salary_usd "
        f"FROM people WHERE kind = 'staff' AND record_id IN ({_placeholders(staff)})",
        staff,
    )
    return {str(r.pop("staff_id")): r for r in rows.to_pylist()}


def salary_months(engine: Engine, staff: list[str]) -> dict[str, dict[str, float]]:
    """Staff id → {month: amount paid as salary that month}, from the ledger."""
    if not staff or not engine.has_table("ledger"):
        return {}
    sql = (
        "SELECT payee_person_id AS staff_id, CAST(date_trunc('month', date) AS VARCHAR) AS month, "
        "sum(amount) AS value FROM ledger WHERE purpose = 'salary' "
        f"AND payee_person_id IN ({_placeholders(staff)}) GROUP BY 1, 2"
    )
    return _by_month(engine, sql, staff, float)


def attendance_months(engine: Engine, staff: list[str]) -> dict[str, dict[str, int]]:
    """Staff id → {month: days present}: a copied attendance sheet repeats the days exactly."""
    if not staff or not engine.has_table("attendance"):
        return {}
    sql = (
        "SELECT staff_id, CAST(month AS VARCHAR) AS month, sum(days_present) AS value "
        f"FROM attendance WHERE staff_id IN ({_placeholders(staff)}) GROUP BY 1, 2"
    )
    return _by_month(engine, sql, staff, int)


def _by_month(
    engine: Engine, sql: str, staff: list[str], convert: Callable[[Any], T]
) -> dict[str, dict[str, T]]:
    """Staff id → {YYYY-MM: value} from a query giving ``staff_id``, ``month`` and ``value``."""
    out: dict[str, dict[str, T]] = {}
    for r in engine.query(sql, staff).to_pylist():
        out.setdefault(str(r["staff_id"]), {})[str(r["month"])[:7]] = convert(r["value"])
    return out


@dataclass(frozen=True)
class PayFacts:
    """What the payroll, the ledger and the attendance sheets say about a set of staff."""

    payroll: Mapping[str, Mapping[str, object]]
    salaries: Mapping[str, Mapping[str, float]]
    attendance: Mapping[str, Mapping[str, int]]

    @classmethod
    def load(cls, engine: Engine, found: list[Duplicate]) -> PayFacts:
        staff = sorted({s for d in found for s in d.staff_ids})
        return cls(
            payroll_rows(engine, staff),
            salary_months(engine, staff),
            attendance_months(engine, staff),
        )

    def record(self, staff_id: str) -> dict[str, object]:
        paid = self.salaries.get(staff_id, {})
        return {
            "staff_id": staff_id,
            **self.payroll.get(staff_id, {}),
            "salary_payments": len(paid),
            "salary_paid": round(sum(paid.values()), 2),
        }

    def both_paid(self, a: str, b: str) -> list[str]:
        """The months in which both records drew a salary."""
        return sorted(set(self.salaries.get(a, {})) & set(self.salaries.get(b, {})))

    def same_attendance(self, a: str, b: str) -> int:
        """Months in which both records show the same, non-zero, days present."""
        left, right = self.attendance.get(a, {}), self.attendance.get(b, {})
        return sum(1 for m, d in left.items() if d > 0 and right.get(m) == d)


def evidence(found: Duplicate, facts: PayFacts) -> PayrollDuplicateEvidence:
    """What agreed, what each record was paid, and when both were paid."""
    a, b = found.staff_ids
    months = facts.both_paid(a, b)
    return {
        "rule": found.rule.name,
        "reason": found.rule.reason,
        "fields": dict(found.fields),
        "records": [facts.record(a), facts.record(b)],
        "months_both_paid": len(months),
        "paid_twice_usd": round(
            sum(min(facts.salaries[a][m], facts.salaries[b][m]) for m in months), 2
        ),
        "months_same_attendance": facts.same_attendance(a, b),
        "note": "one person on the payroll twice is a reason to verify, not a finding of fraud",
    }


def iter_evidence(engine: Engine) -> Iterator[tuple[Duplicate, PayrollDuplicateEvidence]]:
    """Each payroll duplicate with its explained evidence."""
    found = find(engine)
    facts = PayFacts.load(engine, found)
    for duplicate in found:
        yield duplicate, evidence(duplicate, facts)
