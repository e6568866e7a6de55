"""One small scenario shared by the demo tests (generating it takes about a second)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.demo import Scenario, generate


def read_rows(path: Path) -> list[dict[str, str]]:
    """A scenario CSV as dicts, the HXL hashtag row skipped."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        hxl = next(reader)
        assert all(v.startswith("#") for v in hxl.values())
        return list(reader)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return generate(tmp_path_factory.mktemp("scenario"), seed=7, scale="4k")


@pytest.fixture(scope="session")
def files(scenario: Scenario) -> dict[str, list[dict[str, str]]]:
    names = ("beneficiaries", "ledger", "distributions", "staff", "attendance", "organisations")
    names += ("geography", "prices", "fx")
    return {n: read_rows(scenario.out_dir / f"{n}.csv") for n in names}
