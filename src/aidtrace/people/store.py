"""Reading and writing the people tables: sealed fields in, typed plaintext out (in memory)."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from aidtrace.ingest.tabular import FieldType
from aidtrace.people.layout import PERSONAL_TYPES
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.store.engine import Engine

PEOPLE_TABLES = ("people", "person_fields", "person_tokens")


def sealed_rows(
    cipher: FieldCipher, person_id: str, personal: Mapping[str, object]
) -> list[dict[str, object]]:
    """One ``person_fields`` row per personal value, sealed to this person and field."""
    return [
        {
            "person_id": person_id,
            "field": field,
            "key_id": cipher.key_id,
            "ciphertext": cipher.seal(person_id, field, str(value)),
        }
        for field, value in personal.items()
    ]


def typed(field: str, text: str) -> object:
    """A decrypted value back in its import type (years and ages are whole numbers)."""
    return int(text) if PERSONAL_TYPES.get(field) is FieldType.INTEGER else text


def write_people(engine: Engine, public: pa.Table, sealed: pa.Table, tokens: pa.Table) -> None:
    """Replace every stored row of the incoming people (a newer list supersedes an older one);
    the caller holds the transaction."""
    engine.register("__people_incoming", public.select(["person_id"]))
    try:
        for table in PEOPLE_TABLES:
            engine.execute(
                f"DELETE FROM {table} WHERE person_id IN (SELECT person_id FROM __people_incoming)"
            )
    finally:
        engine.register("__people_incoming", pa.table({"person_id": pa.array([], pa.string())}))
    for name, table in zip(PEOPLE_TABLES, (public, sealed, tokens), strict=True):
        if table.num_rows:
            engine.write(name, table, "append")


def open_fields(
    engine: Engine, cipher: FieldCipher, person_id: str, fields: tuple[str, ...] = ()
) -> dict[str, object]:
    """Decrypt one person's fields (all, or those named) into memory."""
    rows = engine.query(
        "SELECT field, ciphertext FROM person_fields WHERE person_id = ? ORDER BY field",
        (person_id,),
    ).to_pylist()
    return {
        str(r["field"]): typed(
            str(r["field"]), cipher.open(person_id, str(r["field"]), r["ciphertext"])
        )
        for r in rows
        if not fields or r["field"] in fields
    }
