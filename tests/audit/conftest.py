"""A log in a temporary directory with a fixed signing key and a ticking clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest

from aidtrace.audit.head import signing_key
from aidtrace.audit.log import AuditLog

ROOT_KEY = bytes(range(32))


def make_log(directory: Path, root_key: bytes = ROOT_KEY) -> AuditLog:
    ticks = count()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    key = signing_key(root_key)
    return AuditLog(
        directory, signer=lambda: key, clock=lambda: start + timedelta(seconds=next(ticks))
    )


@pytest.fixture
def log_factory(tmp_path: Path) -> Callable[..., AuditLog]:
    def factory(name: str = "audit", root_key: bytes = ROOT_KEY) -> AuditLog:
        return make_log(tmp_path / name, root_key)

    return factory
