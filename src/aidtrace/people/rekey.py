"""Re-keying the people tables on key rotation: decrypt, re-seal, re-tokenise, in memory."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa

from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.rotate import register_rekeyer
from aidtrace.people.store import sealed_rows, typed
from aidtrace.people.tokens import PLAIN_COLUMNS, token_row
from aidtrace.privacy.bloom import BloomEncoder
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.privacy.keys import KeyPurpose
from aidtrace.privacy.tokens import Tokeniser
from aidtrace.progress import Progress
from aidtrace.workspace import Workspace


def rekey_people(workspace: Workspace, old: KeyRing, new: KeyRing, progress: Progress) -> int:
    """Re-seal every personal field and rebuild every token row under ``new``."""
    engine = workspace.engine
    opener, sealer = FieldCipher(old), FieldCipher(new)
    kid, key = new.active_key(KeyPurpose.LINKAGE_TOKENS)
    tok, bloom = Tokeniser(key, kid), BloomEncoder(key)
    personal: dict[str, dict[str, object]] = defaultdict(dict)
    for r in engine.query("SELECT person_id, field, ciphertext FROM person_fields").to_pylist():
        pid, field = str(r["person_id"]), str(r["field"])
        personal[pid][field] = typed(field, opener.open(pid, field, r["ciphertext"]))
    plain = engine.query(f"SELECT {', '.join(PLAIN_COLUMNS)} FROM person_tokens").to_pylist()
    sealed: list[dict[str, object]] = []
    for n, pid in enumerate(personal, 1):
        sealed.extend(sealed_rows(sealer, pid, personal[pid]))
        if n % 10_000 == 0:
            progress("re-sealing personal fields", n, len(personal))
    tokens = [
        token_row(tok, bloom, {**row, "token_key_id": kid}, personal.get(str(row["person_id"]), {}))
        for row in plain
    ]
    engine.execute("DELETE FROM person_fields")
    engine.execute("DELETE FROM person_tokens")
    if sealed:
        engine.write("person_fields", pa.Table.from_pylist(sealed))
    if tokens:
        engine.write("person_tokens", pa.Table.from_pylist(tokens))
    return len(personal)


register_rekeyer("people", rekey_people)
