"""The dashboard: panels from whatever data exists, the province map, the cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Alert
from aidtrace.alerts.store import save_alerts
from aidtrace.report.palette import BLACK, WHITE
from aidtrace.web import create_app
from aidtrace.web.charts import province_map
from aidtrace.web.dashboard import Dashboard, province_grid
from aidtrace.web.flowpanels import leaked_in_week
from aidtrace.web.i18n import translations
from aidtrace.web.provinces import find_province
from aidtrace.web.routes.dashboard import chart_specs
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import FakeClock, sign_in
from .test_i18n_pages import english_left

Login = Callable[[TestClient, Role], str]


def test_the_map_draws_every_province_on_its_outline_with_its_full_name() -> None:
    figures = province_grid({"AF12": 900.0, "AF13": 10.0}, {"AF12": 100.0, "AF13": 100.0})
    spec = province_map(figures, href="/alerts?q={code}")
    shapes, coloured, dark, light = (layer["data"]["values"] for layer in spec["layer"])
    labels = [*dark, *light]
    assert len(shapes) == 34
    assert {s["properties"]["code"] for s in coloured} == {"AF12", "AF13"}
    assert {s["properties"]["code"] for s in shapes} == {f"AF{i:02d}" for i in range(1, 35)}
    assert all(len(s["geometry"]["coordinates"][0][0]) >= 4 for s in shapes)
    names = {label["name"] for label in labels}
    assert {"Paktika", "Paktya", "Badakhshan", "Sar-e-Pul"} <= names  # not "Pakt" twice
    ink = {label["name"]: label["ink"] for label in labels}
    assert ink["Paktika"] == WHITE  # the darkest fill: light text
    assert ink["Paktya"] == BLACK
    assert ink["Kabul"] == BLACK  # no data: a light grey fill
    assert [layer["mark"]["fill"] for layer in spec["layer"][2:]] == [BLACK, WHITE]
    kabul = next(s for s in shapes if s["properties"]["code"] == "AF01")
    assert kabul["properties"]["href"] == "/alerts?q=AF01"


@pytest.mark.parametrize(
    ("name", "lon", "lat"),
    [("Kabul", 69.2, 34.5), ("Hirat", 62.2, 34.3), ("Badakhshan", 71.0, 37.0),
     ("Kandahar", 65.7, 31.0), ("Nimroz", 62.3, 30.8)],
)  # fmt: skip
def test_each_label_sits_where_the_province_lies(name: str, lon: float, lat: float) -> None:
    province = find_province(None, name)
    assert province is not None
    assert abs(province.label[0] - lon) < 1.0
    assert abs(province.label[1] - lat) < 1.0


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("AF01", None, "Kabul"),
        ("af32", None, "Hirat"),
        (None, "Herat", "Hirat"),
        (None, "Helmand", "Hilmand"),
        (None, "Sar-e Pol", "Sar-e-Pul"),
        ("AF99", "Paktia", "Paktya"),
    ],
)
def test_find_province_by_code_or_usual_spelling(
    code: str | None, name: str | None, expected: str
) -> None:
    province = find_province(code, name)
    assert province is not None
    assert province.name == expected


def test_unknown_provinces_are_left_out() -> None:
    assert find_province("XX01", "Atlantis") is None
    grid = province_grid({"AF01": 1000.0, "Atlantis": 5.0}, {"Kabul": 200.0})
    kabul = next(f for f in grid if f.code == "AF01")
    assert kabul.coverage == 5.0
    assert all(f.coverage is None for f in grid if f.code != "AF01")


def test_dashboard_shows_what_exists(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.DONOR_VIEWER)
    panels = seeded_client.get("/api/dashboard").json()["panels"]
    assert panels["alerts_by_kind"]["sanctions_match"] >= 5
    assert panels["money_week"] is None  # no ledger imported in this workspace
    page = seeded_client.get("/")
    spec = page.text.split('id="spec-provinces">')[1].split("</script>")[0]
    assert len(json.loads(spec)["layer"][0]["data"]["values"]) == 34
    assert "vendor:V-0042" not in page.text  # aggregates only, no subject named


def test_dashboard_follows_new_alerts(
    seeded_client: TestClient, login: Login, seeded_path: Path
) -> None:
    login(seeded_client, Role.ANALYST)
    before = seeded_client.get("/api/dashboard").json()["panels"]["alerts_by_kind"]
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    with desk.workspace() as ws:
        assert isinstance(ws, Workspace)
        save_alerts(ws, [Alert("flows", "1", "round_amount", "txn:T-1", 0.7, "round sum")], "r2")
    after = seeded_client.get("/api/dashboard").json()["panels"]["alerts_by_kind"]
    assert after.get("round_amount") == 1
    assert before.get("round_amount") is None


def _flow_alert(subject: str, evidence: dict[str, object]) -> Alert:
    return Alert("flows", "1", "round_amount", subject, 0.7, "round sum", evidence=evidence)


def test_the_alert_timeline_runs_over_the_weeks_the_money_moved(
    desk_path: Path, clock: FakeClock
) -> None:
    """Alerts raised today about payments of 2024 sit on 2024's weeks, whatever the clock."""
    with Workspace.open(desk_path, clock=clock) as ws:
        ws.engine.execute(
            "INSERT INTO ledger (txn_id, date, week, payer_org_id, amount, currency, import_id) "
            "VALUES ('T1', DATE '2024-02-14', '2024-W07', 'ORG', 100, 'USD', 'x'), "
            "('T2', DATE '2024-03-01', '2024-W09', 'ORG', 100, 'USD', 'x')"
        )
        save_alerts(ws, [
            _flow_alert("txn:T1", {"txn_ids": ["T2", "T1"]}),  # the earliest payment counts
            _flow_alert("txn:T3", {"week_start": "2024-01-31"}),
            _flow_alert("txn:T4", {"weeks": ["2024-03-04", "2024-03-11"]}),
            Alert("integrity", "1", "duplicate_person", "cluster:B1", 0.9, "twice"),
        ], "run")  # fmt: skip
    app = create_app(desk_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, Role.ANALYST)
        panels = client.get("/api/dashboard").json()["panels"]
        assert [(r["week"], r["alerts"]) for r in panels["alert_trend"]] == [
            ("2024-01-29", 1), ("2024-02-12", 1), ("2024-03-04", 1)
        ]  # fmt: skip
        assert panels["alerts_without_week"] == 1
        page = client.get("/").text
        assert 'data-testid="undated"' in page
        spec = json.loads(page.split('id="spec-alerts-trend">')[1].split("</script>")[0])
        for datum in spec["data"]["values"]:
            queue = client.get(str(datum["href"]).replace("/alerts", "/api/alerts", 1)).json()
            assert queue["total"] == datum["alerts"], datum
        # any day of the week finds that week's alerts
        assert client.get("/api/alerts?data_week=2024-02-15").json()["total"] == 1


def test_a_weeks_gap_is_split_into_leaked_and_not_yet_reported(
    demo_client: TestClient, desk_path: Path, clock: FakeClock
) -> None:
    sign_in(demo_client, Role.ANALYST)
    week = demo_client.get("/api/dashboard").json()["panels"]["money_week"]
    gap = max(week["leakage_usd"], 0.0)
    assert week["leaked_usd"] + week["unreported_usd"] == pytest.approx(gap, abs=0.02)
    assert 0.0 <= week["leaked_usd"] <= gap
    page = demo_client.get("/").text
    assert "Leaked this week, as alerts find it" in page
    assert 'data-testid="no-report-week"' in page
    assert "Not explained by hand-overs" not in page  # it read as a loss
    with Workspace.open(desk_path, clock=clock) as ws:
        save_alerts(ws, [
            Alert("flows", "1", "leakage", "partner:SUB-1", 0.9, "short",
                  evidence={"missing_usd": 100.0, "weeks": ["2024-02-12", "2024-02-19"]}),
            Alert("flows", "1", "hop_gap", "hop:A>B", 0.9, "gap",
                  evidence={"gap_usd": 30.0, "weeks": ["2024-02-19"]}),
        ], "run")  # fmt: skip
        assert leaked_in_week(ws, "2024-02-19") == pytest.approx(80.0)
        assert leaked_in_week(ws, "2024-02-12") == pytest.approx(50.0)
        assert leaked_in_week(ws, "2024-03-04") == 0.0


def _titles(spec: object) -> list[str]:
    """Every title a reader meets in a chart: the chart's, its axes', legends' and tooltips'."""
    if isinstance(spec, dict):
        found = [str(v) for k, v in spec.items() if k == "title"]
        return found + [t for k, v in spec.items() if k != "data" for t in _titles(v)]
    if isinstance(spec, list):
        return [t for v in spec for t in _titles(v)]
    return []


BOARD = Dashboard({
    "alerts_by_age": [{"kind": "sanctions_match", "age": "≤ 7 days", "alerts": 3}],
    "alert_trend": [{"week": "2026-03-02", "kind": "hop_gap", "alerts": 1}],
    "leakage_by_hop": [{"hop": "donor → un_agency", "leakage_usd": 5.0}],
    "flow_trend": [{"week": "2026-03-02", "series": "reached people", "usd": 4.0}],
})  # fmt: skip


@pytest.mark.parametrize(
    ("code", "title", "kind", "axis", "age"),
    [
        ("en", "Alerts by kind and age", "Watchlist match", "kind", "≤ 7 days"),
        ("fa_AF", "هشدارها بر اساس نوع و مدت", "تطابق با فهرست تحریم", "نوع", "تا 7 روز"),
        ("ps", "خبرتیاوې د ډول او مودې له مخې", "د بندیزونو له لېست سره سمون", "ډول",
         "تر 7 ورځو پورې"),
    ],
)  # fmt: skip
def test_the_charts_speak_the_readers_language(
    code: str, title: str, kind: str, axis: str, age: str
) -> None:
    specs = chart_specs(BOARD, date(2026, 3, 9), translations(code).gettext)
    chart = specs["alerts-age"]
    assert chart["title"] == title
    assert chart["encoding"]["x"]["title"] == axis
    datum = chart["data"]["values"][0]
    assert (datum["kind"], datum["age"], datum["alerts"]) == (kind, age, 3)
    assert "kind=sanctions_match" in datum["href"]  # links keep the stored value
    # Weeks as ISO dates in every language, never an English month name.
    assert specs["alerts-trend"]["encoding"]["x"]["axis"]["format"] == "%Y-%m-%d"
    assert all(s["config"]["font"].startswith("Vazirmatn") for s in specs.values())
    if code != "en":
        shown = [*_titles(specs), *(str(v) for s in specs.values() if "data" in s
                 for d in s["data"]["values"] for k, v in d.items() if k != "href")]  # fmt: skip
        assert not english_left("".join(f"<p>{t}</p>" for t in shown)), shown
