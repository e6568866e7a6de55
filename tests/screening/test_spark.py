"""Batch screening on Spark (local mode) gives every row the result the local run gives it."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aidtrace.demo.names import NamePool
from aidtrace.screening import ScreeningIndex, screen_names
from aidtrace.screening.batch import NameFile
from aidtrace.screening.query import PartyType

TODAY = date(2026, 12, 6)
COLUMNS = ("id", "name", "dob", "nationality", "type")


def _sample(index: ScreeningIndex, size: int = 120, seed: int = 5) -> list[dict[str, str]]:
    """Listed names (aliases and original script among them), Afghan names from the demo's
    pool, and rows a local run refuses or reads with a date, a nationality or a type."""
    rng = random.Random(seed)
    listed = [n.name.original for n in rng.sample(index.names, size // 2)]
    pool = NamePool()
    afghan = []
    for _ in range(size // 2):
        given = pool.given(pool.male_name(rng), False)
        father, grandfather = (pool.male[pool.male_name(rng)] for _ in range(2))
        style = rng.randrange(5)  # four romanisations, or Perso-Arabic script
        parts = (given, father, grandfather)
        afghan.append(" ".join(n.fa if style == 4 else n.render(style) for n in parts))
    rows = [{"id": f"p{i}", "name": name} for i, name in enumerate(listed + afghan)]
    rows += [
        {"id": "dated", "name": "Abdul Ghani Baradar", "dob": "~1968", "nationality": "AF"},
        {"id": "conflict", "name": "Abdul Ghani Baradar", "dob": "1990-01-01"},
        {"id": "firm", "name": "Al-Shabaab", "type": "organisation"},
        {"id": "person", "name": "Haji Sahab", "type": "person"},
        {"id": "empty", "name": "  "},
        {"id": "future", "name": "Gul Ahmad", "dob": "2031"},
        {"id": "odd type", "name": "Gul Ahmad", "type": "planet"},
    ]
    return [{c: row.get(c, "") for c in COLUMNS} for row in rows]


def _local(rows: list[dict[str, str]], index: ScreeningIndex, tmp_path: Path) -> dict[str, Any]:
    """What `aidtrace screen --file` finds for the rows: results and refusals by subject."""
    path = tmp_path / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    batch = NameFile(path, PartyType.ANY)
    results = screen_names(index, batch.queries(TODAY), 0.75, 5)
    found: dict[str, Any] = {r.query.subject: r.as_dict() for r in results}
    for refusal in batch.refused:
        found[rows[refusal.row - 2]["id"]] = refusal.reason
    return found


@pytest.fixture
def spark(tmp_path: Path) -> Iterator[Any]:
    from aidtrace.screening.spark import local_session

    session = local_session(cores=2, warehouse=tmp_path / "spark")
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.spark
def test_spark_screens_as_the_local_run(
    un_index: ScreeningIndex, spark: Any, tmp_path: Path
) -> None:
    from aidtrace.screening.spark import screen_frame

    rows = _sample(un_index)
    expected = _local(rows, un_index, tmp_path)
    frame = spark.createDataFrame(rows, ", ".join(f"{c} string" for c in COLUMNS))
    screened = screen_frame(frame.repartition(3), un_index, 0.75, 5, today=TODAY).collect()
    got = {
        r["subject"]: json.loads(r["result"]) if r["refused"] is None else r["refused"]
        for r in screened
    }
    assert len(screened) == len(rows)
    assert got == expected
    assert sum(1 for r in screened if r["hits"]) >= len(rows) // 3, "listed names are found"
    assert isinstance(got["empty"], str)
    assert isinstance(got["future"], str)
