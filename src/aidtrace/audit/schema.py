"""The audit log's footprint in the store: the marks that make a rollback visible, the
witnesses a workspace reports to, and what each of them answered.

Every table is insert-only: the latest mark is the row with the highest (epoch, tree size), and
``audit recover`` starts a new epoch rather than deleting what was seen before.
"""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "audit",
    [
        Migration(
            1,
            "audit log marks, witnesses and their replies",
            (
                "CREATE TABLE audit_marks (epoch INTEGER NOT NULL, tree_size BIGINT NOT NULL, "
                "root_hash VARCHAR NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)",
                "CREATE TABLE audit_witnesses (name VARCHAR NOT NULL, url VARCHAR NOT NULL, "
                "vkey VARCHAR NOT NULL, added_at TIMESTAMPTZ NOT NULL, "
                "added_by VARCHAR NOT NULL, removed BOOLEAN NOT NULL DEFAULT false)",
                "CREATE TABLE audit_witness_replies (name VARCHAR NOT NULL, "
                "tree_size BIGINT NOT NULL, root_hash VARCHAR NOT NULL, status VARCHAR NOT NULL, "
                "detail VARCHAR NOT NULL, cosignature VARCHAR, replied_at TIMESTAMPTZ NOT NULL)",
            ),
        ),
        Migration(
            2,
            "the tree's peaks with each mark (consistency proofs for witnesses without the tree)",
            ("ALTER TABLE audit_marks ADD COLUMN frontier VARCHAR",),
        ),
        Migration(
            3,
            "the first entry each mark vouches for (committed with that entry's change)",
            ("ALTER TABLE audit_marks ADD COLUMN entries_from BIGINT",),
        ),
    ],
)
