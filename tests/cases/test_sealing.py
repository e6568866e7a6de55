"""Free text in cases (comments, evidence notes, rationales) is sealed: the store never holds it
in plaintext, readers see it opened, and after `keys destroy` it reads as sealed, never as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cases import Case, Outcome, attach_evidence, comment, decide, get_case, open_case
from aidtrace.cli import app
from aidtrace.errors import IntegrityError
from aidtrace.keyring.freetext import KEY_DESTROYED, seal_plaintext
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.keyring.shred import destroy_keys
from aidtrace.privacy.crypto import sealed_key_id
from aidtrace.privacy.keys import FileKeySource
from aidtrace.workspace import STORE_NAME, Workspace

PHONE = "0791234567"

Write = Callable[[Workspace, str, Path], None]


def _comment(ws: Workspace, case_id: str, tmp: Path) -> None:
    comment(ws, case_id, f"Called the brother on {PHONE}", "amina")


def _evidence(ws: Workspace, case_id: str, tmp: Path) -> None:
    letter = tmp / "letter.pdf"
    letter.write_bytes(b"%PDF district letter")
    attach_evidence(ws, case_id, letter, "amina", note=f"he gave {PHONE} as his number")


def _rationale(ws: Workspace, case_id: str, tmp: Path) -> None:
    decide(ws, case_id, Outcome.ESCALATE, "amina", f"{PHONE} also paid another household")


WRITERS = pytest.mark.parametrize("write", [_comment, _evidence, _rationale])


@pytest.fixture
def case_id(workspace: Workspace) -> str:
    alert = Alert("integrity", "1", "ghost", "beneficiary:M1", 0.9, "ghost?", "g1", Severity.HIGH)
    save_alerts(workspace, [alert], "run1")
    return open_case(workspace, [alert.alert_id], "amina")


def _texts(case: Case) -> list[str]:
    return [n.text for n in case.notes] + [d.rationale for d in case.decisions]


def _on_disk(ws: Workspace) -> bytes:
    ws.engine.execute("CHECKPOINT")
    return b"".join(p.read_bytes() for p in ws.path.glob(f"{STORE_NAME}*"))


@WRITERS
def test_free_text_is_stored_sealed_and_shown_opened(
    workspace: Workspace, case_id: str, tmp_path: Path, write: Write
) -> None:
    write(workspace, case_id, tmp_path)
    assert any(PHONE in text for text in _texts(get_case(workspace, case_id)))
    assert PHONE.encode() not in _on_disk(workspace)


@WRITERS
def test_after_keys_destroy_free_text_reads_as_sealed(
    workspace: Workspace, case_id: str, tmp_path: Path, write: Write
) -> None:
    write(workspace, case_id, tmp_path)
    destroy_keys(workspace)
    texts = _texts(get_case(workspace, case_id))
    assert KEY_DESTROYED in texts
    assert not any(PHONE in text for text in texts)
    path = workspace.path
    workspace.close()
    with Workspace.open(path) as again:
        assert KEY_DESTROYED in _texts(get_case(again, case_id))


@WRITERS
def test_rotation_to_a_new_root_reseals_free_text(
    workspace: Workspace, case_id: str, tmp_path: Path, write: Write
) -> None:
    write(workspace, case_id, tmp_path)
    report = rotate_keys(workspace, FileKeySource.create(tmp_path / "keys" / "root.v2.key"))
    assert report.old_source_destroyed  # the old root is gone: only re-sealed text can be read
    assert report.rows["free_text"] == 1
    assert any(PHONE in text for text in _texts(get_case(workspace, case_id)))
    blobs = workspace.engine.query(
        "SELECT body_sealed AS b FROM case_notes UNION ALL "
        "SELECT rationale_sealed FROM case_decisions"
    ).column("b")
    assert {sealed_key_id(b.as_py()) for b in blobs} == {report.new_key_ids[0]}


def test_sealed_text_moved_to_another_row_fails_authentication(
    workspace: Workspace, case_id: str
) -> None:
    comment(workspace, case_id, "first", "amina")
    comment(workspace, case_id, "second", "amina")
    workspace.engine.execute(
        "UPDATE case_notes SET body_sealed = (SELECT max(body_sealed) FROM case_notes)"
    )
    with pytest.raises(IntegrityError, match="fails authentication"):
        get_case(workspace, case_id)


def _legacy_comment(ws: Workspace, case_id: str) -> None:
    """A comment as aidtrace wrote it before sealing: plaintext in ``body``."""
    ws.engine.execute(
        "INSERT INTO case_notes (note_id, case_id, kind, author, body, noted_at) "
        "VALUES ('old1', ?, 'comment', 'amina', ?, now())",
        (case_id, f"old note: {PHONE}"),
    )


def test_legacy_plaintext_is_shown_then_sealed(workspace: Workspace, case_id: str) -> None:
    _legacy_comment(workspace, case_id)
    assert f"old note: {PHONE}" in _texts(get_case(workspace, case_id))
    assert seal_plaintext(workspace) == 1
    assert seal_plaintext(workspace) == 0
    row = workspace.engine.query("SELECT body, body_sealed FROM case_notes").to_pylist()[0]
    assert row["body"] is None
    assert row["body_sealed"]
    assert f"old note: {PHONE}" in _texts(get_case(workspace, case_id))


def test_legacy_plaintext_does_not_survive_keys_destroy(workspace: Workspace, case_id: str) -> None:
    _legacy_comment(workspace, case_id)
    report = destroy_keys(workspace)
    assert report.plaintext_wiped == 1
    assert _texts(get_case(workspace, case_id)) == [KEY_DESTROYED]
    assert PHONE.encode() not in _on_disk(workspace)


def test_cli_cases_show_after_keys_destroy(workspace: Workspace, case_id: str) -> None:
    comment(workspace, case_id, f"ring {PHONE}", "amina")
    path = str(workspace.path)
    runner = CliRunner()
    shown = runner.invoke(app, ["-w", path, "cases", "show", case_id])
    assert shown.exit_code == 0, shown.output
    assert PHONE in shown.stdout
    destroy_keys(workspace)
    workspace.close()
    after = runner.invoke(app, ["-w", path, "cases", "show", case_id])
    assert after.exit_code == 0, after.output
    assert "sealed" in after.stdout
    assert "key destroyed" in after.stdout
    assert PHONE not in after.stdout
