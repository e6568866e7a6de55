"""The money-trail importers: every kind loads, merges as documented, and fails atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest import get_importer
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

FILES = {
    "organisations": (
        "org_id,name,role,parent\n#org+id,#org+name,#org+type,#org+id+parent\n"
        "D1,Donor,donor,\nA1,Agency,un_agency,\nV1,Vendor,vendor,A1\n"
    ),
    "ledger": (
        "txn_id,date,payer,payee,amount,currency,purpose,invoice,item,qty,unit\n"
        "#txn+id,#date,#org+id+payer,#org+id+payee,#value,#currency,#txn+purpose,"
        "#txn+invoice,#item+name,#item+quantity,#value+unit\n"
        "T1,2024-01-02,D1,A1,100000,USD,grant,,,,\n"
        "T2,2024-01-09,A1,V1,71000,AFN,food,INV-1,wheat,100,710\n"
    ),
    "distributions": (
        "#activity+id,#date,#org+id,#household+id,#adm2+code,#value,#reached\n"
        "X1,2024-01-20,A1,H1,AF0101,50,1\nX2,2024-01-20,A1,H2,AF0101,50,0\n"
    ),
    "needs": (
        "#adm1+code,#adm2+code,#adm2+name,#population,#severity+ipc,#inneed,#value+planned\n"
        "AF01,AF0101,Kabul,5000,3,2000,100000\n"
    ),
    "prices": "#adm1+code,#date+month,#item+name,#item+unit,#value+afn\nAF01,2024-01,wheat,kg,35\n",
    "fx": "#date,#currency,#value+usd\n2024-01-01,AFN,0.0142\n",
    "attendance": "#staff+id,#date+month,#indicator+days\nS1,2024-01,22\n",
}

TABLES = {
    "organisations": ("organisations", 3),
    "ledger": ("ledger", 2),
    "distributions": ("distributions", 2),
    "needs": ("needs", 1),
    "prices": ("market_prices", 1),
    "fx": ("fx_rates", 1),
    "attendance": ("attendance", 1),
}


def put(tmp_path: Path, kind: str, text: str) -> Path:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def count(ws: Workspace, table: str) -> int:
    return int(ws.engine.query(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py())


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_kind_imports_and_is_journaled(
    workspace: Workspace, tmp_path: Path, kind: str
) -> None:
    result = get_importer(kind).load(workspace, put(tmp_path, kind, FILES[kind]), no_progress)
    table, rows = TABLES[kind]
    assert result.rows == rows
    assert count(workspace, table) == rows
    journal = workspace.engine.query("SELECT kind, rows FROM imports").to_pylist()
    assert journal == [{"kind": kind, "rows": rows}]


def test_typed_values_land_in_the_store(workspace: Workspace, tmp_path: Path) -> None:
    get_importer("ledger").load(workspace, put(tmp_path, "ledger", FILES["ledger"]), no_progress)
    row = workspace.engine.query("SELECT * FROM ledger WHERE txn_id = 'T2'").to_pylist()[0]
    assert row["date"] == dt.date(2024, 1, 9)
    assert (row["amount"], row["unit_price"], row["quantity"]) == (71000.0, 710.0, 100.0)
    assert row["purpose"] == "food"


def test_same_file_twice_is_skipped(workspace: Workspace, tmp_path: Path) -> None:
    path = put(tmp_path, "ledger", FILES["ledger"])
    get_importer("ledger").load(workspace, path, no_progress)
    again = get_importer("ledger").load(workspace, path, no_progress)
    assert again.skipped
    assert count(workspace, "ledger") == 2


def test_event_tables_refuse_a_stored_key(workspace: Workspace, tmp_path: Path) -> None:
    get_importer("ledger").load(workspace, put(tmp_path, "ledger", FILES["ledger"]), no_progress)
    other = put(tmp_path, "ledger2", FILES["ledger"] + "T3,2024-02-01,D1,A1,5,USD,,,,,\n")
    with pytest.raises(InputError, match="txn_id 'T1' is already in the workspace"):
        get_importer("ledger").load(workspace, other, no_progress)
    assert count(workspace, "ledger") == 2  # nothing of the second file landed
    assert count(workspace, "imports") == 1


def test_reference_tables_replace_by_key(workspace: Workspace, tmp_path: Path) -> None:
    imp = get_importer("needs")
    imp.load(workspace, put(tmp_path, "needs", FILES["needs"]), no_progress)
    corrected = FILES["needs"].replace("2000,100000", "2500,90000")
    imp.load(workspace, put(tmp_path, "needs2", corrected), no_progress)
    rows = workspace.engine.query("SELECT people_in_need FROM needs").to_pylist()
    assert rows == [{"people_in_need": 2500}]


def test_bad_row_imports_nothing(workspace: Workspace, tmp_path: Path) -> None:
    bad = FILES["ledger"] + "T3,2024-02-30,D1,A1,5,USD,,,,,\n"
    with pytest.raises(InputError) as info:
        get_importer("ledger").load(workspace, put(tmp_path, "ledger", bad), no_progress)
    assert info.value.record == 5
    assert "'2024-02-30' is not a date" in info.value.message
    assert count(workspace, "ledger") == 0
    assert count(workspace, "imports") == 0


def test_duplicate_key_within_file(workspace: Workspace, tmp_path: Path) -> None:
    bad = FILES["ledger"] + "T1,2024-02-01,D1,A1,5,USD,,,,,\n"
    with pytest.raises(InputError, match="duplicate txn_id 'T1' \\(first on line 3\\)") as info:
        get_importer("ledger").load(workspace, put(tmp_path, "ledger", bad), no_progress)
    assert info.value.record == 5


def test_unknown_role_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    bad = FILES["organisations"] + "X1,Militia,checkpoint,\n"
    with pytest.raises(InputError, match="'checkpoint' does not match"):
        get_importer("organisations").load(workspace, put(tmp_path, "o", bad), no_progress)


def test_column_mapping_without_hashtags(workspace: Workspace, tmp_path: Path) -> None:
    from aidtrace.ingest.finance import IMPORTERS

    fx = next(i for i in IMPORTERS if i.name == "fx")
    path = put(tmp_path, "fx", "Day,Cur,Rate\n2024-01-01,EUR,1.1\n")
    fx.load(workspace, path, no_progress, {"date": "Day", "currency": "Cur", "usd_rate": "Rate"})
    assert count(workspace, "fx_rates") == 1
