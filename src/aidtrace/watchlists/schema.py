"""The watchlist tables: snapshots, content-addressed entries, snapshot members, changes.

An entry unchanged between two snapshots is stored once (``list_entry_blobs`` is keyed by the
entry's content hash); a snapshot is the set of (source id → entry hash) it holds.

Which snapshot of a list is current is a history, never overwritten: ``list_heads`` gains a row
each time a snapshot becomes current (loaded, restored, forced, rolled back) and the row with
the highest ``seq`` wins. ``list_checks`` records each ``lists update`` attempt per source, so the
freshness monitor can tell a list confirmed yesterday from one nobody could fetch for weeks.
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
        Migration(
            2,
            "current snapshot history and update attempts",
            (
                "CREATE TABLE list_heads (list_name VARCHAR NOT NULL, seq INTEGER NOT NULL, "
                "snapshot_id VARCHAR NOT NULL, made_at TIMESTAMPTZ NOT NULL, "
                "reason VARCHAR NOT NULL, actor VARCHAR NOT NULL, note VARCHAR NOT NULL, "
                "PRIMARY KEY (list_name, seq))",
                # Until now the highest version was current: say so for every existing list.
                "INSERT INTO list_heads SELECT list_name, 1, snapshot_id, loaded_at, 'loaded', "
                "'lists', '' FROM list_snapshots WHERE (list_name, version) IN "
                "(SELECT list_name, max(version) FROM list_snapshots GROUP BY list_name)",
                "CREATE TABLE list_checks (checked_at TIMESTAMPTZ NOT NULL, "
                "source VARCHAR NOT NULL, list_name VARCHAR, status VARCHAR NOT NULL, "
                "snapshot_id VARCHAR, detail VARCHAR NOT NULL)",
            ),
        ),
    ],
)
