"""Tables for cases: every one insert-only (decisions supersede, nothing is updated).

Free text (comments, evidence notes, rationales) is sealed (``aidtrace.keyring.freetext``): the
``*_sealed`` columns hold ciphertext, and the old text columns only rows from before version 2,
until they are sealed; sealing is the one update these tables see.
"""

from aidtrace.keyring.freetext import SealedText, register_sealed_text
from aidtrace.store.migrations import Migration, register

NOTE_BODY = register_sealed_text(SealedText("case_notes", "note_id", "body", "body_sealed"))
RATIONALE = register_sealed_text(
    SealedText("case_decisions", "decision_id", "rationale", "rationale_sealed")
)

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
        Migration(
            2,
            "free text sealed: ciphertext columns beside the old plaintext ones",
            (
                "ALTER TABLE case_notes ADD COLUMN body_sealed BLOB",
                "ALTER TABLE case_notes ALTER COLUMN body DROP NOT NULL",
                "ALTER TABLE case_decisions ADD COLUMN rationale_sealed BLOB",
                "ALTER TABLE case_decisions ALTER COLUMN rationale DROP NOT NULL",
            ),
        ),
    ],
)
