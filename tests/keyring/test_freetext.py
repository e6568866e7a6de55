"""Reveal reasons are free text and sealed like a comment: opened for the access log's readers,
never in the store or the audit log in plaintext, and unreadable after `keys destroy`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.errors import KeyMaterialError
from aidtrace.keyring.freetext import KEY_DESTROYED, totals
from aidtrace.keyring.shred import destroy_keys
from aidtrace.people.access import access_log, reveal
from aidtrace.workspace import STORE_NAME, Workspace

PERSON = "beneficiary:M000001"
REASON = "his cousin rang from 0791234567"


def _on_disk(ws: Workspace, *patterns: str) -> bytes:
    ws.engine.execute("CHECKPOINT")
    return b"".join(p.read_bytes() for pattern in patterns for p in ws.path.glob(pattern))


def test_reveal_reason_is_sealed_and_shown_to_the_log_reader(people_workspace: Workspace) -> None:
    ws = people_workspace
    reveal(ws, PERSON, actor="officer.a", reason=REASON)
    (row,) = access_log(ws, PERSON)
    assert row["reason"] == REASON
    assert "reason_sealed" not in row
    assert totals(ws.engine) == (1, 0)
    assert b"0791234567" not in _on_disk(ws, f"{STORE_NAME}*", "audit/*")


def test_reveal_reasons_read_as_sealed_after_keys_destroy(people_workspace: Workspace) -> None:
    ws = people_workspace
    reveal(ws, PERSON, actor="officer.a", reason=REASON)
    destroy_keys(ws)
    with pytest.raises(KeyMaterialError, match="destroyed"):
        reveal(ws, PERSON, actor="officer.a", reason="after the shredding")
    reasons = [row["reason"] for row in access_log(ws)]
    assert reasons == [KEY_DESTROYED, KEY_DESTROYED]  # the refused attempt kept no reason
    assert b"0791234567" not in _on_disk(ws, f"{STORE_NAME}*", "audit/*")


def _legacy_reason(ws: Workspace) -> None:
    """An access as aidtrace logged it before sealing: the reason in plaintext."""
    ws.engine.execute(
        "INSERT INTO privacy_access_log (access_id, accessed_at, actor, record_id, fields, "
        "reason, outcome) VALUES ('a0', now(), 'officer.a', ?, '*', ?, 'shown')",
        (PERSON, REASON),
    )


def test_cli_reports_and_seals_legacy_plaintext(people_workspace: Workspace) -> None:
    ws = people_workspace
    _legacy_reason(ws)
    path = str(ws.path)
    ws.close()
    runner = CliRunner()
    shown = runner.invoke(app, ["-w", path, "keys", "show"])
    assert shown.exit_code == 0, shown.output
    assert "1 written before sealing are still plaintext" in shown.stdout
    sealed = runner.invoke(app, ["-w", path, "keys", "seal"])
    assert sealed.exit_code == 0, sealed.output
    assert "1 texts sealed" in sealed.stdout
    with Workspace.open(Path(path)) as again:
        assert totals(again.engine) == (1, 0)
        assert access_log(again)[0]["reason"] == REASON
        # (DuckDB may keep the old text in a freed page until it reuses it: see the docs.)
        left = again.engine.query("SELECT count(reason) AS n FROM privacy_access_log")
        assert left.column("n")[0].as_py() == 0
    log = runner.invoke(app, ["-w", path, "keys", "log"])
    assert "0791234567" in log.stdout
