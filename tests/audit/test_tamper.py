"""Tampering of every kind is detected: bytes, deletion, order, truncation, rewritten history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.audit.frames import FRAME_OVERHEAD, MAC_SIZE, MAGIC
from aidtrace.audit.head import frame_key, public_bytes, signing_key
from aidtrace.audit.log import HEAD, INDEX, LOG, AuditLog
from aidtrace.audit.verify import verify_log
from aidtrace.errors import IntegrityError

from .conftest import ROOT_KEY

ENTRIES = [f'{{"event":{i},"note":"entry number {i}"}}'.encode() for i in range(10)]
PUBLIC = public_bytes(signing_key(ROOT_KEY).public_key())
FRAME_KEY = frame_key(signing_key(ROOT_KEY))

LogFactory = Callable[..., AuditLog]


def filled(factory: LogFactory, name: str = "audit", entries: list[bytes] = ENTRIES) -> AuditLog:
    log = factory(name)
    log.append(entries[:4])
    for e in entries[4:]:
        log.append([e])
    return log


def frame_spans(entries: list[bytes]) -> list[tuple[int, int]]:
    spans, at = [], len(MAGIC)
    for e in entries:
        end = at + len(e) + FRAME_OVERHEAD
        spans.append((at, end))
        at = end
    return spans


def test_untouched_log_verifies(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    result = verify_log(log, PUBLIC)
    assert result.entries == len(ENTRIES)
    assert result.head is not None
    assert result.head.tree_size == len(ENTRIES)
    assert (result.pending, result.torn_bytes) == (0, 0)


def test_every_byte_of_every_entry_is_protected(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    path = log.path(LOG)
    original = path.read_bytes()
    macs = {i for _, end in frame_spans(ENTRIES) for i in range(end - MAC_SIZE, end)}
    for at in range(len(MAGIC), len(original)):
        changed = bytearray(original)
        changed[at] ^= 0x01
        path.write_bytes(bytes(changed))
        with pytest.raises(IntegrityError):
            verify_log(log, PUBLIC, frame_key=FRAME_KEY)
        if at not in macs:  # an auditor without the key catches all but a mac's own bytes
            with pytest.raises(IntegrityError):
                verify_log(log, PUBLIC)
    path.write_bytes(original)
    verify_log(log, PUBLIC)


def test_rehashed_alteration_breaks_the_signed_root(log_factory: LogFactory) -> None:
    # Change an entry and fix up its frame hash, index and all: the signed root still differs.
    entries = list(ENTRIES)
    entries[3] = entries[3].replace(b"3", b"7")
    forged = filled(log_factory, "forged", entries)
    log = filled(log_factory)
    log.path(LOG).write_bytes(forged.path(LOG).read_bytes())
    log.path(INDEX).write_bytes(forged.path(INDEX).read_bytes())
    with pytest.raises(IntegrityError, match="signed root"):
        verify_log(log, PUBLIC)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda spans, b: b[: spans[2][0]] + b[spans[2][1] :], id="delete-middle"),
        pytest.param(lambda spans, b: b[: spans[-1][0]], id="delete-last"),
        pytest.param(lambda spans, b: b[: spans[0][0]] + b[spans[0][1] :], id="delete-first"),
        pytest.param(
            lambda spans, b: (
                b[: spans[3][0]]
                + b[spans[4][0] : spans[4][1]]
                + b[spans[3][0] : spans[3][1]]
                + b[spans[4][1] :]
            ),
            id="swap-two",
        ),
        pytest.param(lambda spans, b: b[: spans[5][1] - 3], id="truncate-mid-entry"),
        pytest.param(lambda spans, b: b[:4], id="truncate-header"),
        pytest.param(lambda spans, b: b"", id="emptied"),
    ],
)
def test_structural_tampering(log_factory: LogFactory, edit: Callable[..., bytes]) -> None:
    log = filled(log_factory)
    path = log.path(LOG)
    path.write_bytes(edit(frame_spans(ENTRIES), path.read_bytes()))
    with pytest.raises(IntegrityError):
        verify_log(log, PUBLIC)


def test_signed_head_cannot_be_edited(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    path = log.path(HEAD)
    path.write_text(path.read_text().replace('"tree_size": 10', '"tree_size": 9'))
    with pytest.raises(IntegrityError):
        verify_log(log, PUBLIC)


def test_lost_head_is_reported_then_rebuilt_from_authenticated_frames(
    log_factory: LogFactory,
) -> None:
    log = filled(log_factory)
    log.path(HEAD).unlink()  # what a power cut may do to the unsynced head
    with pytest.raises(IntegrityError, match="no signed head"):
        verify_log(log, PUBLIC)
    assert log.append([b"more"])[0].index == len(ENTRIES)
    assert verify_log(log, PUBLIC, frame_key=FRAME_KEY).entries == len(ENTRIES) + 1


@pytest.mark.parametrize("damage", ["head-removed", "head-garbled"])
def test_no_rebuild_over_a_damaged_entry(log_factory: LogFactory, damage: str) -> None:
    log = filled(log_factory)
    if damage == "head-removed":
        log.path(HEAD).unlink()
    else:
        log.path(HEAD).write_text('{"head": {"tree_size": 1')
    path = log.path(LOG)
    data = bytearray(path.read_bytes())
    data[frame_spans(ENTRIES)[4][0] + 6] ^= 0x20  # inside entry 4
    path.write_bytes(bytes(data))
    for _ in range(2):
        with pytest.raises(IntegrityError, match="refusing to cut"):
            log.append([b"more"])
    assert path.read_bytes() == bytes(data)  # nothing was cut or signed


def test_foreign_key_is_refused(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    other = public_bytes(signing_key(b"\x07" * 32).public_key())
    with pytest.raises(IntegrityError, match="different key"):
        verify_log(log, other)


def replace_with(log: AuditLog, other: AuditLog) -> None:
    for name in (LOG, INDEX, HEAD):
        log.path(name).write_bytes(other.path(name).read_bytes())


def test_rewritten_history_fails_against_a_published_head(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    published = verify_log(log, PUBLIC).head
    assert published is not None
    log.append([b"later entry"])
    assert verify_log(log, PUBLIC, [published]).published_checked == 1
    # Someone holding the key rebuilds a self-consistent log with one past entry changed.
    history = [*ENTRIES[:2], b'{"event":2,"note":"rewritten"}', *ENTRIES[3:], b"later entry"]
    rewritten = filled(log_factory, "rewritten", history)
    replace_with(log, rewritten)
    verify_log(log, PUBLIC)  # consistent on its own...
    with pytest.raises(IntegrityError, match="rewritten"):
        verify_log(log, PUBLIC, [published])  # ...but not an extension of what was published


def test_truncated_and_resigned_log_fails_against_a_published_head(
    log_factory: LogFactory,
) -> None:
    log = filled(log_factory)
    published = verify_log(log, PUBLIC).head
    assert published is not None
    replace_with(log, filled(log_factory, "short", ENTRIES[:6]))
    verify_log(log, PUBLIC)
    with pytest.raises(IntegrityError, match="removed"):
        verify_log(log, PUBLIC, [published])


def test_every_earlier_head_is_consistent_with_the_latest(log_factory: LogFactory) -> None:
    log = log_factory()
    heads = []
    for i in range(12):
        log.append([f"entry {i}".encode()] * (i % 3 + 1))
        head = verify_log(log, PUBLIC).head
        assert head is not None
        heads.append(head)
    assert verify_log(log, PUBLIC, heads).published_checked == 12


def test_altered_index_is_detected(log_factory: LogFactory) -> None:
    log = filled(log_factory)
    path: Path = log.path(INDEX)
    blob = bytearray(path.read_bytes())
    blob[45] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(IntegrityError, match="index"):
        verify_log(log, PUBLIC)
