"""OCHA HPC's humanitarian needs caseload (the HNO/HNRP export): people in need and targeted,
nationally and per province (Admin 1) and district (Admin 2), by cluster and by category (age,
sex, IDP, returnees…).

Every row goes into ``hno_caseload``; a re-imported row (same places, cluster, description and
category) replaces the stored one. The overall caseload of each district (cluster ``ALL``,
category ``total``) also becomes that district's row in ``needs`` — people in need is then the
equity monitor's denominator there, as if an officer had imported a needs file. P-codes are
checked against the gazetteer: an unknown province code, or a name that contradicts its code,
fails the file with the row and column named.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from aidtrace.ingest.published import (
    Fields,
    PublishedImporter,
    Reading,
    insert_rows,
    read_csv_table,
    replace_rows,
)
from aidtrace.ingest.registry import Store, register
from aidtrace.places import afghanistan
from aidtrace.places.gazetteer import PROVINCE, province_of
from aidtrace.workspace import Workspace

COLUMNS = ("Admin 1 PCode", "Admin 2 PCode", "Cluster", "Category", "In Need", "Targeted")
OVERALL = "ALL"  # the cluster code of the inter-cluster caseload
TOTALS = ("total", "")

CASELOAD_SCHEMA = pa.schema(
    [
        ("admin1_code", pa.string()),
        ("admin1", pa.string()),
        ("admin2_code", pa.string()),
        ("admin2", pa.string()),
        ("description", pa.string()),
        ("cluster", pa.string()),
        ("category", pa.string()),
        ("population", pa.int64()),
        ("in_need", pa.int64()),
        ("targeted", pa.int64()),
        ("affected", pa.int64()),
        ("reached", pa.int64()),
        ("import_id", pa.string()),
    ]
)

NEEDS_SCHEMA = pa.schema(
    [
        ("province", pa.string()),
        ("province_code", pa.string()),
        ("district", pa.string()),
        ("district_code", pa.string()),
        ("population", pa.int64()),
        ("people_in_need", pa.int64()),
        ("import_id", pa.string()),
    ]
)


def _places(f: Fields, r: Mapping[str, str | None]) -> dict[str, object]:
    """Admin 1 and Admin 2 codes and names, checked; a district fills in its province."""
    gazetteer = afghanistan()
    out: dict[str, object] = {}
    for level, key in ((1, "admin1"), (2, "admin2")):
        code = f.text(f"Admin {level} PCode", r.get(f"Admin {level} PCode"))
        name = f.text(f"Admin {level} Name", r.get(f"Admin {level} Name"))
        if code:
            place = gazetteer.check_code(
                code, name, source=f.path, record=f.record, column=f"Admin {level} PCode"
            )
            code, name = place.pcode, name or place.name
        elif name:
            column = f"Admin {level} Name"
            place = gazetteer.require(
                name, source=f.path, record=f.record, column=column, level=level
            )
            code = place.pcode
        out[f"{key}_code"], out[key] = code, name
    district = out["admin2_code"]
    if district and not out["admin1_code"]:
        province_code = province_of(str(district))
        province = gazetteer.by_code(province_code)
        out["admin1_code"] = province_code
        out["admin1"] = province.name if province else None
    return out


def _row(line: int, r: Mapping[str, str | None], path: Path) -> dict[str, object]:
    f = Fields(path, line)
    return _places(f, r) | {
        "description": f.text("Description", r.get("Description")),
        "cluster": f.text("Cluster", r.get("Cluster"), required=True),
        "category": f.text("Category", r.get("Category")),
        "population": f.integer("Population", r.get("Population")),
        "in_need": f.integer("In Need", r.get("In Need")),
        "targeted": f.integer("Targeted", r.get("Targeted")),
        "affected": f.integer("Affected", r.get("Affected")),
        "reached": f.integer("Reached", r.get("Reached")),
    }


def district_needs(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """One ``needs`` row per district with an overall total of people in need."""
    found: dict[str, dict[str, object]] = {}
    for r in rows:
        if r["admin2_code"] and r["cluster"] == OVERALL and (r["category"] or "") in TOTALS:
            if r["in_need"] is None:
                continue
            found[str(r["admin2_code"])] = {
                "province": _province_name(r),
                "province_code": r["admin1_code"],
                "district": r["admin2"],
                "district_code": r["admin2_code"],
                "population": r["population"],
                "people_in_need": r["in_need"],
            }
    return list(found.values())


def _province_name(r: Mapping[str, object]) -> object:
    place = afghanistan().by_code(str(r["admin1_code"]))
    return r["admin1"] or (place.name if place and place.level == PROVINCE else None)


_KEY = ("admin1_code", "admin2_code", "description", "cluster", "category")


def _store(rows: list[dict[str, object]]) -> Store:
    def store(workspace: Workspace, import_id: str) -> int:
        engine = workspace.engine
        replace_rows(engine, "hno_caseload", CASELOAD_SCHEMA, rows, _KEY, import_id)
        needs = district_needs(rows)
        engine.register("__hno_needs", pa.table({"d": [str(n["district_code"]) for n in needs]}))
        engine.execute("DELETE FROM needs WHERE district_code IN (SELECT d FROM __hno_needs)")
        insert_rows(engine, "needs", NEEDS_SCHEMA, needs, import_id)
        return len(rows)

    return store


def parse_hno(workspace: Workspace, path: Path, reading: Reading | None = None) -> Store:
    reading = reading or Reading()
    table = read_csv_table(path, workspace)
    table.require(COLUMNS, "an HPC needs caseload export")
    return _store(reading.kept(reading.each(table.records, lambda n, r: _row(n, r, path))))


IMPORTER = register(
    PublishedImporter(
        "hno",
        (
            "OCHA HPC needs caseload: people in need and targeted per province/district "
            "(P-codes), cluster and category; district totals become needs"
        ),
        parse_hno,
        unit=lambda path: "line",
    )
)
