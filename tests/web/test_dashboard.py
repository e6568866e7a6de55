"""The dashboard: panels from whatever data exists, the province tile map, the cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.alerts.model import Alert
from aidtrace.alerts.store import save_alerts
from aidtrace.web.dashboard import province_grid
from aidtrace.web.provinces import TILES, find_tile
from aidtrace.web.users import Role
from aidtrace.workspace import Workspace

Login = Callable[[TestClient, Role], str]


def test_tile_grid_has_every_province_once() -> None:
    assert len(TILES) == 34
    assert len({t.code for t in TILES}) == 34
    assert len({(t.row, t.col) for t in TILES}) == 34


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
def test_find_tile_by_code_or_usual_spelling(
    code: str | None, name: str | None, expected: str
) -> None:
    tile = find_tile(code, name)
    assert tile is not None
    assert tile.name == expected


def test_unknown_provinces_are_left_out() -> None:
    assert find_tile("XX01", "Atlantis") is None
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
    assert len(json.loads(spec)["data"]["values"]) == 34
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
