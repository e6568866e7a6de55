"""The watchlist tables: snapshots, content-addressed entries, snapshot members, changes.

An entry unchanged between two snapshots is stored once (``list_entry_blobs`` is keyed by the
entry's content hash); a snapshot is the set of (source id → entry hash) it holds.
"""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "lists",
    [
        Migration(
            1,
            "watchlist snapshots, entries and changes",
            (
                "CREATE TABLE list_snapshots (snapshot_id VARCHAR PRIMARY KEY, "
                "list_name VARCHAR NOT NULL, version INTEGER NOT NULL, format VARCHAR NOT NULL, "
                "source VARCHAR NOT NULL, source_url VARCHAR, published_at TIMESTAMPTZ, "
                "content_sha256 VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL, "
                "entry_count INTEGER NOT NULL, previous_id VARCHAR, added INTEGER NOT NULL, "
                "removed INTEGER NOT NULL, amended INTEGER NOT NULL, "
                "UNIQUE (list_name, version))",
                "CREATE TABLE list_entry_blobs (entry_hash VARCHAR PRIMARY KEY, "
                "entry VARCHAR NOT NULL)",
                "CREATE TABLE list_members (snapshot_id VARCHAR NOT NULL, "
                "source_id VARCHAR NOT NULL, schema VARCHAR NOT NULL, "
                "primary_name VARCHAR NOT NULL, entry_hash VARCHAR NOT NULL, "
                "PRIMARY KEY (snapshot_id, source_id))",
                "CREATE TABLE list_changes (snapshot_id VARCHAR NOT NULL, "
                "source_id VARCHAR NOT NULL, change VARCHAR NOT NULL, fields VARCHAR NOT NULL, "
                "PRIMARY KEY (snapshot_id, source_id))",
            ),
        ),
    ],
)
