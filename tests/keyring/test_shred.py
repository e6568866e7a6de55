"""Crypto-shredding: after `keys destroy`, nothing personal can be read or linked, even from a
copy of the workspace taken before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aidtrace.audit.frames import MAGIC, scan
from aidtrace.errors import KeyMaterialError
from aidtrace.events import Event, KeysDestroyed, decode
from aidtrace.ingest import get_importer
from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.shred import destroy_keys
from aidtrace.people.access import reveal
from aidtrace.privacy.keys import FileKeySource, KeyPurpose, derive_key
from aidtrace.privacy.tokens import Tokeniser
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from people.sample import BENEFICIARY_COLUMNS, beneficiary_rows, write_csv

PERSON = "beneficiary:M000010"


def _tokens(ws: Workspace) -> set[str]:
    rows = ws.engine.query("SELECT given_tok, phone_tok FROM person_tokens").to_pylist()
    return {v for r in rows for v in r.values() if v}


def test_destroy_makes_fields_unreadable_and_tokens_unlinkable(
    people_workspace: Workspace, tmp_path: Path
) -> None:
    ws = people_workspace
    assert reveal(ws, PERSON, actor="t", reason="before shredding")["given_name"] == "Abdul Qadir"
    ws.engine.execute("CHECKPOINT")
    backup = tmp_path / "backup"
    shutil.copytree(ws.path, backup)  # a copy someone made (or stole) before the shredding
    report = destroy_keys(ws)
    assert "deleted the key file" in report.key_material
    assert report.sealed_fields > 0
    assert report.tokens_deleted == 340

    with pytest.raises(KeyMaterialError, match="destroyed"):
        reveal(ws, PERSON, actor="t", reason="after shredding")
    with pytest.raises(KeyMaterialError, match="destroyed"):
        KeyRing.open(ws)
    later = write_csv(tmp_path / "later.csv", BENEFICIARY_COLUMNS, beneficiary_rows(2))
    with pytest.raises(KeyMaterialError, match="destroyed"):
        get_importer("beneficiaries").load(ws, later, no_progress)
    assert _tokens(ws) == set()
    log = ws.engine.query("SELECT outcome FROM privacy_access_log ORDER BY accessed_at")
    assert log.column("outcome").to_pylist() == ["shown", "failed"]

    # The old copy still holds tokens, but neither the old key nor a new one reproduces them.
    with Workspace.open(backup) as old:
        with pytest.raises(KeyMaterialError, match="not found"):
            KeyRing.open(old)
        stolen = _tokens(old)
    guess = Tokeniser(derive_key(bytes(32), KeyPurpose.LINKAGE_TOKENS), "lt1-guess")
    assert stolen
    assert guess.name("Abdul Qadir")[0] not in stolen


def test_reopened_workspace_says_keys_were_destroyed(people_workspace: Workspace) -> None:
    destroy_keys(people_workspace)
    path = people_workspace.path
    people_workspace.close()
    with Workspace.open(path) as ws:
        assert ws.keys.describe().startswith("destroyed:")
        with pytest.raises(KeyMaterialError, match="destroyed"):
            reveal(ws, PERSON, actor="t", reason="after reopening")
        with pytest.raises(KeyMaterialError, match="already destroyed"):
            destroy_keys(ws)
        counts = ws.engine.query("SELECT count(*) AS n FROM people").column("n")[0].as_py()
        assert counts == 340  # aggregates survive


def _events(ws: Workspace) -> list[Event]:
    log = (ws.path / "audit" / "log.bin").read_bytes()
    return [decode(frame.entry) for frame in scan(log, len(MAGIC))]


def test_destroy_is_in_the_audit_log(people_workspace: Workspace) -> None:
    ws = people_workspace
    reveal(ws, PERSON, actor="t", reason="before shredding")  # one sealed reason
    live = {k for k in KeyRing.open(ws).active.values()}
    root_id = KeyRing.open(ws).root_id
    report = destroy_keys(ws)
    (event,) = [e for e in _events(ws) if isinstance(e, KeysDestroyed)]
    assert report.audited.startswith("audit entry ")
    assert (event.root_id, set(event.key_ids), event.source_kind) == (root_id, live, "file")
    assert (event.sealed_fields, event.sealed_texts) == (report.sealed_fields, 1)
    assert event.token_rows == report.tokens_deleted == 340


def test_destroy_goes_on_when_the_key_is_already_gone(people_workspace: Workspace) -> None:
    # Shredding is the safe failure: a key that cannot sign the log any more cannot stop it.
    ws = people_workspace
    assert isinstance(ws.keys, FileKeySource)
    ws.keys.path.unlink()
    report = destroy_keys(ws)
    assert report.audited.startswith("not recorded in the audit log")
    assert "nothing left to erase" in report.key_material
    assert report.tokens_deleted == 340
    assert ws.keys.describe().startswith("destroyed:")
    assert not [e for e in _events(ws) if isinstance(e, KeysDestroyed)]
