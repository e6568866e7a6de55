"""Tables of published aid data: FTS flows and requirements, HNO caseloads, IPC phases.

Money also lands in the shared tables where it fits: every organisation an FTS flow names in
``organisations`` and every paid flow in ``ledger`` (``txn_id`` ``fts-<flow id>``), so the
chain, the Sankey and the ledger monitors see published money like any other; HNO district
totals land in ``needs``, the equity monitor's denominator.
"""

from aidtrace.store.migrations import Migration, register

_TABLES = (
    "CREATE TABLE fts_flows (flow_id VARCHAR NOT NULL, version INTEGER, boundary VARCHAR, "
    "on_boundary VARCHAR, flow_type VARCHAR, status VARCHAR NOT NULL, flow_date DATE, "
    "budget_year VARCHAR, amount_usd DOUBLE NOT NULL, original_amount DOUBLE, "
    "original_currency VARCHAR, exchange_rate DOUBLE, src_org VARCHAR, src_org_type VARCHAR, "
    "dest_org VARCHAR, dest_org_type VARCHAR, plan_id VARCHAR, plan VARCHAR, clusters VARCHAR, "
    "plan_clusters VARCHAR, "
    "dest_locations VARCHAR, usage_year_start INTEGER, usage_year_end INTEGER, "
    "parent_flow_id VARCHAR, child_flow_ids VARCHAR, description VARCHAR, ref_code VARCHAR, "
    "updated_at DATE, province_codes VARCHAR, located_by VARCHAR, source_row INTEGER, "
    "import_id VARCHAR NOT NULL)",
    "CREATE TABLE fts_requirements (plan_id VARCHAR, plan VARCHAR NOT NULL, plan_code VARCHAR, "
    "year INTEGER, cluster_code VARCHAR, cluster VARCHAR, requirements_usd DOUBLE, "
    "funding_usd DOUBLE, percent_funded DOUBLE, import_id VARCHAR NOT NULL)",
    "CREATE TABLE hno_caseload (admin1_code VARCHAR, admin1 VARCHAR, admin2_code VARCHAR, "
    "admin2 VARCHAR, description VARCHAR, cluster VARCHAR NOT NULL, category VARCHAR, "
    "population BIGINT, in_need BIGINT, targeted BIGINT, affected BIGINT, reached BIGINT, "
    "import_id VARCHAR NOT NULL)",
    "CREATE TABLE ipc_phases (area VARCHAR NOT NULL, province_code VARCHAR, level VARCHAR "
    "NOT NULL, analysis VARCHAR, analysis_month DATE, validity VARCHAR NOT NULL, "
    "from_date DATE, to_date DATE, phase VARCHAR NOT NULL, people BIGINT, share DOUBLE, "
    "import_id VARCHAR NOT NULL)",
)

MIGRATIONS = register(
    "published",
    [
        Migration(1, "FTS flows and requirements, HNO caseload, IPC phases", _TABLES),
        Migration(
            2,
            "places an FTS flow names that the gazetteer does not know",
            ("ALTER TABLE fts_flows ADD COLUMN unresolved_places VARCHAR",),
        ),
    ],
)
