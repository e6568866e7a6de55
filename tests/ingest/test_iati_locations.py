"""IATI locations resolved to a province or district P-code through the gazetteer: by their
administrative code when it is a P-code, else by their name as publishers write it."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from aidtrace.ingest import get_importer
from aidtrace.ingest.iati import location_pcode
from aidtrace.places import afghanistan
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iati"
IPC_AREAS = Path("real") / "afghanistan" / "ipc" / "ipc_afg.geojson"
FTS_API = Path("real") / "afghanistan" / "fts" / "custom-search-locationid-1-year-2020.json"


def _iati(path: Path, names: list[str]) -> Path:
    """One activity with a ``<location>`` per name (no administrative code)."""
    locations = "".join(
        f'<location ref="L{i}"><name><narrative>{escape(n)}</narrative></name></location>'
        for i, n in enumerate(names)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><iati-activities version="2.03">'
        '<iati-activity default-currency="USD"><iati-identifier>XM-1</iati-identifier>'
        f"{locations}</iati-activity></iati-activities>",
        encoding="utf-8",
    )
    return path


def _stored(workspace: Workspace) -> dict[str, str | None]:
    found = workspace.engine.query("SELECT name, pcode FROM iati_locations").to_pylist()
    return {str(r["name"]): r["pcode"] for r in found}


@pytest.mark.parametrize(
    ("name", "code", "pcode"),
    [
        ("Kabul", "AF01", "AF01"),  # the administrative code decides
        ("Somewhere", "AF3201", "AF3201"),
        ("Herat", "AF2110", "AF2008"),  # an earlier edition's code, read as today's
        ("Herat Province", None, "AF32"),
        ("Hilmand", None, "AF30"),
        ("Sar-e Pol", None, "AF22"),
        ("Jalalabad, Nangarhar", None, "AF0601"),
        ("Nangarhar - Jalalabad", None, "AF0601"),
        ("Kabul city", None, "AF0101"),
        ("Mazar-e-Sharif, Balkh Province, Afghanistan", None, "AF2101"),
        ("Lashkar Gah, Helmand", None, "AF3001"),
        ("ولسوالی پغمان", None, "AF0102"),
        ("Fayzabad, Badakhshan", None, "AF1701"),
        ("Fayzabad", None, None),  # two provinces have a Fayzabad district
        ("Kohistan", None, None),
        ("Herat; Kandahar", None, None),  # two places are not one
        ("Afghanistan", None, None),
        ("Islamabad", "PK-IS", None),
        (None, None, None),
    ],
)
def test_location_pcode(name: str | None, code: str | None, pcode: str | None) -> None:
    assert location_pcode(name, code) == pcode


def test_import_stores_the_pcode(workspace: Workspace) -> None:
    get_importer("iati").load(workspace, FIXTURES / "chain.xml", no_progress)
    assert _stored(workspace) == {"Kabul": "AF01", "Herat": "AF32"}


def test_real_place_names_resolve(workspace: Workspace, shared_data: Path, tmp_path: Path) -> None:
    """The IPC's 45 area names (34 provinces, 11 urban areas) and the FTS API's location names
    (countries), as published, each as an IATI location's name."""
    areas = json.loads((shared_data / IPC_AREAS).read_text(encoding="utf-8"))["features"]
    ipc = [str(f["properties"]["title"]) for f in areas]
    flows = json.loads((shared_data / FTS_API).read_text(encoding="utf-8"))["data"]["flows"]
    fts = sorted(
        {
            str(o["name"])
            for flow in flows
            for side in ("sourceObjects", "destinationObjects")
            for o in flow.get(side, [])
            if o["type"] == "Location"
        }
    )
    assert len(ipc) == 45
    assert "Afghanistan" in fts
    get_importer("iati").load(workspace, _iati(tmp_path / "real.xml", ipc + fts), no_progress)
    stored = _stored(workspace)
    provinces = {p.pcode for p in afghanistan().provinces()}
    assert {stored[n] for n in ipc} == provinces  # every area lies in a province, all 34 named
    assert (stored["Sari pul"], stored["Hilmand"], stored["Helmand Urban"]) == (
        "AF22",
        "AF30",
        "AF30",
    )
    assert (stored["Hirat"], stored["Paktya"], stored["Panjsher"]) == ("AF32", "AF13", "AF08")
    assert all(stored[n] is None for n in fts)  # countries are not places inside Afghanistan
