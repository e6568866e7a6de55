"""IATI 2.03 import: every element we read, the cross-publisher links, and hostile or bad files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from benchmarks.hostile.files import write_iati_deep, write_iati_narrative

from aidtrace.errors import InputError
from aidtrace.ingest import get_importer
from aidtrace.ingest.iati import parse_file
from aidtrace.ingest.limits import InputLimits
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iati"


def rows(ws: Workspace, sql: str) -> list[dict[str, object]]:
    result: list[dict[str, object]] = ws.engine.query(sql).to_pylist()
    return result


def test_activities_and_their_parts() -> None:
    parsed = parse_file(FIXTURES / "chain.xml")
    donor, agency = parsed.activities
    assert donor["activity_id"] == "XX-DONOR-1-AFG-2024"
    assert donor["reporting_org_ref"] == "XX-DONOR-1"
    assert donor["reporting_org_name"] == "Example Donor Ministry"
    assert agency["title"] == "Food assistance in Kabul and Herat"  # first narrative
    assert (agency["default_currency"], agency["recipient_countries"]) == ("USD", "AF")
    assert agency["status_code"] == "2"
    roles = {(p["org_ref"], p["role_code"]) for p in parsed.participants}
    assert ("AF-NGO-7", "4") in roles
    assert ("XM-UN-AGENCY", "3") in roles
    partner = next(p for p in parsed.participants if p["org_ref"] == "AF-NGO-7")
    assert (partner["org_type"], partner["org_activity_id"]) == ("21", "AF-NGO-7-P1")
    kabul, herat = parsed.locations
    assert (kabul["admin_code"], kabul["admin_level"], kabul["name"]) == ("AF01", "1", "Kabul")
    assert (kabul["latitude"], kabul["longitude"]) == (34.5553, 69.2075)
    assert herat["latitude"] is None
    assert {(s["vocabulary"], s["code"], s["percentage"]) for s in parsed.sectors} == {
        ("1", "72040", 100.0),
        ("1", "72040", 70.0),
        ("10", "720", 30.0),
    }


def test_transactions() -> None:
    txns = {t["ref"]: t for t in parse_file(FIXTURES / "chain.xml").transactions}
    assert [t["type_code"] for t in txns.values()] == ["2", "3", "1", "3", "4"]
    paid = txns["D-2"]
    assert paid["currency"] == "USD"  # from the activity's default-currency
    assert paid["value_date"] == dt.date(2024, 1, 15)
    assert paid["provider_activity_id"] == "XX-DONOR-1-AFG-2024"
    assert paid["receiver_activity_id"] == "XM-UN-AGENCY-AF-01"
    assert paid["receiver_name"] == "UN Agency"
    assert paid["sector_code"] == "72040"
    assert paid["recipient_country"] == "AF"  # the activity's only recipient country
    onward = txns["U-2"]
    assert (onward["value"], onward["currency"]) == (71_000_000.0, "AFN")
    assert onward["receiver_ref"] == "AF-NGO-7"
    assert txns["U-3"]["receiver_ref"] is None
    assert txns["U-3"]["value"] == 25000.5


def test_import_stores_and_links_across_publishers(workspace: Workspace) -> None:
    result = get_importer("iati").load(workspace, FIXTURES / "chain.xml", no_progress)
    assert result.rows == 2
    linked = rows(
        workspace,
        "SELECT d.ref AS sent, r.ref AS got FROM iati_transactions d "
        "JOIN iati_transactions r ON r.activity_id = d.receiver_activity_id "
        "AND r.provider_activity_id = d.activity_id AND r.type_code = '1' "
        "WHERE d.type_code = '3'",
    )
    assert linked == [{"sent": "D-2", "got": "U-1"}]
    counts = rows(
        workspace,
        "SELECT (SELECT count(*) FROM iati_participants) AS p, "
        "(SELECT count(*) FROM iati_locations) AS l, (SELECT count(*) FROM iati_sectors) AS s",
    )
    assert counts == [{"p": 6, "l": 2, "s": 3}]


def test_reimport_replaces_activities(workspace: Workspace, tmp_path: Path) -> None:
    get_importer("iati").load(workspace, FIXTURES / "chain.xml", no_progress)
    changed = tmp_path / "chain2.xml"
    text = (FIXTURES / "chain.xml").read_text(encoding="utf-8")
    changed.write_text(text.replace(">1500000<", ">1400000<"), encoding="utf-8")
    get_importer("iati").load(workspace, changed, no_progress)
    values = rows(workspace, "SELECT value FROM iati_transactions WHERE ref = 'D-2'")
    assert values == [{"value": 1_400_000.0}]
    assert rows(workspace, "SELECT count(*) AS n FROM iati_activities") == [{"n": 2}]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hostile_entities.xml", "hostile XML refused"),
        ("hostile_external.xml", "hostile XML refused"),
        ("truncated.xml", "malformed XML at line"),
        ("wrong_root.xml", "root element <iati-organisations>"),
        ("bad_value.xml", "activity 2 (XX-BAD-2): transaction 1: <value> 'ten' is not a number"),
    ],
)
def test_bad_files_import_nothing(workspace: Workspace, name: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        get_importer("iati").load(workspace, FIXTURES / name, no_progress)
    assert message in info.value.message
    assert info.value.source == str(FIXTURES / name)
    assert rows(workspace, "SELECT count(*) AS n FROM iati_activities") == [{"n": 0}]
    assert rows(workspace, "SELECT count(*) AS n FROM imports") == [{"n": 0}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<transaction-type code='3'/><value>1</value>", "has no value-date"),
        ("<transaction-type code='3'/>", "missing <value>"),
        ("<value value-date='2024-01-01'>1</value>", "missing <transaction-type code>"),
        (
            "<transaction-type code='3'/><value value-date='2024-13-01'>1</value>",
            "value-date '2024-13-01' is not an ISO date",
        ),
    ],
)
def test_transaction_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "t.xml"
    path.write_text(
        "<iati-activities version='2.03'><iati-activity default-currency='USD'>"
        f"<iati-identifier>A-1</iati-identifier><transaction>{body}</transaction>"
        "</iati-activity></iati-activities>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="activity 1 \\(A-1\\): transaction 1") as info:
        parse_file(path)
    assert message in info.value.message


def test_utf16_file_takes_the_defused_path_and_parses_the_same(tmp_path: Path) -> None:
    text = (FIXTURES / "chain.xml").read_text(encoding="utf-8")
    utf16 = tmp_path / "chain16.xml"
    utf16.write_text(text.replace('encoding="UTF-8"', 'encoding="UTF-16"'), encoding="utf-16")
    assert parse_file(utf16) == parse_file(FIXTURES / "chain.xml")


HOSTILE = {
    "deep nesting": (write_iati_deep, "elements nested more than 64 deep"),
    "long narrative": (
        lambda path: write_iati_narrative(path, chars=100_000),
        "activity 1 (XX-1): a <narrative> is 100,000 characters long, over the limit of "
        "65,536 (input_max_cell_chars in aidtrace.toml)",
    ),
    "huge narrative": (write_iati_narrative, "a text node, attribute list or comment exceeds"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_hostile_activity_refused_on_both_parsers(tmp_path: Path, case: str, encoding: str) -> None:
    write, message = HOSTILE[case]
    path = write(tmp_path / "plain.xml")
    if encoding != "utf-8":  # the defused parser's path
        text = path.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        path.write_text(text, encoding=encoding)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        parse_file(path)
    assert (info.value.source, info.value.record) == (str(path), 1)


def test_narrative_bound_comes_from_the_limits(tmp_path: Path) -> None:
    path = write_iati_narrative(tmp_path / "a.xml", chars=100)
    assert parse_file(path).participants[0]["org_name"] == "a" * 100
    with pytest.raises(InputError, match="100 characters long, over the limit of 99"):
        parse_file(path, InputLimits(cell_chars=99))


def test_text_between_tags_bounded_while_parsing(tmp_path: Path) -> None:
    path = write_iati_narrative(tmp_path / "a.xml", chars=3 << 20)
    with pytest.raises(InputError, match="exceeds 1,048,576 bytes"):
        parse_file(path, InputLimits(cell_chars=4 << 20))
