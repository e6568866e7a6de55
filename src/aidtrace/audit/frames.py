"""The on-disk shape of the log: a magic header, then one frame per entry.

A frame is ``length (4 bytes, big-endian) || entry || leaf || mac``. The leaf is the RFC 9162
leaf hash SHA-256(0x00 || entry) and doubles as the frame's checksum, so a frame torn by a crash
(short, or zero-filled by the file system) never reads as a whole one. The mac is
HMAC-SHA256(frame key, offset || leaf) with a key only the signer holds: a writer completes whole
frames a crashed writer left after the signed head only if their mac proves a writer made them
there, so nobody can slip entries in for the next writer to sign. The index holds
``offset (8 bytes) || leaf hash`` per entry; it is derived from the log and rebuilt after a crash.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.audit.merkle import HASH_SIZE, leaf_hash

MAGIC = b"AIDLOG1\n"
LENGTH = struct.Struct(">I")
INDEX_RECORD = struct.Struct(">Q32s")
MAC_SIZE = 32
FRAME_OVERHEAD = LENGTH.size + HASH_SIZE + MAC_SIZE
MAX_ENTRY = 16 << 20


@dataclass(frozen=True)
class Frame:
    offset: int
    entry: bytes
    leaf: bytes
    mac: bytes

    def authentic(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac, frame_mac(key, self.offset, self.leaf))

    @property
    def end(self) -> int:
        return self.offset + FRAME_OVERHEAD + len(self.entry)


def frame_mac(key: bytes, offset: int, leaf: bytes) -> bytes:
    return hmac.new(key, offset.to_bytes(8, "big") + leaf, hashlib.sha256).digest()


def encode_frame(entry: bytes, key: bytes, offset: int) -> tuple[bytes, bytes]:
    """The frame bytes of an entry written at ``offset``, and its leaf hash."""
    if len(entry) > MAX_ENTRY:
        raise ValueError(f"audit entry of {len(entry)} bytes exceeds {MAX_ENTRY}")
    leaf = leaf_hash(entry)
    return LENGTH.pack(len(entry)) + entry + leaf + frame_mac(key, offset, leaf), leaf


def read_frame(buf: bytes | memoryview, offset: int) -> Frame | None:
    """The whole, intact frame at ``offset``, or ``None`` if it is short or its hash is wrong."""
    head_end = offset + LENGTH.size
    if head_end > len(buf):
        return None
    (n,) = LENGTH.unpack_from(buf, offset)
    leaf_at = head_end + n
    end = leaf_at + HASH_SIZE + MAC_SIZE
    if n > MAX_ENTRY or end > len(buf):
        return None
    entry = bytes(buf[head_end:leaf_at])
    leaf = leaf_hash(entry)
    if leaf != bytes(buf[leaf_at : leaf_at + HASH_SIZE]):
        return None
    return Frame(offset, entry, leaf, bytes(buf[leaf_at + HASH_SIZE : end]))


def scan(buf: bytes | memoryview, offset: int, limit: int | None = None) -> Iterator[Frame]:
    """Intact frames from ``offset`` on, stopping at the first that is not (or after ``limit``)."""
    count = 0
    while limit is None or count < limit:
        frame = read_frame(buf, offset)
        if frame is None:
            return
        yield frame
        offset, count = frame.end, count + 1


def scan_leaves(
    buf: memoryview, offset: int, count: int, key: bytes | None = None
) -> tuple[bytes, list[int], int]:
    """The fast path of verification: leaf hashes and offsets of ``count`` frames from
    ``offset``, checking each against its stored hash (and its mac, given the frame key).
    Stops early at the first frame that is not whole and intact; the caller compares how many
    it got with how many it wanted."""
    sha256, size = hashlib.sha256, len(buf)
    leaves, offsets = bytearray(), []
    for _ in range(count):
        start = offset + LENGTH.size
        if start > size:
            break
        end = start + int.from_bytes(buf[offset:start], "big")
        if end + HASH_SIZE + MAC_SIZE > size:
            break
        digest = sha256(b"\x00")
        digest.update(buf[start:end])
        leaf = digest.digest()
        if buf[end : end + HASH_SIZE] != leaf:
            break
        if key is not None and buf[end + HASH_SIZE : end + HASH_SIZE + MAC_SIZE] != hmac.digest(
            key, offset.to_bytes(8, "big") + leaf, "sha256"
        ):
            break
        leaves += leaf
        offsets.append(offset)
        offset = end + HASH_SIZE + MAC_SIZE
    return bytes(leaves), offsets, offset


def index_record(offset: int, leaf: bytes) -> bytes:
    return INDEX_RECORD.pack(offset, leaf)


def read_index(blob: bytes, count: int) -> tuple[list[int], bytes]:
    """The offsets and the concatenated leaf hashes of the first ``count`` index records."""
    offsets: list[int] = []
    leaves = bytearray()
    for offset, leaf in INDEX_RECORD.iter_unpack(blob[: count * INDEX_RECORD.size]):
        offsets.append(offset)
        leaves += leaf
    return offsets, bytes(leaves)
