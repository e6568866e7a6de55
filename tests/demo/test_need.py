"""The demo's places and people in need: the gazetteer's districts, the published 2024 caseload
(national and Kabul as published, the rest spread by the documented rule), scaled to the scenario;
and the committed estimate, said so, when the published file is absent."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from tests.conftest import SHARED_DATA
from tests.demo.conftest import read_rows
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.demo import IdField, PlantKind, generate, read_ground_truth
from aidtrace.demo.need import CENTRE_WEIGHT, caseload, estimate, read_published, whole
from aidtrace.errors import InputError
from aidtrace.places import afghanistan

HNO = Path("real") / "afghanistan" / "hno" / "afg_hpc_needs_api_2024.csv"


def _overall(path: Path) -> dict[tuple[str, str], int]:
    """(Admin 1, Admin 2) → people in need of the file's overall rows, read independently."""
    with path.open(encoding="utf-8") as f:
        return {
            (r["Admin 1 PCode"], r["Admin 2 PCode"]): int(r["In Need"])
            for r in csv.DictReader(f)
            if r["Cluster"] == "ALL" and r["Category"] in ("total", "") and r["In Need"]
        }


def test_the_published_figures_survive_the_spreading(shared_data: Path) -> None:
    published = _overall(shared_data / HNO)
    need = caseload(shared_data / HNO)
    assert need.districts.keys() == {d.pcode for d in afghanistan().districts()}
    assert len(need.districts) == 401
    assert sum(need.districts.values()) == published[("", "")] == 23_666_389
    kabul = sum(n for code, n in need.districts.items() if code.startswith("AF01"))
    assert kabul == published[("AF01", "")]
    assert need.districts["AF0101"] == published[("", "AF0101")]
    assert need.targeted_share == pytest.approx(17_327_995 / 23_666_389)
    assert "HNRP 2024" in need.source


def test_the_rest_is_spread_by_the_rule(shared_data: Path) -> None:
    need = caseload(shared_data / HNO).districts
    # Kabul's other fourteen districts share what Kabul district leaves of the province
    others = [n for code, n in need.items() if code.startswith("AF01") and code != "AF0101"]
    assert max(others) - min(others) <= 1
    assert sum(others) == 3_393_245 - 2_293_151
    # elsewhere the centre counts four times any other district of its province
    assert need["AF3201"] == pytest.approx(CENTRE_WEIGHT * need["AF3202"], abs=CENTRE_WEIGHT)
    # and provinces share the rest of the nation as the committed estimate weighs them
    hirat = sum(n for code, n in need.items() if code.startswith("AF32"))
    nimroz = sum(n for code, n in need.items() if code.startswith("AF34"))
    assert hirat / nimroz == pytest.approx(estimate()["AF32"] / estimate()["AF34"], rel=1e-4)


def test_without_the_file_the_estimate_stands_in_and_says_so(tmp_path: Path) -> None:
    need = caseload(tmp_path)
    assert sum(need.districts.values()) == round(sum(estimate().values()))
    assert need.districts["AF0101"] != 2_293_151
    assert "not found" in need.source
    assert str(tmp_path) in need.source


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["AF99,,ALL,total,5"], "'AF99' is not an Afghan P-code"),
        (["AF01,,ALL,total,many"], "'many' is not a count"),
        (["AF01,,ALL,total,5"], "no national row"),
    ],
)
def test_a_broken_caseload_file_is_refused(tmp_path: Path, rows: list[str], message: str) -> None:
    path = tmp_path / "hno.csv"
    header = "Admin 1 PCode,Admin 2 PCode,Cluster,Category,In Need"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_published(path)
    assert caught.value.source == str(path)


@pytest.mark.parametrize(
    "shares", [{"a": 1.5, "b": 1.5, "c": 1.0}, {"a": 0.2, "b": 0.3, "c": 0.5}, {"a": 7.0}]
)
def test_whole_people_keep_the_total(shares: dict[str, float]) -> None:
    rounded = whole(shares)
    assert sum(rounded.values()) == round(sum(shares.values()))
    assert all(abs(rounded[k] - v) < 1 for k, v in shares.items())


@pytest.fixture(scope="module")
def published_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = SHARED_DATA / "real" / "afghanistan"
    return generate(tmp_path_factory.mktemp("hno"), seed=5, scale="5k", need_data=data).out_dir


def test_the_scenario_lies_in_the_gazetteers_districts(published_world: Path) -> None:
    geography = read_rows(published_world / "geography.csv")
    gazetteer = afghanistan()
    assert [r["district_code"] for r in geography] == [d.pcode for d in gazetteer.districts()]
    for r in geography:
        assert r["district"] == gazetteer.places[r["district_code"]].name
        assert r["province"] == gazetteer.places[r["province_code"]].name
        assert int(r["population"]) >= int(r["people_in_need"]) >= 1
    served = {r["district_code"] for r in read_rows(published_world / "distributions.csv")}
    assert served <= {r["district_code"] for r in geography}


@pytest.mark.parametrize("seed", [4, 9, 10, 11, 12])  # tuning seeds that drew Kabul district
def test_an_outsized_district_is_left_to_operations_of_its_own(tmp_path: Path, seed: int) -> None:
    data = SHARED_DATA / "real" / "afghanistan"
    out = generate(tmp_path, seed=seed, scale="3000", need_data=data).out_dir
    homes = Counter(r["district_code"] for r in read_rows(out / "distributions.csv"))
    assert "AF0101" not in homes
    assert max(homes.values()) < 0.4 * sum(homes.values())  # no district takes most of the aid


def test_need_is_scaled_to_the_scenario(published_world: Path) -> None:
    geography = {r["district_code"]: r for r in read_rows(published_world / "geography.csv")}
    need = {code: int(r["people_in_need"]) for code, r in geography.items()}
    served = {r["district_code"] for r in read_rows(published_world / "distributions.csv")}
    # one factor for the country: the served districts' need is the beneficiaries over the
    # share of need the 2024 plan targeted (planted ghosts and duplicates come on top)
    served_need = sum(need[c] for c in served)
    assert served_need == pytest.approx(5_000 / (17_327_995 / 23_666_389), rel=0.01)
    assert need["AF0101"] / need["AF0102"] == pytest.approx(2_293_151 / 78_579, rel=0.02)


def test_the_plan_is_on_the_scenarios_money(published_world: Path) -> None:
    geography = read_rows(published_world / "geography.csv")
    planned = {r["district_code"]: float(r["planned_usd"]) for r in geography if r["planned_usd"]}
    delivered: dict[str, float] = defaultdict(float)
    for r in read_rows(published_world / "distributions.csv"):
        delivered[r["district_code"]] += float(r["value_usd"]) if r["reached"] == "1" else 0.0
    assert planned.keys() == delivered.keys()  # a plan where the operation works, only there
    truth = read_ground_truth(published_world / "ground_truth.json")
    bent = {
        code
        for kind in (PlantKind.DELIVERY_SKEW, PlantKind.LEAKAGE)
        for code in truth.ids(kind, IdField.DISTRICT)
    }
    shares = sorted(delivered[c] / planned[c] for c in planned if c not in bent)
    assert 0.8 < shares[len(shares) // 2] < 1.25  # the median district delivers its plan
    assert all(0.6 < s < 1.8 for s in shares)
    for plant in truth.of_kind(PlantKind.DELIVERY_SKEW):
        (code,) = plant.ids[IdField.DISTRICT]
        share = delivered[code] / planned[code]
        assert share > 2 if plant.detail["direction"] == "favoured" else share < 0.5


def test_the_demo_says_where_need_comes_from(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["demo", "generate", str(out), "--scale", "1k"],
        env={"AIDTRACE_REAL_DATA": str(tmp_path / "nowhere"), "COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "People in need: committed estimate" in said
    assert "HNRP 2024 caseload was not found" in said
