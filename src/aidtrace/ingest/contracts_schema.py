"""The table of partners' contracts (``aidtrace import contracts``)."""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "contracts",
    [
        Migration(
            1,
            "partners' contracts: project, contractor, dates, cost and place",
            (
                "CREATE TABLE contracts (project_id VARCHAR NOT NULL, contract_id VARCHAR, "
                "partner VARCHAR, contractor VARCHAR NOT NULL, signed_on DATE, "
                "started_on DATE, planned_end DATE, actual_end DATE, cost DOUBLE NOT NULL, "
                "currency VARCHAR NOT NULL, item VARCHAR, quantity DOUBLE, unit VARCHAR, "
                "province_code VARCHAR, district_code VARCHAR, description VARCHAR, "
                "import_id VARCHAR NOT NULL)",
            ),
        ),
    ],
)
