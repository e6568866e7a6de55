"""The manual's standalone proof checkers (docs/audit.md), run as a third party would run them."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature

from aidtrace.audit.head import signing_key
from aidtrace.audit.log import AuditLog
from aidtrace.audit.proof import inclusion_proof

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def snippet(name: str) -> str:
    match = re.search(rf"<!-- checker:{name} -->\n```python\n(.*?)```", DOC.read_text(), re.S)
    assert match, f"no {name} checker in {DOC}"
    return match.group(1)


def run_checkers(proof: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    (tmp_path / "proof.json").write_text(json.dumps(proof))
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {"print": lambda *a: None}
    exec(snippet("inclusion"), scope)
    exec(snippet("signature"), scope)
    check = scope["check_inclusion"]
    assert callable(check)
    return bool(check(proof))


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    key = signing_key(b"\x05" * 32)
    log = AuditLog(tmp_path / "audit", signer=lambda: key, clock=lambda: datetime.now(UTC))
    for batch in range(5):
        log.append([json.dumps({"n": batch * 10 + i}).encode() for i in range(batch * 3 + 1)])
    return log


def test_every_proof_checks_with_plain_hashlib(
    log: AuditLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = int(str(inclusion_proof(log, 0)["tree_size"]))
    for index in range(size):
        assert run_checkers(inclusion_proof(log, index), tmp_path, monkeypatch)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("entry_hex", lambda v: "20" + v),
        ("leaf_index", lambda v: v + 1),
        ("audit_path", lambda v: [*v[:-1], "00" * 32]),
        ("root_hash", lambda v: "11" * 32),
    ],
)
def test_altered_proofs_fail_the_checker(
    log: AuditLog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    change: object,
) -> None:
    proof = inclusion_proof(log, 6)
    proof[field] = change(proof[field])  # type: ignore[operator]
    assert not run_checkers(proof, tmp_path, monkeypatch)


def test_forged_head_fails_the_signature_checker(
    log: AuditLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proof = inclusion_proof(log, 2)
    head = dict(proof["signed_tree_head"])  # type: ignore[call-overload]
    head["tree_size"] += 1
    proof["signed_tree_head"] = head
    with pytest.raises(InvalidSignature):
        run_checkers(proof, tmp_path, monkeypatch)
