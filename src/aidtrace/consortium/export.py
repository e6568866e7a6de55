"""Exporting an agency's beneficiaries as a linkage file for one consortium round.

The personal fields are decrypted in memory, turned into shared rows (``share_tokens``) and
dropped; nothing decryptable leaves. Each record gets an *opaque id*: ``HMAC(export key, person
id)`` under a random key made for this export and kept sealed in the workspace (``vault``), so
the ids say nothing, differ from one export to the next, and only this workspace can map them
back when the result comes in (``findings``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aidtrace import audit
from aidtrace.consortium import linkfile, secret, vault
from aidtrace.consortium.encoding import encode_people
from aidtrace.errors import InputError, NotFound
from aidtrace.events import ShareExported
from aidtrace.keyring.ring import KeyRing
from aidtrace.people.store import typed
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace

EXPORT_PREFIX = "consortium-export:"
KIND = "beneficiary"


@dataclass(frozen=True)
class ExportRecord:
    """What this workspace remembers of an export: enough to read the result back."""

    export_id: str
    consortium: str
    round: int
    agency: str
    records: int
    id_key: bytes


def opaque_id(id_key: bytes, person_id: str) -> str:
    return hmac.digest(id_key, person_id.encode(), hashlib.sha256)[: linkfile.ID_BYTES].hex()


def _personal(ws: Workspace, progress: Progress) -> dict[str, dict[str, object]]:
    cipher = FieldCipher(KeyRing.open(ws))
    rows = ws.engine.query(
        "SELECT f.person_id, f.field, f.ciphertext FROM person_fields f "
        "JOIN people p USING (person_id) WHERE p.kind = ? ORDER BY f.person_id",
        (KIND,),
    ).to_pylist()
    out: dict[str, dict[str, object]] = defaultdict(dict)
    for n, r in enumerate(rows, 1):
        pid, field = str(r["person_id"]), str(r["field"])
        out[pid][field] = typed(field, cipher.open(pid, field, r["ciphertext"]))
        if n % 50_000 == 0:
            progress("decrypting", n, len(rows))
    return out


def _public(ws: Workspace) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = ws.engine.query(
        "SELECT person_id, district_code, gender, registered_on FROM people "
        "WHERE kind = ? ORDER BY person_id",
        (KIND,),
    ).to_pylist()
    return rows


def export(
    ws: Workspace,
    consortium: str,
    path: Path,
    *,
    actor: str = "share export",
    progress: Progress = no_progress,
    seed: int | None = None,
    workers: int | None = None,
) -> linkfile.Header:
    """Write this workspace's beneficiaries for the current round of ``consortium``; the
    export (round, records, the file's SHA-256) is recorded in the audit log as ``actor``'s.
    ``workers``: processes that encode (default: one per core, up to four)."""
    c = secret.load(ws, consortium)
    people = _public(ws)
    if not people:
        raise InputError("this workspace holds no beneficiaries to share", source=ws.path)
    personal = _personal(ws, progress)
    pairs = [(p, personal.get(str(p["person_id"]), {})) for p in people]
    encoder, rows = encode_people(
        c.secret(), c.current.check, pairs, seed=seed, workers=workers, progress=progress
    )
    id_key = secrets.token_bytes(32)
    ids = [opaque_id(id_key, str(p["person_id"])) for p in people]
    header = linkfile.Header(
        consortium=c.name,
        round=c.current.number,
        check=c.current.check,
        agency=c.agency,
        export_id=linkfile.new_export_id(),
        records=len(rows),
        bloom_bits=encoder.bloom.stored_bits,
        flip=encoder.flip,
    )
    # Rows in opaque-id order: the register's own order (by member id, say) would leak.
    order = sorted(range(len(ids)), key=ids.__getitem__)
    table = encoder.table([ids[i] for i in order], [rows[i] for i in order])
    linkfile.write(path, header, table)
    _record(ws, header, path, actor)
    _remember(ws, ExportRecord(header.export_id, c.name, header.round, c.agency, len(rows), id_key))
    return header


def _record(ws: Workspace, header: linkfile.Header, path: Path, actor: str) -> None:
    """Log the export before the workspace remembers it: the file exists, and every
    beneficiary's fields were decrypted for it, whatever happens next."""
    event = ShareExported(
        at=ws.clock(), actor=actor, consortium=header.consortium, round=header.round,
        export_id=header.export_id, records=header.records, sha256=_sha256(path),
    )  # fmt: skip
    audit.record(ws, event)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remember(ws: Workspace, r: ExportRecord) -> None:
    public = {
        "consortium": r.consortium,
        "round": r.round,
        "agency": r.agency,
        "records": r.records,
        "created_at": ws.clock().isoformat(),
    }
    vault.put(ws, EXPORT_PREFIX + r.export_id, vault.Entry(public, {"ids": r.id_key}))


def recall(ws: Workspace, export_id: str) -> ExportRecord:
    """The export ``export_id`` this workspace made (``NotFound`` if it made none such)."""
    entry = vault.get(ws, EXPORT_PREFIX + export_id)
    if entry is None:
        raise NotFound(f"this workspace made no linkage export {export_id}")
    p = entry.public
    return ExportRecord(
        export_id,
        str(p["consortium"]),
        int(str(p["round"])),
        str(p["agency"]),
        int(str(p["records"])),
        entry.secrets["ids"],
    )


def id_map(ws: Workspace, record: ExportRecord) -> dict[str, str]:
    """Opaque id → person id, for every beneficiary the workspace holds now."""
    return {opaque_id(record.id_key, str(p["person_id"])): str(p["person_id"]) for p in _public(ws)}
