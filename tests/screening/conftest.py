"""A UN-list screening index, built once per test session (parsing takes about two seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.screening import ScreeningIndex, build_index
from aidtrace.watchlists.formats import parse_file

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
UN_2026 = SHARED_DATA / "watchlists/un/un_consolidated_2026-02-27.xml"


@pytest.fixture(scope="session")
def un_index() -> ScreeningIndex:
    if not UN_2026.exists():
        pytest.fail(f"shared data not found at {UN_2026}")
    return build_index(parse_file(UN_2026))
