"""OCHA's Financial Tracking Service: flow exports (CSV), the flow API's JSON answer, and the
requirements-and-funding exports per plan and per cluster — one kind, ``fts``, told apart by
their columns.

A flow is money (or a promise of it) from a source to a destination: organisations, plan,
cluster, location, usage years, status (pledge → commitment → paid), amount in USD with the
original amount, currency and exchange rate, and whether it crosses into the country
(``incoming``) or moves inside it (``internal``: a pooled fund or agency passing money to a
partner). The API's JSON adds the chain: ``parentFlowId`` and ``childFlowIds``.

Every flow is stored whole in ``fts_flows`` (a re-imported flow id replaces the stored one,
as FTS revises flows, but a CSV export keeps the parent, children, plan clusters and version
the API gave the same flow: the export has none of them); its organisations go into
``organisations`` (a name already there keeps its role) and each paid flow into ``ledger`` as
``fts-<id>`` in USD. Flows name a province rarely in their location fields and often in their
description; both are resolved with the gazetteer (``located_by`` says which) and nothing
unresolved is dropped: the location text is kept as published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.published import (
    CsvTable,
    Fields,
    PublishedImporter,
    Reading,
    insert_rows,
    read_csv_table,
    read_json,
    replace_rows,
)
from aidtrace.ingest.registry import Store, register
from aidtrace.places import afghanistan
from aidtrace.workspace import Workspace

STATUSES = ("pledge", "commitment", "paid")
COUNTRY_CODE = re.compile(r"[A-Z]{3}")
BOUNDARIES = ("incoming", "internal", "outgoing")

FLOW_SCHEMA = pa.schema(
    [
        ("flow_id", pa.string()),
        ("version", pa.int64()),
        ("boundary", pa.string()),
        ("on_boundary", pa.string()),
        ("flow_type", pa.string()),
        ("status", pa.string()),
        ("flow_date", pa.date32()),
        ("budget_year", pa.string()),
        ("amount_usd", pa.float64()),
        ("original_amount", pa.float64()),
        ("original_currency", pa.string()),
        ("exchange_rate", pa.float64()),
        ("src_org", pa.string()),
        ("src_org_type", pa.string()),
        ("dest_org", pa.string()),
        ("dest_org_type", pa.string()),
        ("plan_id", pa.string()),
        ("plan", pa.string()),
        ("clusters", pa.string()),
        ("plan_clusters", pa.string()),
        ("dest_locations", pa.string()),
        ("usage_year_start", pa.int64()),
        ("usage_year_end", pa.int64()),
        ("parent_flow_id", pa.string()),
        ("child_flow_ids", pa.string()),
        ("description", pa.string()),
        ("ref_code", pa.string()),
        ("updated_at", pa.date32()),
        ("province_codes", pa.string()),
        ("located_by", pa.string()),
        ("unresolved_places", pa.string()),
        ("source_row", pa.int64()),
        ("import_id", pa.string()),
    ]
)

REQUIREMENT_SCHEMA = pa.schema(
    [
        ("plan_id", pa.string()),
        ("plan", pa.string()),
        ("plan_code", pa.string()),
        ("year", pa.int64()),
        ("cluster_code", pa.string()),
        ("cluster", pa.string()),
        ("requirements_usd", pa.float64()),
        ("funding_usd", pa.float64()),
        ("percent_funded", pa.float64()),
        ("import_id", pa.string()),
    ]
)

FLOW_COLUMNS = ("id", "amountUSD", "status", "boundary", "srcOrganization", "destOrganization")
PLAN_COLUMNS = ("name", "year", "requirements", "funding")


# --- flows exported as CSV ------------------------------------------------------------------


def _terms(f: Fields, flow: Mapping[str, object]) -> dict[str, object]:
    """A flow's kind, status, date and amounts: the CSV export and the API spell them alike."""
    return {
        "boundary": f.choice("boundary", flow.get("boundary"), BOUNDARIES),
        "on_boundary": f.text("onBoundary", flow.get("onBoundary")),
        "flow_type": f.text("flowType", flow.get("flowType")),
        "status": f.choice("status", flow.get("status"), STATUSES),
        "flow_date": f.day("date", flow.get("date"), required=True),
        "budget_year": f.text("budgetYear", flow.get("budgetYear")),
        "amount_usd": f.number("amountUSD", flow.get("amountUSD"), required=True),
        "original_amount": f.number("originalAmount", flow.get("originalAmount")),
        "original_currency": f.text("originalCurrency", flow.get("originalCurrency")),
        "exchange_rate": f.number("exchangeRate", flow.get("exchangeRate")),
    }


def _notes(f: Fields, flow: Mapping[str, object]) -> dict[str, object]:
    """A flow's description, reference and last update, spelt alike in the CSV and the API."""
    return {
        "description": f.text("description", flow.get("description")),
        "ref_code": f.text("refCode", flow.get("refCode")),
        "updated_at": f.day("updatedAt", flow.get("updatedAt")),
    }


def _csv_flow(line: int, r: Mapping[str, str | None], path: Path) -> dict[str, object]:
    f = Fields(path, line, f"flow {r.get('id') or '?'}")
    return {
        "flow_id": f.text("id", r.get("id"), required=True),
        "version": None,
        **_terms(f, r),
        "src_org": f.text("srcOrganization", r.get("srcOrganization")),
        "src_org_type": f.text("srcOrganizationTypes", r.get("srcOrganizationTypes")),
        "dest_org": f.text("destOrganization", r.get("destOrganization")),
        "dest_org_type": f.text("destOrganizationTypes", r.get("destOrganizationTypes")),
        "plan_id": f.text("destPlanId", r.get("destPlanId")),
        "plan": f.text("destPlan", r.get("destPlan")),
        "clusters": f.text("destGlobalClusters", r.get("destGlobalClusters")),
        "plan_clusters": None,
        "dest_locations": f.text("destLocations", r.get("destLocations")),
        # the export gives countries as ISO codes: any other entry names a place inside one
        "subnational": [
            e.strip()
            for e in str(r.get("destLocations") or "").split(",")
            if e.strip() and not COUNTRY_CODE.fullmatch(e.strip())
        ],
        "usage_year_start": f.integer("destUsageYearStart", r.get("destUsageYearStart")),
        "usage_year_end": f.integer("destUsageYearEnd", r.get("destUsageYearEnd")),
        "parent_flow_id": None,
        "child_flow_ids": None,
        **_notes(f, r),
        "source_row": line,
    }


# --- flows from the API's JSON ----------------------------------------------------------------


def _objects(flow: Mapping[str, object], side: str, kind: str) -> list[Mapping[str, object]]:
    listed = flow.get(side)
    if not isinstance(listed, list):
        return []
    return [o for o in listed if isinstance(o, Mapping) and o.get("type") == kind]


def _names(objects: Sequence[Mapping[str, object]], sep: str = ", ") -> str | None:
    names = [str(o.get("name")).strip() for o in objects if o.get("name")]
    return sep.join(dict.fromkeys(names)) or None


def _org_types(objects: Sequence[Mapping[str, object]]) -> str | None:
    types = [str(t) for o in objects for t in _listed(o.get("organizationTypes"))]
    return ", ".join(dict.fromkeys(types)) or None


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _years(objects: Sequence[Mapping[str, object]], f: Fields) -> list[int]:
    return [y for o in objects if (y := f.integer("UsageYear", o.get("name"))) is not None]


def _api_flow(index: int, flow: object, path: Path) -> dict[str, object]:
    if not isinstance(flow, Mapping):
        raise InputError("is not a flow object", source=path, record=index)
    f = Fields(path, index, f"flow {flow.get('id') or '?'}")
    src = _objects(flow, "sourceObjects", "Organization")
    dest = _objects(flow, "destinationObjects", "Organization")
    plans = _objects(flow, "destinationObjects", "Plan") or _objects(flow, "sourceObjects", "Plan")
    years = _years(_objects(flow, "destinationObjects", "UsageYear"), f)
    children = [str(c) for c in _listed(flow.get("childFlowIds"))]
    return {
        "flow_id": f.text("id", flow.get("id"), required=True),
        "version": f.integer("versionId", flow.get("versionId")),
        **_terms(f, flow),
        "src_org": _names(src, sep="; "),
        "src_org_type": _org_types(src),
        "dest_org": _names(dest, sep="; "),
        "dest_org_type": _org_types(dest),
        "plan_id": _names([{"name": p.get("id")} for p in plans]),
        "plan": _names(plans),
        "clusters": _names(_objects(flow, "destinationObjects", "GlobalCluster")),
        "plan_clusters": _names(_objects(flow, "destinationObjects", "Cluster"), sep="; "),
        "dest_locations": _names(_objects(flow, "destinationObjects", "Location"), sep="; "),
        "subnational": [
            str(o.get("name")).strip()
            for o in _objects(flow, "destinationObjects", "Location")
            if _admin_level(o) > 0 and o.get("name")
        ],
        "usage_year_start": min(years, default=None),
        "usage_year_end": max(years, default=None),
        "parent_flow_id": f.text("parentFlowId", flow.get("parentFlowId")),
        "child_flow_ids": ",".join(children) or None,
        **_notes(f, flow),
        "source_row": index,
    }


def _api_flows(path: Path, workspace: Workspace, reading: Reading) -> list[dict[str, object]]:
    answer = read_json(path, workspace, "an FTS API page")
    data = answer.get("data") if isinstance(answer, dict) else None
    flows = data.get("flows") if isinstance(data, dict) else None
    if not isinstance(flows, list):
        raise InputError("not an FTS API answer: no data.flows list", source=path)
    return reading.each(enumerate(flows, 1), lambda i, flow: _api_flow(i, flow, path))


# --- places, organisations and the ledger ---------------------------------------------------


def _admin_level(location: Mapping[str, object]) -> int:
    """A location's administrative level: 0 for a country (the API omits it then)."""
    level = location.get("adminLevel")
    return level if isinstance(level, int) else 0


def locate(flow: dict[str, object]) -> dict[str, object]:
    """Add the provinces a flow names: in its locations if any resolve, else in its text.

    A place inside the country that the gazetteer does not know is kept in
    ``unresolved_places`` (the funding monitor raises it), never dropped."""
    gazetteer = afghanistan()
    named = flow.pop("subnational", [])
    names = [str(n) for n in named] if isinstance(named, list) else []
    resolved = [(n, gazetteer.resolve(n)) for n in names]
    places = [p for _, p in resolved if p is not None]
    unresolved = [n for n, p in resolved if p is None]
    located_by = "location" if places else None
    if not places:
        places = gazetteer.mentioned(str(flow.get("description") or ""))
        located_by = "description" if places else None
    codes = sorted({p.province_code for p in places})
    return dict(
        flow,
        province_codes=",".join(codes) or None,
        located_by=located_by,
        unresolved_places="; ".join(unresolved) or None,
    )


_ROLE_BY_TYPE = {
    "un agency": "un_agency",
    "pooled fund": "un_agency",
    "ngo": "partner",
    "red cross/red crescent": "partner",
}


def org_role(org_type: str | None, receives: bool) -> str:
    """An FTS organisation type as a role on the chain; other types give where they sit."""
    first = (org_type or "").split(",")[0].strip().lower()
    return _ROLE_BY_TYPE.get(first, "partner" if receives else "donor")


def _organisations(flows: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    roles: dict[str, str] = {}
    for side, receives in (("dest", True), ("src", False)):
        for flow in flows:
            name = flow.get(f"{side}_org")
            if name and str(name) not in roles:
                roles[str(name)] = org_role(_str(flow.get(f"{side}_org_type")), receives)
    return [{"org_id": n, "name": n, "role": r, "country": None} for n, r in sorted(roles.items())]


def _str(value: object) -> str | None:
    return None if value is None else str(value)


# What only the API's JSON carries: a CSV export of the same flow leaves them as they were.
API_ONLY = ("version", "plan_clusters", "parent_flow_id", "child_flow_ids")


def _keep_api_fields(workspace: Workspace, flows: list[dict[str, object]]) -> None:
    """Give flows read from a CSV export the chain the API gave them before: the export has no
    parent, children, plan clusters or version, and must not erase them, whatever the order
    the two files are imported in."""
    stored = workspace.engine.query(
        f"SELECT flow_id, {', '.join(API_ONLY)} FROM fts_flows "
        "WHERE flow_id IN (SELECT flow_id FROM __fts_ids)"
    ).to_pylist()
    by_id = {str(r["flow_id"]): r for r in stored}
    for flow in flows:
        before = by_id.get(str(flow["flow_id"]))
        if before is not None:
            flow.update({k: before[k] for k in API_ONLY})


def _store_flows(flows: list[dict[str, object]], from_api: bool) -> Store:
    def store(workspace: Workspace, import_id: str) -> int:
        engine = workspace.engine
        ids = pa.table({"flow_id": [str(f["flow_id"]) for f in flows]})
        engine.register("__fts_ids", ids)
        if not from_api:
            _keep_api_fields(workspace, flows)
        engine.execute("DELETE FROM fts_flows WHERE flow_id IN (SELECT flow_id FROM __fts_ids)")
        engine.execute(
            "DELETE FROM ledger WHERE txn_id IN (SELECT 'fts-' || flow_id FROM __fts_ids)"
        )
        insert_rows(engine, "fts_flows", FLOW_SCHEMA, flows, import_id)
        _store_parties(workspace, flows, import_id)
        return len(flows)

    return store


ORG_SCHEMA = pa.schema(
    [
        ("org_id", pa.string()),
        ("name", pa.string()),
        ("role", pa.string()),
        ("country", pa.string()),
    ]
)


def _store_parties(workspace: Workspace, flows: list[dict[str, object]], import_id: str) -> None:
    engine = workspace.engine
    orgs = _organisations(flows)
    engine.register("__fts_orgs", pa.Table.from_pylist(orgs or [], schema=ORG_SCHEMA))
    # A name already on file keeps its role: an officer's own organisations file wins.
    engine.execute(
        "INSERT INTO organisations (org_id, name, role, country, import_id) "
        "SELECT o.org_id, o.name, o.role, o.country, ? FROM __fts_orgs o "
        "WHERE NOT EXISTS (SELECT 1 FROM organisations t WHERE t.org_id = o.org_id)",
        (import_id,),
    )
    engine.execute(
        "INSERT INTO ledger (txn_id, date, payer_org_id, payee_org_id, amount, currency, "
        "purpose, import_id) SELECT 'fts-' || flow_id, flow_date, src_org, dest_org, amount_usd, "
        "'USD', clusters, import_id FROM fts_flows WHERE import_id = ? AND status = 'paid' "
        "AND src_org IS NOT NULL AND dest_org IS NOT NULL",
        (import_id,),
    )


def _refuse_repeated_ids(flows: Sequence[dict[str, object]], path: Path, reading: Reading) -> None:
    seen: dict[str, int] = {}
    for flow in flows:
        fid, row = str(flow["flow_id"]), int(str(flow["source_row"]))
        if fid in seen:
            where = f"{reading.unit} {seen[fid]}" if reading.check else f"record {seen[fid]}"
            repeated = f"flow id {fid!r} appears twice (first at {where})"
            reading.note(InputError(repeated, source=path, record=row))
        else:
            seen[fid] = row


# --- requirements and funding per plan / cluster ----------------------------------------------


def _requirement(line: int, r: Mapping[str, str | None], path: Path) -> dict[str, object]:
    f = Fields(path, line, f"plan {r.get('name') or '?'}")
    return {
        "plan_id": f.text("id", r.get("id")),
        "plan": f.text("name", r.get("name"), required=True),
        "plan_code": f.text("code", r.get("code")),
        "year": f.integer("year", r.get("year")),
        "cluster_code": f.text("clusterCode", r.get("clusterCode")),
        "cluster": f.text("cluster", r.get("cluster")),
        "requirements_usd": f.number("requirements", r.get("requirements")),
        "funding_usd": f.number("funding", r.get("funding")),
        "percent_funded": f.number("percentFunded", r.get("percentFunded")),
    }


_PLAN_KEY = ("plan", "year", "cluster")


def _store_requirements(rows: list[dict[str, object]]) -> Store:
    def store(workspace: Workspace, import_id: str) -> int:
        # A newer export of the same plan, year and cluster supersedes the stored figures.
        replace_rows(
            workspace.engine, "fts_requirements", REQUIREMENT_SCHEMA, rows, _PLAN_KEY, import_id
        )
        return len(rows)

    return store


# --- the importer ---------------------------------------------------------------------------


def parse_fts(workspace: Workspace, path: Path, reading: Reading | None = None) -> Store:
    """Read any FTS file (flows CSV or JSON, requirements CSV) into what to store."""
    reading = reading or Reading()
    if _is_json(path):
        return _flows_store(_api_flows(path, workspace, reading), path, reading, from_api=True)
    table = read_csv_table(path, workspace)
    if table.has(*FLOW_COLUMNS):
        flows = reading.each(table.records, lambda n, r: _csv_flow(n, r, path))
        return _flows_store(flows, path, reading, from_api=False)
    table.require(PLAN_COLUMNS, "an FTS flow or requirements export (flows need "
                  + ", ".join(FLOW_COLUMNS) + ")")  # fmt: skip
    return _store_requirements(reading.kept(_requirements(table, path, reading)))


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _requirements(table: CsvTable, path: Path, reading: Reading) -> list[dict[str, object]]:
    return reading.each(table.records, lambda n, r: _requirement(n, r, path))


def _flows_store(
    flows: list[dict[str, object]], path: Path, reading: Reading, from_api: bool
) -> Store:
    _refuse_repeated_ids(flows, path, reading)
    return _store_flows(reading.kept([locate(f) for f in flows]), from_api)


IMPORTER = register(
    PublishedImporter(
        "fts",
        (
            "OCHA FTS: flows (CSV export or API JSON: organisations, plan, cluster, status, "
            "parent/child), requirements and funding per plan or cluster"
        ),
        parse_fts,
        unit=lambda path: "flow" if _is_json(path) else "line",
    )
)
