"""Payroll duplicates: planted second entries are found and explained; namesakes are not."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.integrity.monitor import PayrollDuplicatesMonitor
from aidtrace.integrity.payroll_duplicates import rule_for
from aidtrace.integrity.tokenshape import tokens_of_rows
from aidtrace.monitors import MissingInput, RunContext, all_monitors
from aidtrace.workspace import Workspace

from .conftest import KEY

COLUMNS = ("staff_id", "org_id", "given_name", "father_name", "phone", "tazkira", "birth_year")
STAFF = [
    # A second entry under another romanisation, the same tazkira, a new phone.
    ("S000001", "SUB-01", "Mohammad", "Karim", "0700111222", "1401-1234-5678", "1990"),
    ("S000002", "SUB-01", "Muhammad", "Kareem", "0788555444", "1401-1234-5678", "1990"),
    # On another employer's payroll: the tazkira left off, the phone kept, the year a year off.
    ("S000003", "SUB-02", "Ahmad", "Nazir", "0799000111", "1402-2222-3333", "1985"),
    ("S000004", "SUB-03", "Ahmed", "Nazeer", "0799000111", "", "1986"),
    # Namesakes of the first person: same names, even the same year, but their own numbers.
    ("S000005", "SUB-02", "Mohammad", "Karim", "0700333444", "1403-9999-0000", "1990"),
    ("S000006", "SUB-03", "Mohammad", "Karim", "0700666777", "1404-1111-2222", "1975"),
    # Brothers sharing a phone: the father's name and phone agree, the given names do not.
    ("S000007", "SUB-01", "Zahir", "Hamid", "0700999888", "1405-4444-5555", "1980"),
    ("S000008", "SUB-01", "Bashir", "Hamid", "0700999888", "1405-6666-7777", "1983"),
    # A placeholder tazkira typed for several different people.
    *[
        (f"S00001{i}", "SUB-04", given, "Rahim", f"07001000{i}0", "0000000000", "1970")
        for i, given in enumerate(("Wahid", "Qasim", "Hamid", "Javed"))
    ],
]
PLANTED = {("staff:S000001", "staff:S000002"), ("staff:S000003", "staff:S000004")}


def staff_rows() -> list[dict[str, object]]:
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in STAFF]
    for row in rows:
        row |= {"position": "enumerator", "district_code": "AF0101", "hired_on": "2022-03-01"}
    return rows


def _load(workspace: Workspace) -> None:
    engine = workspace.engine
    engine.write("person_tokens", tokens_of_rows(staff_rows(), KEY, kind="staff"))
    for staff_id, org, *_ in STAFF[:4]:
        engine.execute(
            "INSERT INTO people (person_id, kind, record_id, org_id, position, "
            "monthly_salary_usd, import_id) VALUES (?, 'staff', ?, ?, 'enumerator', 300, 'i')",
            (f"staff:{staff_id}", staff_id, org),
        )
    months = (date(2024, 1, 25), date(2024, 2, 25), date(2024, 3, 25))
    paid = [("S000001", m) for m in months] + [("S000002", m) for m in months[1:]]
    for n, (staff_id, day) in enumerate(paid):
        engine.execute(
            "INSERT INTO ledger (txn_id, date, payer_org_id, payee_person_id, amount, currency, "
            "purpose, import_id) VALUES (?, ?, 'SUB-01', ?, 300, 'USD', 'salary', 'i')",
            (f"T{n:08d}", day, staff_id),
        )
        engine.execute(
            "INSERT INTO attendance VALUES (?, ?, 22, 'i')", (staff_id, day.replace(day=1))
        )


def test_the_monitor_is_registered() -> None:
    assert "integrity.payroll_duplicates" in all_monitors()


def test_without_staff_the_monitor_skips(workspace: Workspace) -> None:
    with pytest.raises(MissingInput):
        list(PayrollDuplicatesMonitor().run(RunContext(workspace)))


def test_planted_duplicates_are_found_and_namesakes_are_not(workspace: Workspace) -> None:
    _load(workspace)
    alerts = list(PayrollDuplicatesMonitor().run(RunContext(workspace)))
    found = {tuple(a.subject.removeprefix("pair:").split("|")) for a in alerts}
    assert found == PLANTED
    assert {a.kind for a in alerts} == {"payroll_duplicate"}


def test_each_alert_says_what_agreed_and_what_was_paid(workspace: Workspace) -> None:
    _load(workspace)
    alerts = {a.subject: a for a in PayrollDuplicatesMonitor().run(RunContext(workspace))}
    same_id = alerts["pair:staff:S000001|staff:S000002"]
    ev = same_id.evidence
    assert ev["rule"] == "same_tazkira_same_name"
    assert ev["fields"] == {
        "given_name": "romanisation variant",
        "father_name": "romanisation variant",
        "birth_year": "exact",
        "tazkira": "exact",
        "phone": "different",
        "district": "same",
        "employer": "same",
    }
    records = ev["records"]
    assert [r["salary_payments"] for r in records] == [3, 2]  # type: ignore[attr-defined]
    assert records[0]["employer"] == "SUB-01"  # type: ignore[index]
    assert ev["months_both_paid"] == 2
    assert ev["paid_twice_usd"] == 600.0
    assert ev["months_same_attendance"] == 2
    assert "both paid in 2 months" in same_id.summary
    other = alerts["pair:staff:S000003|staff:S000004"].evidence
    assert other["rule"] == "same_phone_name_and_birth_year"
    assert other["fields"]["employer"] == "different"  # type: ignore[index]
    assert other["fields"]["birth_year"] == "within one year"  # type: ignore[index]
    assert other["months_both_paid"] == 0


NAMES = {"given_name": "exact", "father_name": "romanisation variant"}
NOTHING = {"birth_year": "not recorded", "tazkira": "not recorded", "phone": "not recorded"}


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({**NAMES, **NOTHING, "tazkira": "exact"}, "same_tazkira_same_name"),
        ({**NAMES, **NOTHING, "phone": "exact"}, "same_phone_name_and_birth_year"),
        ({**NAMES, **NOTHING, "phone": "exact", "birth_year": "different"}, None),
        ({**NAMES, **NOTHING, "phone": "exact", "tazkira": "different"}, None),
        (
            {**NAMES, "phone": "exact", "tazkira": "different", "birth_year": "exact"},
            "same_phone_name_two_tazkiras",
        ),
        (
            {**NAMES, **NOTHING, "tazkira": "one half of the tazkira", "birth_year": "exact"},
            "same_name_half_tazkira",
        ),
        ({**NAMES, "birth_year": "exact", "tazkira": "different", "phone": "different"}, None),
        ({**NAMES, **NOTHING}, None),
        ({**NOTHING, "given_name": "different", "father_name": "exact", "phone": "exact"}, None),
        (
            {**NOTHING, "given_name": "different", "father_name": "exact", "tazkira": "exact"},
            "same_tazkira_other_name",
        ),
    ],
)
def test_rules(fields: dict[str, str], rule: str | None) -> None:
    found = rule_for(fields)
    assert (found.name if found else None) == rule
