"""FTS: the published Afghan exports and API pages import as published, totals checked against
the files read independently; bad rows are refused whole, naming file, record and field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

INCOMING = "fts/fts_incoming_funding_afg.csv"
INTERNAL = "fts/fts_internal_funding_afg.csv"
PLANS = "fts/fts_requirements_funding_afg.csv"
CLUSTERS = "fts/fts_requirements_funding_cluster_afg.csv"
PAGES = (
    "fts/custom-search-locationid-1-year-2020.json",
    "fts/custom-search-locationid-1-year-2020-page-2.json",
    "fts/custom-search-locationid-1-year-2020-page-3.json",
)


@pytest.fixture
def afg(shared_data: Path) -> Path:
    return shared_data / "real" / "afghanistan"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def api_flows(afg: Path) -> list[dict[str, object]]:
    return [f for page in PAGES for f in json.loads((afg / page).read_text())["data"]["flows"]]


def one(ws: Workspace, sql: str, params: tuple[object, ...] = ()) -> object:
    return ws.engine.query(sql, params).to_pylist()[0]["v"]


@pytest.mark.parametrize("name", [INCOMING, INTERNAL])
def test_flow_exports_store_every_flow_and_its_total(
    workspace: Workspace, afg: Path, name: str
) -> None:
    expected = read_csv(afg / name)
    result = import_file(workspace, "fts", afg / name)
    assert result.rows == len(expected)
    assert one(workspace, "SELECT count(*) AS v FROM fts_flows") == len(expected)
    stored = one(workspace, "SELECT sum(amount_usd) AS v FROM fts_flows")
    assert stored == pytest.approx(sum(float(r["amountUSD"]) for r in expected))
    by_status = workspace.engine.query(
        "SELECT status, count(*) AS n FROM fts_flows GROUP BY 1"
    ).to_pylist()
    counted = {s: sum(r["status"] == s for r in expected) for s in ("commitment", "paid")}
    assert {r["status"]: r["n"] for r in by_status} == {k: v for k, v in counted.items() if v}


def test_paid_flows_enter_the_ledger_and_parties_the_organisations(
    workspace: Workspace, afg: Path
) -> None:
    rows = read_csv(afg / INCOMING)
    import_file(workspace, "fts", afg / INCOMING)
    paid = [
        r for r in rows if r["status"] == "paid" and r["srcOrganization"] and r["destOrganization"]
    ]
    assert one(workspace, "SELECT count(*) AS v FROM ledger") == len(paid)
    assert one(workspace, "SELECT sum(amount) AS v FROM ledger") == pytest.approx(
        sum(float(r["amountUSD"]) for r in paid)
    )
    roles = dict(
        (r["org_id"], r["role"])
        for r in workspace.engine.query("SELECT org_id, role FROM organisations").to_pylist()
    )
    assert roles["World Food Programme"] == "un_agency"
    assert roles["Luxembourg, Government of"] == "donor"
    assert roles["Norwegian Refugee Council"] == "partner"


def test_api_pages_carry_the_chain_and_replace_the_csv_flows(
    workspace: Workspace, afg: Path
) -> None:
    flows = api_flows(afg)
    import_file(workspace, "fts", afg / INCOMING)
    import_file(workspace, "fts", afg / INTERNAL)
    for page in PAGES:
        import_file(workspace, "fts", afg / page)
    assert one(workspace, "SELECT count(*) AS v FROM fts_flows") == len({f["id"] for f in flows})
    assert one(workspace, "SELECT sum(amount_usd) AS v FROM fts_flows") == pytest.approx(
        sum(float(str(f["amountUSD"])) for f in flows)
    )
    parent = next(f for f in flows if f["id"] == "208329")
    stored = one(workspace, "SELECT child_flow_ids AS v FROM fts_flows WHERE flow_id = '208329'")
    assert sorted(str(stored).split(",")) == sorted(str(c) for c in parent["childFlowIds"])  # type: ignore[attr-defined]
    children = one(workspace, "SELECT count(*) AS v FROM fts_flows WHERE parent_flow_id = '208329'")
    assert children == sum(1 for f in flows if str(f["parentFlowId"]) == "208329")


CHAIN = "SELECT flow_id, version, plan_clusters, parent_flow_id, child_flow_ids FROM fts_flows"


def test_an_export_imported_after_the_api_pages_keeps_their_chain(
    workspace: Workspace, afg: Path, tmp_path: Path
) -> None:
    flows = api_flows(afg)
    for page in PAGES:
        import_file(workspace, "fts", afg / page)
    before = sorted(workspace.engine.query(CHAIN).to_pylist(), key=lambda r: r["flow_id"])
    import_file(workspace, "fts", afg / INCOMING)
    import_file(workspace, "fts", afg / INTERNAL)
    after = {r["flow_id"]: r for r in workspace.engine.query(CHAIN).to_pylist()}
    assert [after[r["flow_id"]] for r in before] == before
    with_children = [f for f in flows if f.get("childFlowIds")]
    assert one(
        workspace, "SELECT count(*) AS v FROM fts_flows WHERE child_flow_ids IS NOT NULL"
    ) == len(with_children)


def test_requirements_per_plan_and_cluster(workspace: Workspace, afg: Path) -> None:
    for name in (PLANS, CLUSTERS):
        import_file(workspace, "fts", afg / name)
    clusters = read_csv(afg / CLUSTERS)
    stored = one(
        workspace,
        "SELECT sum(requirements_usd) AS v FROM fts_requirements WHERE cluster IS NOT NULL",
    )
    assert stored == pytest.approx(sum(float(r["requirements"] or 0) for r in clusters))
    plan = one(
        workspace,
        "SELECT requirements_usd AS v FROM fts_requirements "
        "WHERE cluster IS NULL AND plan = 'Afghanistan 2020'",
    )
    assert plan == 1131050820


def test_provinces_named_in_descriptions_are_located(workspace: Workspace, afg: Path) -> None:
    import_file(workspace, "fts", afg / INTERNAL)
    located = one(
        workspace, "SELECT province_codes AS v FROM fts_flows WHERE flow_id = '228314'"
    )  # "... in Kapisa, Parwan and Faryab provinces."
    assert located == "AF02,AF03,AF29"


def test_the_same_file_twice_is_skipped(workspace: Workspace, afg: Path) -> None:
    import_file(workspace, "fts", afg / INTERNAL)
    assert import_file(workspace, "fts", afg / INTERNAL).skipped


HEADER = (
    "date,amountUSD,srcOrganization,destOrganization,status,boundary,id,originalAmount,"
    "originalCurrency,exchangeRate,destLocations,description\n"
)
GOOD = "2020-05-01,1000,Donor A,Agency B,paid,incoming,1,,,,AFG,\n"


@pytest.mark.parametrize(
    ("body", "record", "message"),
    [
        (GOOD + "2020-05-02,12x,Donor A,Agency B,paid,incoming,2,,,,AFG,\n", 3, "'amountUSD'"),
        (GOOD + "2020-05-02,5,Donor A,Agency B,maybe,incoming,2,,,,AFG,\n", 3, "'status'"),
        (GOOD + "2020-13-02,5,Donor A,Agency B,paid,incoming,2,,,,AFG,\n", 3, "'date'"),
        (GOOD + "2020-05-02,-5,Donor A,Agency B,paid,incoming,2,,,,AFG,\n", 3, "'amountUSD'"),
        (GOOD + GOOD, 3, "appears twice"),
    ],
)
def test_a_bad_row_fails_the_whole_file(
    workspace: Workspace, tmp_path: Path, body: str, record: int, message: str
) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(HEADER + body)
    with pytest.raises(InputError) as caught:
        import_file(workspace, "fts", path)
    assert caught.value.source == str(path)
    assert caught.value.record == record
    assert message in caught.value.message
    assert one(workspace, "SELECT count(*) AS v FROM fts_flows") == 0
    assert one(workspace, "SELECT count(*) AS v FROM ledger") == 0


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("other.csv", "a,b\n1,2\n", "not an FTS flow or requirements export"),
        ("page.json", '{"data": {}}', "no data.flows"),
        ("page.json", "{not json", "not readable JSON"),
        ("page.json", '{"data": {"flows": [{"id": "9", "status": "paid"}]}}', "'boundary'"),
    ],
)
def test_files_that_are_not_fts_are_refused(
    workspace: Workspace, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        import_file(workspace, "fts", path)


def test_an_export_with_an_hxl_row_imports_the_same(
    workspace: Workspace, afg: Path, tmp_path: Path
) -> None:
    with (afg / INTERNAL).open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    tags = ["#date", "#date+budget", "#description", "#value+funding+total+usd"]
    path = tmp_path / "hdx.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([table[0], tags + [""] * (len(table[0]) - 4), *table[1:]])
    assert import_file(workspace, "fts", path).rows == len(table) - 1
    stored = one(workspace, "SELECT sum(amount_usd) AS v FROM fts_flows")
    assert stored == pytest.approx(sum(float(r[3]) for r in table[1:]))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"data": {"flows": [{"description": "' + "x" * 70_000 + '"}]}}', "input_max_cell_chars"),
    ],
)
@pytest.mark.parametrize("kind", ["fts", "ipc"])
def test_hostile_json_is_an_input_error(
    workspace: Workspace, tmp_path: Path, text: str, message: str, kind: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        import_file(workspace, kind, path)


@pytest.mark.parametrize(
    ("locations", "description", "located"),
    [
        ("AFG", "Cash for food in Ghor Province", ("AF23", "description", None)),
        ('"AFG,Hilmand"', "Cash for food in Ghor Province", ("AF30", "location", None)),
        ('"AFG,Kabul city"', "Cash in Ghor", ("AF23", "description", "Kabul city")),
        ("AFG", "Nationwide coordination", (None, None, None)),
    ],
)
def test_a_flow_is_located_by_its_locations_before_its_text(
    workspace: Workspace,
    tmp_path: Path,
    locations: str,
    description: str,
    located: tuple[str | None, str | None, str | None],
) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(
        HEADER + f"2020-05-01,10,Donor,Agency,paid,incoming,1,,,,{locations},{description}\n"
    )
    import_file(workspace, "fts", path)
    found = workspace.engine.query(
        "SELECT province_codes, located_by, unresolved_places FROM fts_flows"
    ).to_pylist()
    assert [tuple(r.values()) for r in found] == [located]


def test_an_api_location_inside_the_country_is_resolved(
    workspace: Workspace, tmp_path: Path
) -> None:
    locations = [
        {"type": "Location", "id": "1", "name": "Afghanistan"},
        {"type": "Location", "id": "9", "name": "Helmand", "adminLevel": 1},
    ]
    flow = {
        "id": "7", "amountUSD": 5, "status": "paid", "boundary": "incoming",
        "date": "2020-05-01T00:00:00Z", "destinationObjects": locations,
    }  # fmt: skip
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"data": {"flows": [flow]}}))
    import_file(workspace, "fts", path)
    found = workspace.engine.query("SELECT province_codes, located_by FROM fts_flows").to_pylist()
    assert found == [{"province_codes": "AF30", "located_by": "location"}]
