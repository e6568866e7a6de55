"""Crash safety: kill -9 in the middle of appending, torn frames, concurrent writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.audit.frames import MAGIC, encode_frame, read_frame, read_index
from aidtrace.audit.head import frame_key, public_bytes, signing_key
from aidtrace.audit.log import INDEX, LOG, AuditLog, HeadState
from aidtrace.audit.verify import verify_log
from aidtrace.errors import IntegrityError

from .conftest import ROOT_KEY

PUBLIC = public_bytes(signing_key(ROOT_KEY).public_key())
FRAME_KEY = frame_key(signing_key(ROOT_KEY))
LogFactory = Callable[..., AuditLog]

# The writer: appends batches of varied size forever, printing each acknowledged range.
WRITER = """
import sys, json
from pathlib import Path

import pytest
from datetime import datetime, UTC
from aidtrace.audit.head import signing_key
from aidtrace.audit.log import AuditLog
key = signing_key(bytes(range(32)))
log = AuditLog(Path(sys.argv[1]), signer=lambda: key, clock=lambda: datetime.now(UTC))
writer, i = sys.argv[2], 0
while True:
    n = 1 + (i % 7) * 9
    batch = [json.dumps({"w": writer, "i": i + j, "pad": "x" * (i % 500)}).encode()
             for j in range(n)]
    receipts = log.append(batch)
    print(receipts[0].index, n, i, flush=True)
    i += n
"""


def entries_by_index(log: AuditLog) -> dict[int, bytes]:
    blob = log.path(INDEX).read_bytes()
    offsets, _ = read_index(blob, len(blob) // 40)
    data = log.path(LOG).read_bytes()
    out = {}
    for k, offset in enumerate(offsets):
        frame = read_frame(data, offset)
        assert frame is not None
        out[k] = frame.entry
    return out


def run_and_kill(
    directory: Path, writer: str, seconds: float, at_least: int = 4
) -> list[tuple[int, int, int]]:
    """Run a writer until it has acknowledged ``at_least`` appends (however slow the machine),
    then ``seconds`` more, and kill it; what it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory), writer],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = [proc.stdout.readline() for _ in range(at_least)]  # it is really appending
    time.sleep(seconds)  # the kill lands anywhere in a later append
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate()
    # a line the kill cut short was never wholly reported, so it acknowledges nothing
    lines = [*first, *rest.splitlines(keepends=True)]
    acked = [tuple(int(x) for x in line.split()) for line in lines if line.endswith("\n")]
    acked = [ack for ack in acked if len(ack) == 3]
    assert proc.returncode == -signal.SIGKILL
    return acked  # type: ignore[return-value]


def test_kill_9_mid_append_loses_nothing_acknowledged(log_factory: LogFactory) -> None:
    log = log_factory()
    for round_, pause in enumerate([0.3, 0.45, 0.6]):
        acked = run_and_kill(log.directory, f"w{round_}", pause)
        assert len(acked) > 3
        result = verify_log(log, PUBLIC)  # read-only: passes with any torn tail still there
        stored = entries_by_index(log)
        for index, n, i in acked:
            for j in range(n):
                doc = json.loads(stored[index + j])
                assert (doc["w"], doc["i"]) == (f"w{round_}", i + j)
        log.append([b"after the crash"])  # the next writer repairs the tail
        after = verify_log(log, PUBLIC)
        assert (after.pending, after.torn_bytes) == (0, 0)
        assert after.entries >= result.entries + 1


def test_torn_frame_is_cut_and_whole_unsigned_frames_are_completed(
    log_factory: LogFactory,
) -> None:
    log = log_factory()
    log.append([b"one", b"two"])
    at = log.path(LOG).stat().st_size
    whole, _ = encode_frame(b"three", FRAME_KEY, at)
    torn, _ = encode_frame(b"four, never acknowledged", FRAME_KEY, at + len(whole))
    with log.path(LOG).open("ab") as fh:
        fh.write(whole + torn[:-5])
    seen = verify_log(log, PUBLIC)
    assert (seen.entries, seen.pending, seen.torn_bytes) == (2, 1, len(torn) - 5)
    receipts = log.append([b"five"])
    assert receipts[0].index == 3  # "three" was completed, the torn "four" discarded
    after = verify_log(log, PUBLIC)
    assert (after.entries, after.pending, after.torn_bytes) == (4, 0, 0)
    assert list(entries_by_index(log).values()) == [b"one", b"two", b"three", b"five"]


def test_zero_filled_tail_is_discarded(log_factory: LogFactory) -> None:
    log = log_factory()
    log.append([b"one"])
    with log.path(LOG).open("ab") as fh:
        fh.write(b"\x00\x00\x00\x05" + b"\x00" * 69)  # what a file system may leave after a crash
    assert verify_log(log, PUBLIC).torn_bytes == 73
    log.append([b"two"])
    assert verify_log(log, PUBLIC).entries == 2


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda entry, at: encode_frame(entry, b"k" * 32, at)[0], id="foreign-key"),
        pytest.param(lambda entry, at: encode_frame(entry, FRAME_KEY, at + 1)[0], id="moved"),
    ],
)
def test_entries_slipped_in_after_the_head_are_not_signed(
    log_factory: LogFactory, forge: Callable[[bytes, int], bytes]
) -> None:
    log = log_factory()
    log.append([b"one"])
    with log.path(LOG).open("ab") as fh:
        fh.write(forge(b'{"kind":"decision","outcome":"cleared"}', fh.tell()))
    assert verify_log(log, PUBLIC).pending == 1  # unsigned: not part of any verified head
    with pytest.raises(IntegrityError, match="not written by a writer"):
        log.append([b"two"])


def test_lagging_index_is_rebuilt(log_factory: LogFactory) -> None:
    log = log_factory()
    log.append([b"a", b"b", b"c"])
    log.path(INDEX).write_bytes(b"")  # the index is not fsynced: a power cut may lose it
    log.append([b"d"])
    assert list(entries_by_index(log).values()) == [b"a", b"b", b"c", b"d"]
    verify_log(log, PUBLIC)


def test_concurrent_writer_processes_serialise(log_factory: LogFactory) -> None:
    log = log_factory()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(log.directory), f"p{k}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(2)
    ]
    for proc in procs:
        assert proc.stdout is not None
        proc.stdout.readline()  # both are appending
    time.sleep(0.5)
    for proc in procs:
        proc.terminate()
        proc.communicate()
    log.append([])  # complete whatever a terminated writer left unsigned
    result = verify_log(log, PUBLIC)
    assert result.pending == 0
    stored = [json.loads(e) for e in entries_by_index(log).values()]
    assert len(stored) == result.entries
    for writer in ("p0", "p1"):
        mine = [d["i"] for d in stored if d["w"] == writer]
        assert mine, f"{writer} never got the lock"
        assert mine == list(range(len(mine)))  # each writer's entries whole and in order
    assert log.path(LOG).read_bytes().startswith(MAGIC)


def test_first_append_interrupted_after_its_fsync(
    log_factory: LogFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = log_factory()
    real = AuditLog._extend

    def die_before_signing(
        self: AuditLog, state: HeadState, leaves: list[bytes], end: int
    ) -> HeadState:
        if leaves:
            raise KeyboardInterrupt  # the process dies between the log fsync and the head
        return real(self, state, leaves, end)

    monkeypatch.setattr(AuditLog, "_extend", die_before_signing)
    with pytest.raises(KeyboardInterrupt):
        log.append([b"first"])
    assert verify_log(log, PUBLIC).pending == 1  # the genesis head (size 0) verifies
    monkeypatch.setattr(AuditLog, "_extend", real)
    assert log.append([b"second"])[0].index == 1  # "first" completed, not lost or refused
    assert list(entries_by_index(log).values()) == [b"first", b"second"]


def test_a_crash_at_any_byte_of_an_append_recovers(log_factory: LogFactory) -> None:
    """Cut an in-flight append of three frames at every 5th byte: verify passes, then the
    next writer keeps exactly the whole frames and signs them."""
    log = log_factory()
    log.append([b"alpha", b"beta"])
    saved = {name: log.path(name).read_bytes() for name in (LOG, INDEX, "head.json")}
    at = len(saved[LOG])
    batch, ends = b"", []
    for entry in (b"gamma", b"delta" * 9, b"epsilon"):
        frame, _ = encode_frame(entry, FRAME_KEY, at + len(batch))
        batch += frame
        ends.append(len(batch))
    for cut in range(0, len(batch) + 1, 5):
        for name, blob in saved.items():
            log.path(name).write_bytes(blob)
        with log.path(LOG).open("ab") as fh:
            fh.write(batch[:cut])
        seen = verify_log(log, PUBLIC)
        whole = sum(1 for e in ends if e <= cut)
        assert (seen.entries, seen.pending) == (2, whole)
        log.append([])
        after = verify_log(log, PUBLIC)
        assert (after.entries, after.pending, after.torn_bytes) == (2 + whole, 0, 0)
