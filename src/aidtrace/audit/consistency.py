"""Consistency proofs without building the whole tree.

A witness last cosigned the tree of ``old`` entries; sending it a new checkpoint needs
PROOF(old, D[new]) of RFC 9162. Every node of that proof is either a perfect subtree of the old
tree, and then one of its *peaks* (the frontier the store's mark kept at that size), or lies
wholly among the entries added since. So the proof costs the new entries' hashes, not the log's.
When the old tree's peaks are not known, the proof comes from the whole tree instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aidtrace.audit.merkle import HASH_SIZE, MerkleTree, node_hash, split_point


class _Unknown(Exception):
    """A node the peaks and the new leaves cannot give (not expected; the caller falls back)."""


def peak_ranges(peaks: Sequence[tuple[int, bytes]]) -> dict[tuple[int, int], bytes]:
    """The peaks keyed by (start, size), left to right."""
    out, start = {}, 0
    for size, digest in peaks:
        out[(start, size)] = digest
        start += size
    return out


def compact_proof(
    old: int, peaks: Sequence[tuple[int, bytes]], new_leaves: bytes, new: int
) -> list[bytes]:
    """PROOF(old, D[new]) from the old tree's peaks and the leaf hashes of entries old..new."""
    if old in (0, new):
        return []
    known = peak_ranges(peaks)
    tail = MerkleTree(new_leaves)

    def subtree(start: int, size: int) -> bytes:
        if (start, size) in known:
            return known[(start, size)]
        if start >= old:
            return _range_root(tail, start - old, size)
        raise _Unknown(f"node ({start}, {size})")

    return _subproof(old, 0, new, True, subtree)


def _range_root(tree: MerkleTree, start: int, size: int) -> bytes:
    """MTH of ``size`` leaves from ``start`` (need not be aligned)."""
    if size == 1:
        return tree.leaf(start)
    k = split_point(size)
    return node_hash(_range_root(tree, start, k), _range_root(tree, start + k, size - k))


def _subproof(
    m: int, start: int, n: int, whole: bool, subtree: Callable[[int, int], bytes]
) -> list[bytes]:
    """SUBPROOF(m, D[start:start+n], whole) of RFC 9162 §2.1.4.1."""
    if m == n:
        return [] if whole else [subtree(start, n)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, start, k, whole, subtree), subtree(start + k, n - k)]
    return [*_subproof(m - k, start + k, n - k, False, subtree), subtree(start, k)]


def proof_or_none(
    old: int, peaks: Sequence[tuple[int, bytes]] | None, new_leaves: bytes, new: int
) -> list[bytes] | None:
    """The compact proof, or ``None`` if the peaks do not add up to ``old`` or miss a node."""
    if (
        peaks is None
        or sum(n for n, _ in peaks) != old
        or len(new_leaves) != (new - old) * HASH_SIZE
    ):
        return None
    try:
        return compact_proof(old, peaks, new_leaves, new)
    except _Unknown:
        return None
