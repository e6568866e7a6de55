"""The beneficiary and staff importers: sealed fields, tokens, clear errors, screening hook."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook  # type: ignore[import-untyped]

from aidtrace.errors import InputError
from aidtrace.ingest import get_importer
from aidtrace.people.access import reveal
from aidtrace.people.importer import NameRecord, PeopleImporter, ScreeningHit
from aidtrace.people.tokens import TOKEN_COLUMNS
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

from .sample import (
    BENEFICIARY_COLUMNS,
    STAFF_COLUMNS,
    beneficiary_rows,
    staff_rows,
    write_csv,
)


def _count(ws: Workspace, table: str) -> int:
    return int(ws.engine.query(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py())


def test_import_writes_public_sealed_and_token_rows(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, beneficiary_rows(50))
    result = get_importer("beneficiaries").load(workspace, path, no_progress)
    assert result.rows == 50
    assert _count(workspace, "people") == 50
    assert _count(workspace, "person_tokens") == 50
    # given, father, grandfather, family, name_fa, phone, tazkira, village + one birth year
    assert _count(workspace, "person_fields") == 50 * 9
    shown = reveal(workspace, "beneficiary:M000003", actor="t", reason="unit test check")
    assert shown["given_name"] == "Abdul Qadir"
    assert shown["birth_year_sh"] == 1343
    assert "birth_year" not in shown
    again = get_importer("beneficiaries").load(workspace, path, no_progress)
    assert again.skipped


def test_token_table_serves_the_linkage_contract(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", STAFF_COLUMNS, staff_rows(5))
    get_importer("staff").load(workspace, path, no_progress)
    table = workspace.engine.query("SELECT * FROM person_tokens")
    assert table.column_names == list(TOKEN_COLUMNS)
    linkage = pytest.importorskip("aidtrace.integrity.tokenshape")
    assert set(linkage.TOKEN_COLUMNS) <= set(table.column_names)
    row = table.to_pylist()[0]
    assert row["list_id"] == "payroll:ORG-NGO1"
    assert row["family_tok"] is None  # not recorded -> NULL, never the token of ''


def test_reimport_of_a_changed_list_replaces_the_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = beneficiary_rows(3)
    get_importer("beneficiaries").load(
        workspace, write_csv(tmp_path / "a.csv", BENEFICIARY_COLUMNS, rows), no_progress
    )
    rows[0]["village"] = ""
    rows[0]["given_name"] = "Shabnam"
    get_importer("beneficiaries").load(
        workspace, write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, rows), no_progress
    )
    shown = reveal(workspace, "beneficiary:M000000", actor="t", reason="unit test check")
    assert shown["given_name"] == "Shabnam"
    assert "village" not in shown
    assert _count(workspace, "people") == 3


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("birth_year", "19x0", r"record 5: column 'birth_year' \(#beneficiary\+birth\+year\)"),
        ("given_name", "", "record 5: column 'given_name'.*empty but required"),
        ("household_size", "0", "record 5: .*below the minimum"),
        ("phone", "call me", "record 5: column 'phone'"),
        ("registered_on", "2025-02-30", "record 5: .*a date"),
        ("registered_on", "01/03/2025", "could be day/month or month/day"),
        ("member_id", "M000000", "duplicate member_id"),
    ],
)
def test_bad_rows_name_file_line_and_column_and_import_nothing(
    workspace: Workspace, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = beneficiary_rows(6)
    rows[2][column] = value
    path = write_csv(tmp_path / "bad.csv", BENEFICIARY_COLUMNS, rows)
    with pytest.raises(InputError, match=message) as caught:
        get_importer("beneficiaries").load(workspace, path, no_progress)
    assert str(path) in str(caught.value)
    assert _count(workspace, "people") == 0
    assert _count(workspace, "privacy_keys") == 0


def test_column_mapping_instead_of_hashtags(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("ID,First,Phone\nS1,Karim,0700111222\n", encoding="utf-8")
    importer = get_importer("staff")
    assert isinstance(importer, PeopleImporter)
    mapping = {"staff_id": "ID", "given_name": "First", "phone": "Phone"}
    importer.load(workspace, path, no_progress, mapping=mapping)
    assert reveal(workspace, "staff:S1", actor="t", reason="unit test check")["phone"] == (
        "0700111222"
    )


def test_xlsx_file(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([c for c, _ in STAFF_COLUMNS])
    sheet.append([h for _, h in STAFF_COLUMNS])
    for row in staff_rows(3):
        sheet.append([row[c] for c, _ in STAFF_COLUMNS])
    book.save(tmp_path / "staff.xlsx")
    assert get_importer("staff").load(workspace, tmp_path / "staff.xlsx", no_progress).rows == 3


def test_screening_hook_sees_plaintext_and_its_hits_become_alerts(
    workspace: Workspace, tmp_path: Path
) -> None:
    seen: list[NameRecord] = []

    def screen(records: Sequence[NameRecord]) -> list[ScreeningHit]:
        seen.extend(records)
        return [
            ScreeningHit(r.person_id, "UN-TAi.001", 0.93, {"name": 0.93, "dob": 1.0})
            for r in records
            if r.given_name == "Nasrullah"
        ]

    importer = get_importer("beneficiaries")
    assert isinstance(importer, PeopleImporter)
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, beneficiary_rows(14))
    importer.with_screening(screen).load(workspace, path, no_progress)
    assert len(seen) == 14
    assert seen[5].name_fa == "نصرالله"
    alerts = workspace.engine.query("SELECT subject, summary, evidence FROM alerts").to_pylist()
    assert sorted(a["subject"] for a in alerts) == ["beneficiary:M000005", "beneficiary:M000012"]
    assert not any("Nasrullah" in str(a) for a in alerts)


NAME_TEXT = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCZ -'.,\"ـابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۍې"
    ),
    min_size=1,
    max_size=30,
).map(str.strip)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(NAME_TEXT.filter(bool), min_size=1, max_size=20))
def test_any_name_round_trips_through_sealing(tmp_path: Path, names: list[str]) -> None:
    rows = beneficiary_rows(len(names))
    for row, name in zip(rows, names, strict=True):
        row["given_name"] = name
        row["name_fa"] = name[::-1]
    with Workspace.create(
        tmp_path / uuid.uuid4().hex, key_file=tmp_path / f"{uuid.uuid4().hex}.key"
    ) as ws:
        path = write_csv(tmp_path / f"{uuid.uuid4().hex}.csv", BENEFICIARY_COLUMNS, rows)
        get_importer("beneficiaries").load(ws, path, no_progress)
        for row in rows:
            shown = reveal(ws, f"beneficiary:{row['member_id']}", actor="t", reason="property test")
            assert (shown["given_name"], shown["name_fa"]) == (row["given_name"], row["name_fa"])


def test_a_list_with_dari_headers_imports(workspace: Workspace, tmp_path: Path) -> None:
    from aidtrace.ingest.imports import import_file

    path = tmp_path / "لیست.csv"
    path.write_text(
        "آی دی,نام,نام پدر,ولایت,ولسوالی,شماره تذکره,تاریخ\n"
        "M1,احمد,محمود,هرات,انجیل,1400-0101-00001,۱۴۰۲/۱۲/۲۹\n"
        "M2,Karim,Rahim,Faryab,Kohistan,1400-0101-00002,1402/01/01\n",
        encoding="utf-8",
    )
    result = import_file(workspace, "beneficiaries", path)
    assert result.rows == 2
    rows = workspace.engine.query(
        "SELECT record_id, district_code FROM people ORDER BY record_id"
    ).to_pylist()
    assert rows == [
        {"record_id": "M1", "district_code": "AF3202"},
        {"record_id": "M2", "district_code": "AF2910"},
    ]
