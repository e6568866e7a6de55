"""IPC acute food insecurity: people in each phase (1–5, and 3+) per analysis area, province or
the whole country, by analysis date and validity (current, projections).

Reads the IPC's long CSV exports (``Date of analysis``, ``Level 1``, ``Area``, ``Validity
period``, ``Phase``, ``Number``…) at any of their three levels, and the IPC's area GeoJSON
(one feature per area with ``phaseN_population``). Every area is tied to its province through
the gazetteer — by ``Level 1`` when given, else by the area's own name ("Hirat Urban",
"Laghman c_3", "Sari pul"); an area no spelling resolves fails the file with its row named.
Rows go into ``ipc_phases``; a re-imported area, analysis, validity and phase replaces the
stored row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.published import (
    Fields,
    PublishedImporter,
    Reading,
    read_csv_table,
    read_json,
    replace_rows,
)
from aidtrace.ingest.registry import Store, register
from aidtrace.places import afghanistan
from aidtrace.workspace import Workspace

PHASES = ("all", "1", "2", "3", "4", "5", "3+")
COLUMNS = ("Date of analysis", "Validity period", "Phase", "Number")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PERIODS = {"C": "current", "P": "first projection", "A": "second projection"}

SCHEMA = pa.schema(
    [
        ("area", pa.string()),
        ("province_code", pa.string()),
        ("level", pa.string()),
        ("analysis", pa.string()),
        ("analysis_month", pa.date32()),
        ("validity", pa.string()),
        ("from_date", pa.date32()),
        ("to_date", pa.date32()),
        ("phase", pa.string()),
        ("people", pa.int64()),
        ("share", pa.float64()),
        ("import_id", pa.string()),
    ]
)

# "Hirat Urban", "Laghman c_3": the province is the name before the suffix.
_AREA_SUFFIX = re.compile(r"\s+(urban|c_?\d+)$", re.IGNORECASE)


def area_province(f: Fields, level1: str | None, area: str | None) -> str | None:
    """The P-code of the province an area lies in (``None`` for the whole country)."""
    name, column = (level1, "Level 1") if level1 else (area, "Area")
    if not name:
        return None
    bare = _AREA_SUFFIX.sub("", name.strip())
    return afghanistan().require(bare, source=f.path, record=f.record, column=column).pcode


def analysis_month(f: Fields, raw: str | None) -> date | None:
    """``Apr 2023`` → 2023-04-01."""
    if raw is None:
        return None
    parts = raw.lower().split()
    if len(parts) != 2 or parts[0][:3] not in MONTHS or not parts[1].isdigit():
        raise f.fail("Date of analysis", f"{raw!r} is not a month and year (e.g. Apr 2023)")
    return date(int(parts[1]), MONTHS.index(parts[0][:3]) + 1, 1)


def _row(line: int, r: Mapping[str, str | None], path: Path) -> dict[str, object]:
    f = Fields(path, line)
    level1, area = f.text("Level 1", r.get("Level 1")), f.text("Area", r.get("Area"))
    analysis = f.text("Date of analysis", r.get("Date of analysis"), required=True)
    return {
        "area": area or level1 or "national",
        "province_code": area_province(f, level1, area),
        "level": "area" if area else "province" if level1 else "national",
        "analysis": analysis,
        "analysis_month": analysis_month(f, analysis),
        "validity": f.text("Validity period", r.get("Validity period"), required=True),
        "from_date": f.day("From", r.get("From")),
        "to_date": f.day("To", r.get("To")),
        "phase": f.choice("Phase", r.get("Phase"), PHASES),
        "people": f.integer("Number", r.get("Number")),
        "share": f.number("Percentage", r.get("Percentage")),
    }


def _feature_rows(index: int, feature: object, path: Path) -> list[dict[str, object]]:
    props = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(props, Mapping):
        raise InputError("is not a GeoJSON feature with properties", source=path, record=index)
    f = Fields(path, index, f"area {props.get('title') or '?'}")
    area = f.text("title", props.get("title"), required=True)
    base = {
        "area": area,
        "province_code": area_province(f, None, area),
        "level": "area",
        "analysis": f.text("anl_id", props.get("anl_id")),
        "analysis_month": None,
        "validity": PERIODS.get(str(props.get("ipc_period")), str(props.get("ipc_period"))),
        "from_date": None,
        "to_date": None,
        "share": None,
    }
    people = {
        p: f.integer(f"phase{p}_population", props.get(f"phase{p}_population")) for p in "12345"
    }
    people["all"] = f.integer("estimated_population", props.get("estimated_population"))
    people["3+"] = sum(people[p] or 0 for p in "345")
    return [dict(base, phase=p, people=n) for p, n in people.items()]


def _geojson_rows(path: Path, workspace: Workspace, reading: Reading) -> list[dict[str, object]]:
    doc = read_json(path, workspace, "an IPC area file")
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise InputError("not a GeoJSON FeatureCollection", source=path)
    areas = reading.each(enumerate(features, 1), lambda i, feat: _feature_rows(i, feat, path))
    return [row for rows in areas for row in rows]


_KEY = ("level", "area", "analysis", "validity", "phase")


def _store(rows: list[dict[str, object]]) -> Store:
    def store(workspace: Workspace, import_id: str) -> int:
        replace_rows(workspace.engine, "ipc_phases", SCHEMA, rows, _KEY, import_id)
        return len(rows)

    return store


def parse_ipc(workspace: Workspace, path: Path, reading: Reading | None = None) -> Store:
    reading = reading or Reading()
    if _is_geojson(path):
        return _store(reading.kept(_geojson_rows(path, workspace, reading)))
    table = read_csv_table(path, workspace)
    table.require(COLUMNS, "an IPC long-format export")
    return _store(reading.kept(reading.each(table.records, lambda n, r: _row(n, r, path))))


def _is_geojson(path: Path) -> bool:
    return path.suffix.lower() in (".geojson", ".json")


IMPORTER = register(
    PublishedImporter(
        "ipc",
        (
            "IPC acute food insecurity: people per phase (1–5, 3+) per area, province or country "
            "and analysis date (long CSV) or per area (GeoJSON)"
        ),
        parse_ipc,
        unit=lambda path: "feature" if _is_geojson(path) else "line",
    )
)
