"""Screening's own table: decisions on screening hits, appended, never overwritten."""

from __future__ import annotations

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "screening",
    [
        Migration(
            1,
            "screening decisions per (subject, list entry, entry version)",
            (
                "CREATE TABLE screening_decisions (decision_id VARCHAR PRIMARY KEY, "
                "subject VARCHAR NOT NULL, list_name VARCHAR NOT NULL, "
                "source_id VARCHAR NOT NULL, entry_version VARCHAR NOT NULL, "
                "decision VARCHAR NOT NULL, decided_by VARCHAR NOT NULL, "
                "decided_at TIMESTAMPTZ NOT NULL, note VARCHAR)",
            ),
        )
    ],
)
