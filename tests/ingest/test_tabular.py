"""The generic tabular reader: hashtag and mapped columns, typing, errors that point at cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.errors import InputError
from aidtrace.ingest.tabular import Column, FieldType, TableSpec, iter_rows, read_table

SPEC = TableSpec(
    "payments",
    (
        Column("txn_id", "#txn+id"),
        Column("payer", "#org+id+payer"),
        Column("amount", "#value", FieldType.NUMBER, minimum=0),
        Column("unit_price", "#value+unit", FieldType.NUMBER, required=False),
        Column("currency", "#currency", pattern="[A-Z]{3}"),
        Column("date", "#date", FieldType.DATE),
        Column("month", "#date+month", FieldType.MONTH, required=False),
        Column("reached", "#reached", FieldType.BOOLEAN, required=False),
        Column("qty", "#item+quantity", FieldType.INTEGER, required=False),
        Column("purpose", "#sector", required=False, aliases=("#txn+purpose",)),
    ),
)

GOOD = (
    "Amount,Payer org,Txn,Currency,Date,Why,Qty\n"
    "#value,#org +payer +id,#txn+id,#currency,#date,#txn+purpose,#item+quantity\n"
    "100.5,ORG1,T1,USD,2024-01-05,food,3\n"
    "7,ORG2,T2,AFN,2024-02-29,,\n"
)


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_columns_found_by_hashtag_whatever_their_order(tmp_path: Path) -> None:
    rows = list(iter_rows(write(tmp_path, GOOD), SPEC))
    assert rows[0]["txn_id"] == "T1"
    assert rows[0]["payer"] == "ORG1"
    assert rows[0]["amount"] == 100.5
    assert rows[0]["date"] == dt.date(2024, 1, 5)
    assert rows[0]["purpose"] == "food"  # found through its alias
    assert rows[0]["qty"] == 3
    assert rows[1]["purpose"] is None
    assert rows[1]["unit_price"] is None  # absent optional column


def test_mapping_locates_columns_by_header_text(tmp_path: Path) -> None:
    text = "Txn,Payer,Amt,Cur,Day\nT1,O1,5,USD,2024-03-01\n"
    mapping = {"txn_id": "Txn", "payer": "payer", "amount": "Amt", "currency": "Cur", "date": "Day"}
    table = read_table(write(tmp_path, text), SPEC, mapping)
    assert table.column("amount").to_pylist() == [5.0]


def test_exact_hashtag_beats_loose_one(tmp_path: Path) -> None:
    text = (
        "a,b,c,d,e,f\n#value+unit,#value,#txn+id,#org+id+payer,#currency,#date\n"
        "2,10,T,O,USD,2024-01-01\n"
    )
    row = next(iter_rows(write(tmp_path, text), SPEC))
    assert (row["amount"], row["unit_price"]) == (10.0, 2.0)


def test_month_and_boolean(tmp_path: Path) -> None:
    text = (
        "#txn+id,#org+id+payer,#value,#currency,#date,#date+month,#reached\n"
        "T,O,1,USD,2024-01-01,2024-02,1\nU,O,1,USD,2024-01-01,2024-03,no\n"
    )
    rows = list(iter_rows(write(tmp_path, text), SPEC))
    assert [r["month"] for r in rows] == [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
    assert [r["reached"] for r in rows] == [True, False]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("12x,O,T9,USD,2024-01-01,,", "column 'Amount' (#value): '12x' is not a number"),
        ("-4,O,T9,USD,2024-01-01,,", "is below the minimum 0"),
        ("4,O,T9,usd,2024-01-01,,", "'usd' does not match the expected form"),
        ("4,O,T9,USD,2024-13-01,,", "'2024-13-01' is not a date"),
        ("4,,T9,USD,2024-01-01,,", "column 'Payer org' (#org+id+payer): is empty but required"),
        ("4,O,T9,USD,2024-01-01,,2.5", "'2.5' is not a whole number"),
    ],
)
def test_errors_name_file_line_and_column(tmp_path: Path, bad_line: str, message: str) -> None:
    path = write(tmp_path, GOOD + bad_line + "\n")
    with pytest.raises(InputError) as info:
        read_table(path, SPEC)
    assert message in info.value.message
    assert info.value.record == 5  # two header lines, two good rows, then the bad one
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("a,b\n1,2\n", "no HXL hashtag row"),
        ("#txn+id,#value\nT,1\n", "required columns not found: payer (#org+id+payer)"),
    ],
)
def test_file_level_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, text), SPEC)
    assert message in info.value.message


def test_ragged_line_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "1,O,T9,USD,2024-01-01,,,extra,fields\n")
    with pytest.raises(InputError, match="has 9 fields where the header has 7") as info:
        read_table(path, SPEC)
    assert info.value.record == 5


def test_mapping_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "Txn\nT1\n")
    with pytest.raises(InputError, match="unknown fields: nope"):
        read_table(path, SPEC, {"nope": "Txn"})
    with pytest.raises(InputError, match="mapped header 'Payer'"):
        read_table(path, SPEC, {"txn_id": "Txn", "payer": "Payer"})


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "nope.csv", SPEC)
    path = tmp_path / "latin1.csv"
    path.write_bytes("#txn+id\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_table(path, SPEC)


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append([3, "ORG3", "T3", "USD", dt.datetime(2024, 4, 1), None, 2])
    path = tmp_path / "in.xlsx"
    book.save(path)
    rows = list(iter_rows(path, SPEC))
    assert rows[2]["date"] == dt.date(2024, 4, 1)
    assert rows[2]["amount"] == 3.0
    assert rows[2]["qty"] == 2


def test_broken_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="XLSX"):
        read_table(path, SPEC)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=10**9, places=2), min_size=1, max_size=20))
def test_amounts_round_trip(
    tmp_path_factory: pytest.TempPathFactory, amounts: list[object]
) -> None:
    lines = [f"{a},O,T{i},USD,2024-01-01" for i, a in enumerate(amounts)]
    text = "#value,#org+id+payer,#txn+id,#currency,#date\n" + "\n".join(lines) + "\n"
    path = write(tmp_path_factory.mktemp("h"), text)
    got = read_table(path, SPEC).column("amount").to_pylist()
    assert got == [float(str(a)) for a in amounts]


@pytest.mark.parametrize("name", ["x [final].csv", "pay*ments?.csv", "a[1-2].csv", "{a,b}.csv"])
def test_file_names_are_not_glob_patterns(tmp_path: Path, name: str) -> None:
    rows = list(iter_rows(write(tmp_path, GOOD, name), SPEC))
    assert [r["txn_id"] for r in rows] == ["T1", "T2"]


PARTNER = TableSpec(
    "payments",
    (
        Column("txn_id", "#txn+id"),
        Column("amount", "#value", FieldType.NUMBER, minimum=0),
        Column("currency", "#currency", pattern="[A-Z]{3}"),
        Column("date", "#date", FieldType.DATE),
        Column("district_code", "#adm2+code", required=False),
    ),
    key=("txn_id",),
)


def test_check_lists_every_bad_cell_at_once(tmp_path: Path) -> None:
    from aidtrace.ingest.tabular import check_table

    text = (
        "Txn,Amount,Currency,Date\n"
        "T1,12x,USD,2024-01-05\n"
        "T2,5,usd,2024-02-30\n"
        "T3,7,USD,2024-03-01\n"
        "T1,-1,,2024-03-02\n"
    )
    mapping = {"txn_id": "Txn", "amount": "Amount", "currency": "Currency", "date": "Date"}
    checked = check_table(write(tmp_path, text), PARTNER, mapping)
    got = [(p.line, p.column, p.value, p.why) for p in checked.problems]
    assert got == [
        (2, "column 'Amount' (#value)", "12x", "is not a number"),
        (3, "column 'Currency' (#currency)", "usd", "does not match the expected form [A-Z]{3}"),
        (3, "column 'Date' (#date)", "2024-02-30", got[2][3]),
        (5, "column 'Amount' (#value)", "-1", "is below the minimum 0"),
        (5, "column 'Currency' (#currency)", None, "is empty but required"),
        (5, None, None, "duplicate txn_id 'T1' (first on line 2)"),
    ]
    assert got[2][3].startswith("is not a date")
    with pytest.raises(InputError) as info:
        checked.raise_first()
    assert info.value.record == 2


def test_fixed_values_and_partner_dates(tmp_path: Path) -> None:
    from aidtrace.ingest.profiles import Profile

    text = 'Txn,Amount,Date\nT1,"1,250,000.50",Mar/19/2014\nT2,۱۲۰۰,Apr/02/2014\n'
    profile = Profile(
        mapping={"txn_id": "Txn", "amount": "Amount", "date": "Date"}, fixed={"currency": "AFN"}
    )
    rows = read_table(write(tmp_path, text), PARTNER, profile=profile).to_pylist()
    assert [r["amount"] for r in rows] == [1250000.5, 1200.0]
    assert [r["currency"] for r in rows] == ["AFN", "AFN"]
    assert [r["date"] for r in rows] == [dt.date(2014, 3, 19), dt.date(2014, 4, 2)]


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ({"currency": "afn"}, "'afn' does not match the expected form"),
        ({"colour": "red"}, "fixed values for unknown fields: colour"),
        ({"amount": "5", "currency": "AFN"}, "amount has a fixed value but the file also has"),
    ],
)
def test_fixed_values_are_checked(tmp_path: Path, fixed: dict[str, str], message: str) -> None:
    from aidtrace.ingest.profiles import Profile

    text = "Txn,Amount,Date\nT1,5,2014-03-19\n"
    mapping = {"txn_id": "Txn", "amount": "Amount", "date": "Date"}
    with pytest.raises(InputError, match=message):
        read_table(write(tmp_path, text), PARTNER, profile=Profile(mapping=mapping, fixed=fixed))


def test_an_ambiguous_date_column_is_refused_unless_its_order_is_given(tmp_path: Path) -> None:
    from aidtrace.ingest.dates import DateOrder
    from aidtrace.ingest.profiles import Profile

    text = "#txn+id,#value,#currency,#date\nT1,5,USD,03/04/2014\nT2,6,USD,05/06/2014\n"
    path = write(tmp_path, text)
    with pytest.raises(InputError, match="could be day/month or month/day") as info:
        read_table(path, PARTNER)
    assert info.value.record is None  # the whole column, not one row
    table = read_table(path, PARTNER, profile=Profile(date_formats={"date": DateOrder.DMY}))
    assert table.column("date").to_pylist() == [dt.date(2014, 4, 3), dt.date(2014, 6, 5)]


def test_dari_headers_are_recognised(tmp_path: Path) -> None:
    spec = TableSpec(
        "payments",
        (
            Column("amount", "#value", FieldType.NUMBER),
            Column("date", "#date", FieldType.DATE),
            Column("district_code", "#adm2+code"),
        ),
    )
    text = "مبلغ,تاریخ,ولایت,ولسوالی\n۱٬۵۰۰,۱۴۰۲/۱۲/۲۹,هرات,انجیل\n200,1402/01/01,Kabul,Paghman\n"
    rows = read_table(write(tmp_path, text), spec).to_pylist()
    assert rows == [
        {"amount": 1500.0, "date": dt.date(2024, 3, 19), "district_code": "AF3202"},
        {"amount": 200.0, "date": dt.date(2023, 3, 21), "district_code": "AF0102"},
    ]


TWO_DATES = TableSpec(
    "contracts",
    (
        Column("id", "#contract+id"),
        Column("signed", "#date+signed", FieldType.DATE),
        Column("started", "#date+start", FieldType.DATE),
        Column("ended", "#date+end", FieldType.DATE, required=False),
    ),
)


@pytest.mark.parametrize(
    ("signed", "started", "expected"),
    [
        # the signing column shows day first: the start column is read day first too
        (["19/03/2014", "02/04/2014"], ["05/04/2014", "03/05/2014"], [(4, 5), (5, 3)]),
        # month first, shown by the start column, decides the signing column
        (["03/04/2014", "02/04/2014"], ["03/19/2014", "03/05/2014"], [(3, 4), (2, 4)]),
    ],
)
def test_an_undecided_column_takes_the_order_the_file_shows(
    tmp_path: Path, signed: list[str], started: list[str], expected: list[tuple[int, int]]
) -> None:
    body = "".join(f"C{i},{s},{t}\n" for i, (s, t) in enumerate(zip(signed, started, strict=True)))
    path = tmp_path / "c.csv"
    path.write_text("#contract+id,#date+signed,#date+start\n" + body)
    rows = list(iter_rows(path, TWO_DATES))
    undecided = "started" if expected[0] == (4, 5) else "signed"
    assert [(r[undecided].month, r[undecided].day) for r in rows] == expected


@pytest.mark.parametrize(
    "lines",
    [
        ["C1,03/04/2014,05/04/2014,"],  # nothing in the file decides
        # the signing and start columns disagree: the end column is not read either way
        ["C1,19/03/2014,03/19/2014,03/04/2014", "C2,03/04/2014,05/04/2014,05/04/2014"],
    ],
)
def test_an_undecided_file_is_still_asked_for_its_order(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("#contract+id,#date+signed,#date+start,#date+end\n" + "\n".join(lines) + "\n")
    with pytest.raises(InputError, match="no date in the file decides it"):
        read_table(path, TWO_DATES)
