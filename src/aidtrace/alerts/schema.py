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
        Migration(
            2,
            "alert status, suppression of decided alerts, one sighting per run",
            (
                "ALTER TABLE alerts ADD COLUMN status VARCHAR DEFAULT 'open'",
                # The evidence a decision was taken on: the alert stays decided while it holds.
                "ALTER TABLE alerts ADD COLUMN decided_evidence_hash VARCHAR",
                "CREATE TABLE alert_sightings (alert_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, "
                "monitor_version VARCHAR NOT NULL, list_snapshot VARCHAR, "
                "evidence_hash VARCHAR NOT NULL, sighting VARCHAR NOT NULL, "
                "seen_at TIMESTAMPTZ NOT NULL)",
            ),
        ),
    ],
)
