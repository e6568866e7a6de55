"""Tables for cases: every one insert-only (decisions supersede, nothing is updated)."""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "cases",
    [
        Migration(
            1,
            "cases, their alerts, assignments, notes and decisions",
            (
                "CREATE TABLE cases (case_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, "
                "severity VARCHAR NOT NULL, opened_by VARCHAR NOT NULL, "
                "opened_at TIMESTAMPTZ NOT NULL)",
                "CREATE TABLE case_alerts (case_id VARCHAR NOT NULL, alert_id VARCHAR NOT NULL, "
                "evidence_hash VARCHAR NOT NULL, added_at TIMESTAMPTZ NOT NULL, "
                "PRIMARY KEY (case_id, alert_id))",
                "CREATE TABLE case_assignments (assignment_id VARCHAR PRIMARY KEY, "
                "case_id VARCHAR NOT NULL, assignee VARCHAR NOT NULL, "
                "assigned_by VARCHAR NOT NULL, assigned_at TIMESTAMPTZ NOT NULL)",
                # Comments and attached evidence (name, size, SHA-256 of the file).
                "CREATE TABLE case_notes (note_id VARCHAR PRIMARY KEY, case_id VARCHAR NOT NULL, "
                "kind VARCHAR NOT NULL, author VARCHAR NOT NULL, body VARCHAR NOT NULL, "
                "sha256 VARCHAR, noted_at TIMESTAMPTZ NOT NULL)",
                "CREATE TABLE case_decisions (decision_id VARCHAR PRIMARY KEY, "
                "case_id VARCHAR NOT NULL, seq INTEGER NOT NULL, outcome VARCHAR NOT NULL, "
                "state VARCHAR NOT NULL, rationale VARCHAR NOT NULL, "
                "decided_by VARCHAR NOT NULL, decided_at TIMESTAMPTZ NOT NULL, "
                "supersedes VARCHAR, proposed_by VARCHAR, UNIQUE (case_id, seq))",
            ),
        ),
    ],
)
