"""``audit recover`` after ``audit rotate-key``: the entries the retired key wrote can no longer
be checked by their macs, so they are accepted only as far as they hash to the root the key
history recorded, signed, when the key changed; anything else is still refused."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.audit.frames import MAGIC, scan
from aidtrace.audit.head import signing_key
from aidtrace.audit.keys import HISTORY, read_history
from aidtrace.audit.log import HEAD, LOG, AuditLog
from aidtrace.audit.merkle import Frontier, leaf_hash
from aidtrace.audit.recover import recover
from aidtrace.cli import app
from aidtrace.errors import IntegrityError
from aidtrace.events import AuditRecovered, decode, encode
from aidtrace.keyring.shred import destroy_keys
from aidtrace.workspace import Workspace

from .conftest import AT, import_event

runner = CliRunner()


def _cli(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout + result.stderr


def _head(ws: Workspace) -> bytes:
    return (ws.path / "audit" / HEAD).read_bytes()


def _cut_to(directory: Path, head_bytes: bytes) -> None:
    """Cut log.bin where an older head.json says the log ended, and remove head.json."""
    with (directory / LOG).open("r+b") as fh:
        fh.truncate(json.loads(head_bytes)["log_bytes"])
    (directory / HEAD).unlink()


def _cut_below_head(directory: Path, older: bytes) -> None:
    _cut_to(directory, older)


def _head_removed(directory: Path, older: bytes) -> None:
    (directory / HEAD).unlink()


ATTACKS: dict[str, Callable[[Path, bytes], None]] = {
    "cut below its head": _cut_below_head,
    "head removed": _head_removed,
}


@pytest.fixture
def rotated(workspace: Workspace) -> tuple[Workspace, bytes]:
    """3 entries under the first audit key, the rotation and 2 more under the new one (the
    first key shredded), and the head.json the log had at 5 entries."""
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    audit.rotate_key(workspace, "admin")
    audit.record(workspace, import_event(3))
    older = _head(workspace)
    audit.record(workspace, import_event(4))
    return workspace, older


@pytest.mark.parametrize("attack", ATTACKS)
def test_recover_after_an_audit_key_rotation(rotated: tuple[Workspace, bytes], attack: str) -> None:
    ws, older = rotated
    ATTACKS[attack](ws.path / "audit", older)
    ws.close()
    code, out = _cli(ws.path, "audit", "recover", "--as", "auditor")
    assert code == 0, out
    assert "the store had seen 6 entries" in out
    code, out = _cli(ws.path, "audit", "verify")
    assert code == 0, out
    with Workspace.open(ws.path) as again:
        receipt = audit.record(again, import_event(10))
        entry = audit.prove(again, str(receipt.index - 1))["entry"]
        assert audit.verify(again).entries == receipt.tree_size
    event = decode(str(entry).encode())
    assert isinstance(event, AuditRecovered)
    assert (event.seen_size, event.found_size) == (6, 5 if attack == "cut below its head" else 6)


def _rewrite_first_entry(directory: Path) -> None:
    """Change the first entry and its leaf hash, so the frame still reads whole (its mac, made
    with the retired key, nobody can check any more)."""
    data = bytearray((directory / LOG).read_bytes())
    at = len(MAGIC)
    (size,) = struct.unpack(">I", data[at : at + 4])
    entry = bytes(data[at + 4 : at + 4 + size])
    forged = entry.replace(b"imp0", b"impX", 1)
    assert forged != entry
    assert len(forged) == size
    data[at + 4 : at + 4 + size] = forged
    data[at + 4 + size : at + 4 + size + 32] = leaf_hash(forged)
    (directory / LOG).write_bytes(bytes(data))


def _root_changed_in_history(directory: Path) -> None:
    """Rewrite the first entry and put its new root in the key history's handover (no key to
    sign it with)."""
    _rewrite_first_entry(directory)
    path = directory / HISTORY
    doc = json.loads(path.read_text())
    doc["handovers"][-1]["root_hash"] = _root_of_first(directory, 3).hex()
    path.write_text(json.dumps(doc))


def _root_of_first(directory: Path, count: int) -> bytes:
    frontier = Frontier()
    for frame in list(scan((directory / LOG).read_bytes(), len(MAGIC)))[:count]:
        frontier.push(frame.leaf)
    return frontier.root()


def _handovers_dropped(directory: Path) -> None:
    """A key history as written before handovers were kept (or stripped of them)."""
    path = directory / HISTORY
    doc = json.loads(path.read_text())
    del doc["handovers"]
    path.write_text(json.dumps(doc))


FORGERIES: dict[str, tuple[Callable[[Path], None], str]] = {
    "entry before the rotation rewritten": (_rewrite_first_entry, "nor do they hash"),
    "handover root rewritten to match": (_root_changed_in_history, "retired audit key"),
    "no handovers in the history": (_handovers_dropped, "retired audit key"),
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_recover_refuses_what_no_handover_vouches_for(
    rotated: tuple[Workspace, bytes], forgery: str
) -> None:
    ws, _ = rotated
    directory = ws.path / "audit"
    change, message = FORGERIES[forgery]
    change(directory)
    (directory / HEAD).unlink()
    with pytest.raises(IntegrityError, match=message):
        recover(ws, "auditor")


@pytest.fixture
def twice(workspace: Workspace) -> tuple[Workspace, bytes, bytes]:
    """Keys changed at 3 and at 6 entries; the heads the log had at 3 and at 5 entries."""
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    at_first = _head(workspace)
    audit.rotate_key(workspace, "admin")
    audit.record(workspace, import_event(3))
    between = _head(workspace)
    audit.record(workspace, import_event(4))
    audit.rotate_key(workspace, "admin")
    audit.record(workspace, import_event(5))
    return workspace, at_first, between


def test_a_log_cut_at_an_earlier_key_change_recovers_through_the_chain(
    twice: tuple[Workspace, bytes, bytes],
) -> None:
    """The first handover is signed by the second key, which only the third key's handover
    names: the chain leads back to it from the key in hand."""
    ws, at_first, _ = twice
    _cut_to(ws.path / "audit", at_first)
    found = recover(ws, "auditor")
    assert (found.found_size, found.head_lost) == (3, True)
    assert audit.verify(ws).entries == 4


def test_entries_of_a_retired_key_after_its_handover_are_refused(
    twice: tuple[Workspace, bytes, bytes],
) -> None:
    """Cut between two key changes: the entries of the middle key after the first handover
    can be checked by nothing."""
    ws, _, between = twice
    _cut_to(ws.path / "audit", between)
    with pytest.raises(IntegrityError, match="entries from 3 on were not written under"):
        recover(ws, "auditor")


def test_a_forged_handover_chain_is_not_followed(twice: tuple[Workspace, bytes, bytes]) -> None:
    """Swap the middle key in the history for one's own: the latest handover, signed by the key
    in hand, names the real one, so the first handover no longer counts."""
    ws, at_first, _ = twice
    directory = ws.path / "audit"
    history = read_history(directory)
    assert history is not None
    assert len(history.vouched(bytes(32))) == 0  # not the key in hand: nothing vouched
    path = directory / HISTORY
    doc = json.loads(path.read_text())
    doc["handovers"][-1]["old_key"] = "00" * 32
    path.write_text(json.dumps(doc))
    _cut_to(directory, at_first)
    with pytest.raises(IntegrityError, match="not written by a writer"):
        recover(ws, "auditor")


def test_a_log_begun_under_the_root_derived_key_recovers_once_the_root_key_is_gone(
    workspace: Workspace,
) -> None:
    legacy = signing_key(workspace.keys.root_key())
    old = AuditLog(workspace.path / "audit", signer=lambda: legacy, clock=lambda: AT)
    old.append([encode(import_event(n)) for n in range(4)])  # as an older aidtrace wrote it
    audit.record(workspace, import_event(4))  # moves to a key the root-derived one endorses
    destroy_keys(workspace)
    older = _head(workspace)
    audit.record(workspace, import_event(6))
    _cut_to(workspace.path / "audit", older)
    found = recover(workspace, "auditor")
    assert (found.found_size, found.head_lost) == (6, True)
    assert audit.verify(workspace).entries == 7


@pytest.mark.parametrize("pinned", [False, True])
def test_verify_checks_the_records_kept_at_key_changes(
    rotated: tuple[Workspace, bytes], pinned: bool
) -> None:
    """An altered record is reported by ``audit verify`` before anyone needs to recover, by the
    workspace's owner and by an auditor who pinned the first key."""
    ws, _ = rotated
    history = read_history(ws.path / "audit")
    assert history is not None
    first = history.epochs[0].key
    assert audit.verify(ws, key=first if pinned else None).entries == 6
    path = ws.path / "audit" / HISTORY
    doc = json.loads(path.read_text())
    doc["handovers"][-1]["root_hash"] = "00" * 32
    path.write_text(json.dumps(doc))
    with pytest.raises(IntegrityError, match="key change at entry 3 is not signed"):
        audit.verify(ws, key=first if pinned else None)
