"""Tables of the web desk: its user accounts (passwords only as Argon2id hashes) and the
requests for personal data it refused (each also in the audit log; kept here for the report).

They are declared here, beside the store, and not in ``aidtrace.web``: every workspace has them,
and opening one must not import the web desk (FastAPI and every route) to learn its schema.
"""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "web",
    [
        Migration(
            1,
            "web users with roles, lockout state and a session epoch",
            (
                "CREATE TABLE web_users (username VARCHAR PRIMARY KEY, "
                "display_name VARCHAR NOT NULL, role VARCHAR NOT NULL, "
                "password_hash VARCHAR NOT NULL, active BOOLEAN NOT NULL, "
                "failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TIMESTAMPTZ, "
                "session_epoch INTEGER NOT NULL DEFAULT 0, "
                "created_at TIMESTAMPTZ NOT NULL, last_login TIMESTAMPTZ)",
            ),
        ),
        Migration(
            2,
            "refused requests to see personal data",
            (
                "CREATE TABLE web_reveal_refusals (refused_at TIMESTAMPTZ NOT NULL, "
                "actor VARCHAR NOT NULL, record_id VARCHAR NOT NULL, why VARCHAR NOT NULL)",
            ),
        ),
        Migration(
            3,
            "each account's desk language (none: the browser's)",
            ("ALTER TABLE web_users ADD COLUMN language VARCHAR",),
        ),
        Migration(
            4,
            "saved filters of the alert and case queues, per account and name",
            (
                "CREATE TABLE web_saved_filters (username VARCHAR NOT NULL, "
                "queue VARCHAR NOT NULL, name VARCHAR NOT NULL, query VARCHAR NOT NULL, "
                "saved_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (username, queue, name))",
            ),
        ),
    ],
)
