"""RFC 9162 Merkle tree hashing: leaf and node hashes, roots, inclusion and consistency proofs.

The definitions follow RFC 9162 §2.1 to the letter: a leaf hashes as SHA-256(0x00 || entry), an
interior node as SHA-256(0x01 || left || right), and a tree of n leaves splits at k, the largest
power of two below n. ``MerkleTree`` keeps every perfect, aligned subtree hash level by level in
flat byte strings, so any root, PATH or PROOF of the RFC costs O(log n) hashes once it is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """k of the RFC: the largest power of two strictly smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An immutable tree over leaf hashes, with every perfect subtree precomputed."""

    def __init__(self, leaf_hashes: bytes) -> None:
        if len(leaf_hashes) % HASH_SIZE:
            raise ValueError("leaf hashes must be a whole number of 32-byte hashes")
        self.levels: list[bytes] = [leaf_hashes]
        level = leaf_hashes
        while len(level) >= 2 * HASH_SIZE:
            level = _pair_up(level)
            self.levels.append(level)

    @classmethod
    def from_entries(cls, entries: Iterable[bytes]) -> MerkleTree:
        return cls(b"".join(leaf_hash(e) for e in entries))

    @property
    def size(self) -> int:
        return len(self.levels[0]) // HASH_SIZE

    def leaf(self, index: int) -> bytes:
        return self.levels[0][index * HASH_SIZE : (index + 1) * HASH_SIZE]

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (all of them by default)."""
        n = self.size if size is None else size
        if not 0 <= n <= self.size:
            raise ValueError(f"tree has {self.size} leaves, not {n}")
        return self._subtree(0, n) if n else EMPTY_ROOT

    def _subtree(self, start: int, n: int) -> bytes:
        height = n.bit_length() - 1
        if n == 1 << height and start % n == 0:
            level = self.levels[height]
            at = (start >> height) * HASH_SIZE
            return level[at : at + HASH_SIZE]
        k = split_point(n)
        return node_hash(self._subtree(start, k), self._subtree(start + k, n - k))

    def inclusion_path(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf to root."""
        n = self.size if size is None else size
        if not 0 <= index < n <= self.size:
            raise ValueError(f"no leaf {index} in a tree of {n}")
        return self._path(index, 0, n)

    def _path(self, m: int, start: int, n: int) -> list[bytes]:
        if n == 1:
            return []
        k = split_point(n)
        if m < k:
            return [*self._path(m, start, k), self._subtree(start + k, n - k)]
        return [*self._path(m - k, start + k, n - k), self._subtree(start, k)]

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """PROOF(m, D[n]) of RFC 9162 §2.1.4.1: the old tree is a prefix of the new one."""
        n = self.size if new_size is None else new_size
        if not 0 <= old_size <= n <= self.size:
            raise ValueError(f"no consistency proof from {old_size} to {n}")
        if old_size in (0, n):
            return []
        return self._subproof(old_size, 0, n, True)

    def _subproof(self, m: int, start: int, n: int, whole: bool) -> list[bytes]:
        if m == n:
            return [] if whole else [self._subtree(start, n)]
        k = split_point(n)
        if m <= k:
            return [*self._subproof(m, start, k, whole), self._subtree(start + k, n - k)]
        return [*self._subproof(m - k, start + k, n - k, False), self._subtree(start, k)]


def _pair_up(level: bytes) -> bytes:
    sha = hashlib.sha256
    out = bytearray()
    for at in range(0, len(level) - HASH_SIZE, 2 * HASH_SIZE):
        out += sha(b"\x01" + level[at : at + 2 * HASH_SIZE]).digest()
    return bytes(out)


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove leaf hash ``leaf`` is at ``index`` under ``root``?"""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree with ``old_root`` a prefix of the one with ``new_root``?"""
    if old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0


class Frontier:
    """The roots of the perfect subtrees covering a tree's leaves, largest first.

    Enough to append leaves and compute the root without the rest of the tree; a writer keeps
    it in the tree head so an append never rereads the log.
    """

    def __init__(self, peaks: Sequence[tuple[int, bytes]] = ()) -> None:
        self.peaks = list(peaks)

    @property
    def size(self) -> int:
        return sum(n for n, _ in self.peaks)

    def push(self, leaf: bytes) -> None:
        peaks, n, h = self.peaks, 1, leaf
        while peaks and peaks[-1][0] == n:
            left_n, left = peaks.pop()
            n, h = left_n + n, node_hash(left, h)
        peaks.append((n, h))

    def root(self) -> bytes:
        if not self.peaks:
            return EMPTY_ROOT
        h = self.peaks[-1][1]
        for _, left in reversed(self.peaks[:-1]):
            h = node_hash(left, h)
        return h
