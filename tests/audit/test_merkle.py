"""RFC 9162 hashing against values computed here, independently, from the RFC's definitions."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    MerkleTree,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)


def reference_mth(entries: list[bytes]) -> bytes:
    """MTH of RFC 9162 §2.1.1, written out plainly with hashlib and nothing else."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    left, right = reference_mth(entries[:k]), reference_mth(entries[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


# The inputs of the Certificate Transparency reference test suite.
CT_INPUTS = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
# Their published roots for the first n leaves (RFC 6962 and RFC 9162 hash identically).
CT_ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


def test_empty_tree_is_sha256_of_nothing() -> None:
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert EMPTY_ROOT.hex() == expected
    assert MerkleTree(b"").root().hex() == expected
    assert Frontier().root().hex() == expected


def test_leaf_and_node_are_domain_separated() -> None:
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    # A two-leaf root must not equal the leaf hash of the two leaf hashes concatenated.
    pair = leaf_hash(b"a") + leaf_hash(b"b")
    assert MerkleTree.from_entries([b"a", b"b"]).root() != leaf_hash(pair)


@pytest.mark.parametrize(("n", "root"), sorted(CT_ROOTS.items()))
def test_certificate_transparency_vectors(n: int, root: str) -> None:
    tree = MerkleTree.from_entries(CT_INPUTS)
    assert tree.root(n).hex() == root
    assert reference_mth(CT_INPUTS[:n]).hex() == root


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 64, 100])
def test_root_matches_reference_and_frontier(n: int) -> None:
    entries = [f"entry {i}".encode() for i in range(n)]
    tree = MerkleTree.from_entries(entries)
    frontier = Frontier()
    for e in entries:
        frontier.push(leaf_hash(e))
    assert tree.root() == reference_mth(entries) == frontier.root()


def test_every_inclusion_and_consistency_proof_up_to_33_leaves() -> None:
    entries = [bytes([i]) * (i % 5) for i in range(33)]
    tree = MerkleTree.from_entries(entries)
    for n in range(1, 34):
        root = reference_mth(entries[:n])
        for m in range(n):
            path = tree.inclusion_path(m, n)
            assert len(path) <= (n - 1).bit_length()
            assert verify_inclusion(leaf_hash(entries[m]), m, n, path, root)
            assert not verify_inclusion(leaf_hash(b"other"), m, n, path, root)
        for m in range(n + 1):
            proof = tree.consistency_proof(m, n)
            assert verify_consistency(m, n, reference_mth(entries[:m]), root, proof), (m, n)


@settings(deadline=None, max_examples=60)  # timing varies on shared machines
@given(
    st.integers(min_value=2, max_value=70),
    st.data(),
)
def test_altered_proofs_fail(n: int, data: st.DataObject) -> None:
    tree = MerkleTree.from_entries([str(i).encode() for i in range(n)])
    m = data.draw(st.integers(min_value=0, max_value=n - 1))
    path = tree.inclusion_path(m, n)
    assert not verify_inclusion(tree.leaf(m), m, n, path, leaf_hash(b"not the root"))
    assert not verify_inclusion(tree.leaf(m), (m + 1) % n, n, path, tree.root()) or n == 1
    if path:
        i = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
        bad = [*path[:i], bytes(32), *path[i + 1 :]]
        assert not verify_inclusion(tree.leaf(m), m, n, bad, tree.root())
    old = data.draw(st.integers(min_value=1, max_value=n - 1))
    proof = tree.consistency_proof(old)
    other_old_root = MerkleTree.from_entries([b"x" + str(i).encode() for i in range(old)]).root()
    assert not verify_consistency(old, n, other_old_root, tree.root(), proof)
    assert not verify_consistency(old, n, tree.root(old), tree.root(), proof[:-1])
