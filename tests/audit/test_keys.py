"""The audit key has its own history: heads and checkpoints signed before a root-key rotation
still verify, shredding the root key leaves the log appendable, and a log begun under the old
root-derived key carries on under a key it endorsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace import audit
from aidtrace.audit.checkpoint import log_verifier
from aidtrace.audit.export import KEYS_FILE, check_export
from aidtrace.audit.head import signing_key
from aidtrace.audit.keys import HISTORY, read_history
from aidtrace.audit.log import AuditLog
from aidtrace.audit.note import NoteError, parse_vkey
from aidtrace.audit.witness import trust_log
from aidtrace.audit.witnesses import add_witness
from aidtrace.errors import IntegrityError
from aidtrace.events import encode
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.keyring.shred import destroy_keys
from aidtrace.privacy.keys import FileKeySource
from aidtrace.workspace import Workspace

from .conftest import AT, import_event
from .witness_helpers import make_witness, serving


def test_heads_and_checkpoints_from_before_a_root_rotation_still_verify(
    workspace: Workspace, tmp_path: Path
) -> None:
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    head, vkey = audit.current_head(workspace), audit.log_vkey(workspace)
    note = audit.signed_checkpoint(workspace).render()
    assert head is not None
    rotate_keys(workspace, FileKeySource.create(tmp_path / "keys2" / "root.key"))
    audit.record(workspace, import_event(9))
    assert audit.log_vkey(workspace) == vkey  # the audit key did not change
    assert audit.verify(workspace, [head]).entries == 5  # the rotation event and one more
    assert audit.verify(workspace, key=bytes.fromhex(head.public_key)).entries == 5
    assert audit.check_checkpoint(workspace, note, [parse_vkey(vkey)]).tree_size == 3


def test_the_log_stays_appendable_after_the_keys_are_destroyed(workspace: Workspace) -> None:
    audit.record(workspace, import_event(1))
    destroy_keys(workspace)
    receipt = audit.record(workspace, import_event(2))
    assert receipt.tree_size == 3  # the destruction itself is entry 1
    assert audit.verify(workspace).entries == 3


def test_a_log_begun_under_the_root_derived_key_moves_to_an_endorsed_key(
    workspace: Workspace,
) -> None:
    legacy = signing_key(workspace.keys.root_key())
    old = AuditLog(workspace.path / "audit", signer=lambda: legacy, clock=lambda: AT)
    old.append([encode(import_event(n)) for n in range(4)])  # as an older aidtrace wrote it
    with old.locked(exclusive=False):
        legacy_head = old.read_state().head
    assert legacy_head is not None
    audit.record(workspace, import_event(5))
    history = read_history(workspace.path / "audit")
    assert history is not None
    assert [e.from_size for e in history.epochs] == [0, 4]
    assert history.epochs[0].key == bytes.fromhex(legacy_head.public_key)
    assert audit.verify(workspace, [legacy_head]).entries == 5
    pinned = bytes.fromhex(legacy_head.public_key)  # an auditor who pinned the old key
    assert audit.verify(workspace, key=pinned).entries == 5


def test_a_key_not_endorsed_by_its_predecessor_is_refused(workspace: Workspace) -> None:
    legacy = signing_key(workspace.keys.root_key())
    AuditLog(workspace.path / "audit", signer=lambda: legacy, clock=lambda: AT).append([b"x"])
    audit.record(workspace, import_event(1))
    path = workspace.path / "audit" / HISTORY
    doc = json.loads(path.read_text())
    doc["keys"][1]["endorsement"] = "00" * 64
    path.write_text(json.dumps(doc))
    with pytest.raises(IntegrityError, match="not endorsed"):
        audit.verify(workspace)


def test_an_auditor_who_pinned_the_old_key_checks_an_export_through_the_history(
    workspace: Workspace, tmp_path: Path
) -> None:
    legacy = signing_key(workspace.keys.root_key())
    AuditLog(workspace.path / "audit", signer=lambda: legacy, clock=lambda: AT).append([b"x"])
    audit.record(workspace, import_event(1))
    out = tmp_path / "export"
    audit.export(workspace, out)
    pinned = [log_verifier(audit.log_origin(workspace), legacy)]
    assert check_export(out, pinned).entries == 2
    (out / KEYS_FILE).unlink()  # without the history, the old key alone does not sign it
    with pytest.raises(NoteError):
        check_export(out, pinned)


def test_rotating_the_audit_key_keeps_old_heads_valid_and_shreds_the_old_key(
    workspace: Workspace, tmp_path: Path
) -> None:
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    head, old_vkey = audit.current_head(workspace), audit.log_vkey(workspace)
    assert head is not None
    old_secret = read_history(workspace.path / "audit").secret  # type: ignore[union-attr]
    rotated = audit.rotate_key(workspace, "admin")
    audit.record(workspace, import_event(4))
    assert not old_secret.exists()
    assert audit.log_vkey(workspace) != old_vkey
    assert [e.from_size for e in rotated.epochs] == [0, 3]
    assert audit.verify(workspace, [head]).entries == 5  # the rotation event and one more
    assert audit.verify(workspace, key=bytes.fromhex(head.public_key)).entries == 5
    out = tmp_path / "export"
    audit.export(workspace, out)
    assert check_export(out, [parse_vkey(old_vkey)]).entries == 5


def test_checkpoints_from_either_side_of_an_audit_key_rotation_verify(
    workspace: Workspace,
) -> None:
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    before, old_vkey = audit.signed_checkpoint(workspace).render(), audit.log_vkey(workspace)
    audit.rotate_key(workspace, "admin")
    audit.record(workspace, import_event(4))
    after = audit.signed_checkpoint(workspace).render()
    assert audit.check_checkpoint(workspace, before).tree_size == 3  # the log's own history
    assert audit.check_checkpoint(workspace, after).tree_size == 5
    pinned = [parse_vkey(old_vkey)]  # an auditor who pinned the old key follows its endorsement
    assert audit.check_checkpoint(workspace, after, pinned).tree_size == 5
    stranger = log_verifier(audit.log_origin(workspace), Ed25519PrivateKey.generate())
    with pytest.raises(NoteError):
        audit.check_checkpoint(workspace, after, [stranger])


def test_witnesses_need_the_new_verifier_key_after_a_rotation(
    workspace: Workspace, tmp_path: Path
) -> None:
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        audit.record(workspace, import_event(1))
        audit.rotate_key(workspace, "admin")
        refused = audit.witness_status(workspace)
        trust_log(witness.directory, audit.log_vkey(workspace))
        audit.notify_witnesses(workspace)
        cosigned = audit.witness_status(workspace)
    assert refused.cosigned == ()
    assert "HTTP 403" in refused.last_replies[0].detail
    assert cosigned.cosigned == ("donor.example/w",)
