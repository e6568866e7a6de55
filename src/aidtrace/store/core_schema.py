"""The core tables every workspace has: identity and the import journal."""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "core",
    [
        Migration(
            1,
            "workspace identity and import journal",
            (
                "CREATE TABLE workspace_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
                "CREATE TABLE imports (import_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
                "source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, "
                "imported_at TIMESTAMPTZ NOT NULL, actor VARCHAR NOT NULL)",
            ),
        ),
    ],
)
