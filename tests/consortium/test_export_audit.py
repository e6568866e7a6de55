"""``share export`` decrypts every beneficiary: it leaves an event of its own in the audit log
(the consortium, round, export, record count and the file's SHA-256), which verifies and names
nobody."""

from __future__ import annotations

import hashlib
import json

from aidtrace import audit
from aidtrace.audit.log import LOG
from aidtrace.events import EventKind, ShareExported, decode
from aidtrace.workspace import Workspace

from .conftest import Round


def _exported(ws: Workspace, export_id: str) -> ShareExported:
    log = audit.open_log(ws)
    index = audit.find_event(log, export_id)
    event = decode(str(audit.prove(ws, str(index))["entry"]).encode())
    assert isinstance(event, ShareExported)
    return event


def test_each_export_is_in_the_log_with_its_file_digest(exported: Round) -> None:
    for path, file, header in zip(
        exported.workspaces, exported.files, exported.headers, strict=True
    ):
        with Workspace.open(path, read_only=True) as ws:
            event = _exported(ws, header.export_id)
            verified = audit.verify(ws)
        assert event.kind is EventKind.SHARE_EXPORTED
        assert (event.consortium, event.round, event.records) == ("demo", 1, header.records)
        assert event.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
        assert verified.entries > 0


def test_the_log_names_no_beneficiary(exported: Round) -> None:
    people = exported.registers.a + exported.registers.b
    fields = ("given_name", "father_name", "grandfather_name", "phone", "tazkira")
    names = {row[k] for row in people for k in fields}
    for path in exported.workspaces:
        blob = (path / "audit" / LOG).read_bytes()
        assert b'"share_exported"' in blob
        leaked = [n for n in names if n and json.dumps(n)[1:-1].encode() in blob]
        assert leaked == []
