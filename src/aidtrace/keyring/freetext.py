"""Free text sealed like a personal field: case comments, decision rationales, reveal reasons.

People type anything into a comment (a phone number, a name, where someone is staying), so
free text gets what a personal field gets: it is sealed with the workspace's field-encryption
key (``crypto.FieldCipher``, bound to its table, row and column) before it reaches the store,
opened only for display, re-sealed when the keys rotate, and unreadable once they are destroyed,
when it reads as :data:`KEY_DESTROYED`.

A component declares each sealed column with ``register_sealed_text``: a BLOB column for the
ciphertext beside the VARCHAR column that held the text before sealing existed. Rows written by
an older aidtrace keep their plaintext there until ``seal_plaintext`` (``aidtrace keys seal``) or
a rotation seals it; ``wipe_plaintext`` blanks whatever is left when the keys are destroyed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from aidtrace.errors import KeyMaterialError
from aidtrace.keyring.ring import KeyRing, destroyed_at
from aidtrace.keyring.rotate import register_rekeyer
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.progress import Progress
from aidtrace.store.engine import Engine
from aidtrace.store.migrations import SCHEMAS
from aidtrace.workspace import Workspace

KEY_DESTROYED = "[sealed — key destroyed]"
KEY_UNAVAILABLE = "[sealed — key unavailable]"
NOT_KEPT = "[not kept — no key to seal it]"


@dataclass(frozen=True)
class SealedText:
    """One sealed free-text column: ``sealed`` holds the ciphertext, ``plain`` only legacy text."""

    table: str
    id_column: str
    plain: str
    sealed: str

    def record_id(self, row_id: str) -> str:
        # The table is part of what the ciphertext is bound to: no moving text between tables.
        return f"{self.table}:{row_id}"


_SEALED: dict[tuple[str, str], SealedText] = {}


def register_sealed_text(text: SealedText) -> SealedText:
    _SEALED[(text.table, text.plain)] = text
    return text


def sealed_texts() -> list[SealedText]:
    """Every declared column (schema modules declare theirs beside their migrations)."""
    SCHEMAS.all()
    return [_SEALED[k] for k in sorted(_SEALED)]


class FreeText:
    """Seals and opens one workspace's free text; the key ring is opened on first need."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._cipher: FieldCipher | None = None
        self._missing: str | None = None  # what text shows when no key can open it

    def seal(self, column: SealedText, row_id: str, text: str) -> bytes:
        """The sealed form of ``text``; ``KeyMaterialError`` when the key is unavailable."""
        if self._cipher is None:
            self._cipher = FieldCipher(KeyRing.open(self.workspace))
        return self._cipher.seal(column.record_id(row_id), column.plain, text)

    def show(self, column: SealedText, row_id: str, sealed: bytes | None, plain: str | None) -> str:
        """The text for display: opened, legacy plaintext, or a marker saying why not.

        A missing or destroyed key is a marker, never an error (cases stay workable after
        shredding); a ciphertext that fails authentication raises ``IntegrityError``."""
        if sealed is None:
            return plain if plain is not None else self._gone()
        cipher = self._opener()
        if cipher is None:
            return self._gone()
        try:
            return cipher.open(column.record_id(row_id), column.plain, sealed)
        except KeyMaterialError:  # sealed under a key the ring no longer has
            return KEY_UNAVAILABLE

    def _opener(self) -> FieldCipher | None:
        if self._cipher is None and self._missing is None:
            try:
                self._cipher = FieldCipher(KeyRing.open(self.workspace))
            except KeyMaterialError:
                self._missing = self._gone()
        return self._cipher

    def _gone(self) -> str:
        return KEY_DESTROYED if destroyed_at(self.workspace.engine) else KEY_UNAVAILABLE


def _rows(engine: Engine, column: SealedText, where: str) -> list[dict[str, object]]:
    c = column
    sql = (
        f"SELECT {c.id_column} AS id, {c.plain} AS plain, {c.sealed} AS sealed "
        f"FROM {c.table} WHERE {where}"
    )
    rows: list[dict[str, object]] = engine.query(sql).to_pylist()
    return rows


def _store_sealed(engine: Engine, column: SealedText, sealed: dict[str, bytes]) -> None:
    """Write ciphertexts by row id and clear the rows' plaintext, in one statement."""
    if not sealed:
        return
    engine.register(
        "__sealed_text",
        pa.table({"id": list(sealed), "blob": list(sealed.values())}),
    )
    c = column
    engine.execute(
        f"UPDATE {c.table} SET {c.sealed} = s.blob, {c.plain} = NULL FROM __sealed_text s "
        f"WHERE {c.table}.{c.id_column} = s.id"
    )


def seal_plaintext(workspace: Workspace) -> int:
    """Seal every row still holding plaintext (written before sealing existed); returns how
    many. Needs the key; runs in one transaction."""
    texts = FreeText(workspace)
    engine, done = workspace.engine, 0
    with engine.transaction():
        for column in sealed_texts():
            rows = _rows(engine, column, f"{column.sealed} IS NULL AND {column.plain} IS NOT NULL")
            sealed = {str(r["id"]): texts.seal(column, str(r["id"]), str(r["plain"])) for r in rows}
            _store_sealed(engine, column, sealed)
            done += len(sealed)
    return done


def reseal(workspace: Workspace, old: KeyRing, new: KeyRing, progress: Progress) -> int:
    """Re-keyer: open every sealed text with ``old`` (or take its legacy plaintext) and seal it
    under ``new``. Runs inside the rotation's transaction."""
    opener, sealer = FieldCipher(old), FieldCipher(new)
    done = 0
    for column in sealed_texts():
        rows = _rows(
            workspace.engine, column, f"{column.sealed} IS NOT NULL OR {column.plain} IS NOT NULL"
        )
        sealed: dict[str, bytes] = {}
        for r in rows:
            rid = column.record_id(str(r["id"]))
            blob = r["sealed"]
            text = (
                opener.open(rid, column.plain, blob) if isinstance(blob, bytes) else str(r["plain"])
            )
            sealed[str(r["id"])] = sealer.seal(rid, column.plain, text)
        _store_sealed(workspace.engine, column, sealed)
        done += len(sealed)
        progress("re-sealing free text", done, done)
    return done


def wipe_plaintext(engine: Engine) -> int:
    """Blank the plaintext rows left from before sealing (keys destroyed: they must go too)."""
    done = 0
    for column in sealed_texts():
        done += count(engine, column, sealed=False)
        engine.execute(
            f"UPDATE {column.table} SET {column.plain} = NULL WHERE {column.plain} IS NOT NULL"
        )
    return done


def count(engine: Engine, column: SealedText, *, sealed: bool) -> int:
    """Rows of ``column`` that are sealed, or (``sealed=False``) still in plaintext."""
    if not engine.has_table(column.table):
        return 0
    name = column.sealed if sealed else column.plain
    table = engine.query(f"SELECT count(*) AS n FROM {column.table} WHERE {name} IS NOT NULL")
    return int(table.column("n")[0].as_py())


def totals(engine: Engine) -> tuple[int, int]:
    """(sealed rows, plaintext rows) over every sealed column."""
    columns = sealed_texts()
    return (
        sum(count(engine, c, sealed=True) for c in columns),
        sum(count(engine, c, sealed=False) for c in columns),
    )


register_rekeyer("free_text", reseal)
