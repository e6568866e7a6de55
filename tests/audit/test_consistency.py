"""Consistency proofs for witnesses from the old tree's peaks and the new leaves only: the same
proofs RFC 9162 gives from the whole tree."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.audit.consistency import proof_or_none
from aidtrace.audit.mark import peaks_at
from aidtrace.audit.merkle import Frontier, MerkleTree
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import ImportRecorded
from aidtrace.workspace import Workspace

from .witness_helpers import make_witness


def _leaves(n: int) -> bytes:
    return b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(n))


def _peaks(leaves: bytes, m: int) -> list[tuple[int, bytes]]:
    frontier = Frontier()
    for i in range(m):
        frontier.push(leaves[32 * i : 32 * i + 32])
    return frontier.peaks


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 31, 64, 100])
def test_compact_proofs_equal_the_whole_tree_s(n: int) -> None:
    leaves = _leaves(n)
    tree = MerkleTree(leaves)
    for m in range(n + 1):
        proof = proof_or_none(m, _peaks(leaves, m), leaves[32 * m :], n)
        assert proof == tree.consistency_proof(m, n)


def test_peaks_that_do_not_add_up_give_no_proof() -> None:
    leaves = _leaves(8)
    assert proof_or_none(5, _peaks(leaves, 4), leaves[32 * 5 :], 8) is None


@pytest.mark.parametrize("witnessed", [True, False])
def test_marks_keep_the_peaks_of_their_tree_for_witnesses(
    workspace: Workspace, tmp_path: Path, witnessed: bool
) -> None:
    if witnessed:  # nobody answers there: the peaks are kept for the next attempt all the same
        witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
        add_witness(workspace, "http://127.0.0.1:9", witness.verifier.vkey(), "admin")
    at = datetime(2026, 3, 1, tzinfo=UTC)
    for n in range(3):
        audit.record(
            workspace,
            ImportRecorded(at=at, actor="a", import_id=f"i{n}", import_kind="ledger",
                           source="x", sha256="0" * 64, rows=1),
        )  # fmt: skip
        workspace.engine.execute("SELECT 1")  # the change each mark commits with
    head = audit.current_head(workspace)
    assert head is not None
    peaks = peaks_at(workspace.engine, head.tree_size)
    if not witnessed:
        assert peaks is None  # no witness will ask for a proof: no peaks stored
        return
    assert peaks is not None
    assert Frontier(peaks).root() == head.root
