"""The dashboard's province map over published data (FTS, HNO, IPC: no plan, no delivery): it
colours the provinces funding flows name by published funding per person, on the measure the
report's map uses, and names that measure in every language; the demo's map is unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aidtrace.example import run_afghanistan
from aidtrace.flows.equity import province_funding
from aidtrace.flows.funding import as_of
from aidtrace.flows.perperson import Measure, per_person
from aidtrace.report.palette import NO_DATA
from aidtrace.report.provincemap import province_map as report_map
from aidtrace.web.dashboard import Dashboard, build_dashboard
from aidtrace.web.i18n import translations
from aidtrace.web.routes.dashboard import chart_specs
from aidtrace.workspace import Workspace

from .test_i18n_pages import english_left

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DELIVERED = "Delivered aid per person in need, by province (US$)"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dashboard, Path]:
    """The dashboard of a workspace holding the real Afghan FTS, HNO and IPC files (2020)."""
    data = SHARED_DATA / "real" / "afghanistan"
    if not data.is_dir():
        pytest.fail(f"shared data not found at {data} (it must sit beside the checkout)")
    outcome = run_afghanistan(tmp_path_factory.mktemp("published") / "afg", data)
    with Workspace.open(outcome.workspace, read_only=True) as ws:
        return build_dashboard(ws), outcome.workspace


def _layers(spec: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    shapes, coloured = (layer["data"]["values"] for layer in spec["layer"][:2])
    return shapes, coloured


def _plain(text: object) -> str:
    """The text less the marks that keep Latin runs (US$) in order inside Dari and Pashto."""
    return str(text).replace("\u2066", "").replace("\u2069", "")


def _tooltip_titles(spec: dict[str, Any]) -> list[str]:
    return [_plain(t["title"]) for t in spec["layer"][1]["encoding"]["tooltip"]]


@pytest.mark.parametrize(
    ("code", "title", "legend", "hover"),
    [
        ("en", "Published funding per person in IPC phase 3+, by province (US$)",
         "US$ per person in IPC phase 3+", "published funding (US$)"),
        ("fa_AF",
         "تمویل منتشرشده برای هر نفر در مرحله 3 یا بالاتر ناامنی غذایی، به تفکیک ولایت (US$)",
         "US$ برای هر نفر در مرحله 3 یا بالاتر ناامنی غذایی", "تمویل منتشرشده (US$)"),
        ("ps",
         "د خوړو د ناامنۍ په 3 یا لوړ پړاو کې د هر کس لپاره خپور شوی تمویل، د ولایت له مخې (US$)",
         "US$ د خوړو د ناامنۍ په 3 یا لوړ پړاو کې د هر کس لپاره", "خپور شوی تمویل (US$)"),
    ],
)  # fmt: skip
def test_the_map_colours_published_funding_per_person_and_names_it(
    published: tuple[Dashboard, Path], code: str, title: str, legend: str, hover: str
) -> None:
    board, _ = published
    spec = chart_specs(board, date(2026, 3, 9), translations(code).gettext)["provinces"]
    shapes, coloured = _layers(spec)
    assert len(shapes) == 34
    # 33 provinces have funding flows and an IPC 3+ population; Sar-e-Pul (AF22) no flow.
    assert len(coloured) == 33
    assert "AF22" not in {s["properties"]["code"] for s in coloured}
    assert len({round(s["properties"]["coverage"], 2) for s in coloured}) > 20
    assert _plain(spec["title"]) == title
    assert _plain(spec["layer"][1]["encoding"]["color"]["title"]) == legend
    tooltip = _tooltip_titles(spec)
    assert hover in tooltip  # hovering names the measure
    assert legend in tooltip
    assert all(s["properties"]["href"] == f"/alerts?q={s['properties']['code']}" for s in shapes)
    if code != "en":
        shown = [spec["title"], *tooltip, spec["layer"][1]["encoding"]["color"]["title"]]
        assert not english_left("".join(f"<p>{t}</p>" for t in shown)), shown


def test_the_figures_are_the_reports(published: tuple[Dashboard, Path]) -> None:
    board, path = published
    panel = board.panels["provinces"]["published"]
    with Workspace.open(path, read_only=True) as ws:
        funding = province_funding(ws.engine, str(as_of(ws.engine)))
    report = report_map([], funding=funding)
    assert panel["measure"] == report.measure == Measure.IPC3
    by_code = {f.province_code: f for f in funding if f.flows}
    assert set(panel["provinces"]) == set(by_code)
    for code, shown in panel["provinces"].items():
        assert shown["usd_per_person"] == per_person(by_code[code], Measure.IPC3)
        assert shown["flows"] == by_code[code].flows
    spec = chart_specs(board)["provinces"]
    _, coloured = _layers(spec)
    hirat = next(s["properties"] for s in coloured if s["properties"]["code"] == "AF32")
    expected = by_code["AF32"]
    assert hirat["per_ipc3"] == f"{expected.usd_per_ipc3_person:,.2f}"
    assert hirat["funded_usd"] == pytest.approx(expected.funded_usd, abs=0.01)
    grey = {p.code for p in report.provinces if p.fill == NO_DATA}
    assert grey == {s["properties"]["code"] for s in _layers(spec)[0]} - {
        s["properties"]["code"] for s in coloured
    }


def test_the_demos_map_still_shows_delivered_aid(demo_template: Path) -> None:
    with Workspace.open(demo_template, read_only=True) as ws:
        board = build_dashboard(ws)
    assert "published" not in board.panels["provinces"]
    spec = chart_specs(board, date(2026, 3, 9))["provinces"]
    _, coloured = _layers(spec)
    assert _plain(spec["title"]) == DELIVERED
    assert _plain(spec["layer"][1]["encoding"]["color"]["title"]) == "US$ per person"
    assert coloured
    assert all(
        set(s["properties"]) == {"code", "name", "coverage", "delivered_usd", "need", "href"}
        for s in coloured
    )
