"""The privacy layer's tables: which keys exist (by public id only) and who saw what."""

from aidtrace.keyring.freetext import SealedText, register_sealed_text
from aidtrace.store.migrations import Migration, register

# Why someone looked at a person's data: free text, sealed (``freetext``).
REVEAL_REASON = register_sealed_text(
    SealedText("privacy_access_log", "access_id", "reason", "reason_sealed")
)

MIGRATIONS = register(
    "privacy",
    [
        Migration(
            1,
            "key ids and the access log of decryptions",
            (
                # Only public key ids: the keys themselves never enter the store.
                "CREATE TABLE privacy_keys (key_id VARCHAR PRIMARY KEY, purpose VARCHAR NOT NULL, "
                "version INTEGER NOT NULL, root_id VARCHAR NOT NULL, status VARCHAR NOT NULL, "
                "created_at TIMESTAMPTZ NOT NULL, retired_at TIMESTAMPTZ)",
                "CREATE TABLE privacy_access_log (access_id VARCHAR PRIMARY KEY, "
                "accessed_at TIMESTAMPTZ NOT NULL, actor VARCHAR NOT NULL, "
                "record_id VARCHAR NOT NULL, fields VARCHAR NOT NULL, reason VARCHAR NOT NULL, "
                "outcome VARCHAR NOT NULL)",
            ),
        ),
        Migration(
            2,
            "reveal reasons sealed: a ciphertext column beside the old plaintext one",
            (
                "ALTER TABLE privacy_access_log ADD COLUMN reason_sealed BLOB",
                "ALTER TABLE privacy_access_log ALTER COLUMN reason DROP NOT NULL",
            ),
        ),
    ],
)
