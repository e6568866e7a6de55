"""The detection benchmark's runner: several seeds share one child process, each run recorded as
it finishes with its wall and CPU seconds, and the summary says what a run cost."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

RUN_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "detection" / "run.py"

# Stands in for the demo: one JSON line per seed, then a failure for seed 13.
FAKE_CHILD = """
import json, sys
for seed in map(int, sys.argv[4:]):
    if seed == 13:
        sys.exit("no world for 13")
    print("progress noise")
    print(json.dumps({"seed": seed, "seconds": 2.0, "cpu_seconds": 1.0, "compiled": seed != 3,
                      "peak_mib": 100 * seed, "scale_seen": sys.argv[2]}), flush=True)
"""


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("detection_run", RUN_PY)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CHILD", FAKE_CHILD)
    monkeypatch.setattr(module, "RUNS", tmp_path / "runs.json")
    monkeypatch.setattr(module, "commit", lambda: "abc1234")
    return module


def test_seeds_share_a_child_and_are_recorded_one_by_one(run: ModuleType) -> None:
    recorded = run.run_pending("tuning", [1, 2, 3], "3000", 1, per_process=2)
    assert [(r["seed"], r["scale"], r["noise"], r["commit"]) for r in recorded] == [
        (1, "3000", 1, "abc1234"),
        (2, "3000", 1, "abc1234"),
        (3, "3000", 1, "abc1234"),
    ]
    assert [r["seed"] for r in run.load_runs()] == [1, 2, 3]
    assert run.run_one(5, "20000", 0)["scale_seen"] == "20000"


def test_a_failing_seed_stops_with_its_error_after_the_runs_before_it(run: ModuleType) -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run.run_pending("tuning", [12, 13, 14], "3000", 1, per_process=3)
    assert "no world for 13" in failed.value.stderr
    assert [r["seed"] for r in run.load_runs()] == [12]


def runs(*costs: tuple[float, float | None, bool]) -> list[dict[str, Any]]:
    made = []
    for seconds, cpu, compiled in costs:
        r: dict[str, Any] = {"seconds": seconds}
        if cpu is not None:
            r |= {"cpu_seconds": cpu, "compiled": compiled, "peak_mib": 1500}
        made.append(r)
    return made


@pytest.mark.parametrize(
    ("chosen", "line"),
    [
        (runs((100, None, True)), "100 s per run on average (wall)"),
        (
            runs((100, 30, True), (200, 50, True)),
            "150 s per run on average (wall), 40 CPU-s and at most 1,500 MiB over the 2 runs "
            "that recorded them",
        ),
        (
            runs((100, None, True), (200, 60, False)),
            "150 s per run on average (wall), 60 CPU-s and at most 1,500 MiB over the 1 runs "
            "that recorded them, 1 of them without the compiled screening modules",
        ),
    ],
)
def test_cost_line(run: ModuleType, chosen: list[dict[str, Any]], line: str) -> None:
    assert run.cost_line(chosen) == line
