"""Tables for alerts."""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "alerts",
    [
        Migration(
            1,
            "alerts with stable identity",
            (
                "CREATE TABLE alerts (alert_id VARCHAR PRIMARY KEY, monitor VARCHAR NOT NULL, "
                "monitor_version VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
                "subject VARCHAR NOT NULL, "
                "identity_key VARCHAR NOT NULL, score DOUBLE NOT NULL, severity VARCHAR NOT NULL, "
                "summary VARCHAR NOT NULL, evidence JSON NOT NULL, evidence_hash VARCHAR NOT NULL, "
                "list_snapshot VARCHAR, first_seen TIMESTAMPTZ NOT NULL, "
                "last_seen TIMESTAMPTZ NOT NULL, run_id VARCHAR NOT NULL)",
            ),
        ),
    ],
)
