"""The accounts' table of their own: second-factor enrolments (``totp``).

The accounts themselves are the web desk's oldest table (``web_users``, in
``aidtrace.store.web_schema``); an enrolment has its own table so that it can be sealed,
re-sealed on rotation and deleted without touching the account.
"""

from aidtrace.keyring.freetext import SealedText, register_sealed_text
from aidtrace.store.migrations import Migration, register

# An account's TOTP secret, sealed like free text (bound to the table, the account and the
# column); ``secret`` itself is never written.
TOTP_SECRET = register_sealed_text(
    SealedText("account_totp", "username", "secret", "secret_sealed")
)

MIGRATIONS = register(
    "accounts",
    [
        Migration(
            1,
            "TOTP second factor: each enrolled account's sealed secret and the last step used",
            (
                "CREATE TABLE account_totp (username VARCHAR PRIMARY KEY, secret VARCHAR, "
                "secret_sealed BLOB NOT NULL, last_step BIGINT NOT NULL, "
                "enabled_at TIMESTAMPTZ NOT NULL)",
            ),
        ),
    ],
)
