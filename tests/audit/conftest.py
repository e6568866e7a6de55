"""A log in a temporary directory with a fixed signing key and a ticking clock, and the import
events the tests append to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest

from aidtrace.audit.head import signing_key
from aidtrace.audit.log import AuditLog
from aidtrace.events import ImportRecorded

ROOT_KEY = bytes(range(32))
AT = datetime(2026, 3, 1, tzinfo=UTC)


def make_log(directory: Path, root_key: bytes = ROOT_KEY) -> AuditLog:
    ticks = count()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    key = signing_key(root_key)
    return AuditLog(
        directory, signer=lambda: key, clock=lambda: start + timedelta(seconds=next(ticks))
    )


def import_event(n: int) -> ImportRecorded:
    """The n-th of a run of distinct ledger imports, each its own log entry."""
    return ImportRecorded(
        at=AT, actor="test", import_id=f"imp{n}", import_kind="ledger", source="x.csv",
        sha256="0" * 64, rows=n,
    )  # fmt: skip


@pytest.fixture
def log_factory(tmp_path: Path) -> Callable[..., AuditLog]:
    def factory(name: str = "audit", root_key: bytes = ROOT_KEY) -> AuditLog:
        return make_log(tmp_path / name, root_key)

    return factory
