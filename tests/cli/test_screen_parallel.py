"""`aidtrace screen --file` over worker processes prints what one process prints, byte for byte:
tables and --json, a few hundred names with and without hits, every party type."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.demo.names import NamePool

UN_2026 = (
    Path(__file__).resolve().parents[3] / "shared/data/watchlists/un/un_consolidated_2026-02-27.xml"
)
LISTED = (
    "Mohammad Hassan Akhund",
    "Abdul Ghani Baradar",
    "Sirajuddin Haqqani",
    "Mohammad Omar",
    "محمد حسن آخوند",
    "Jalaluddin Haqani",
    "Al-Qaida",
    "Abdul Baqi Basir Awal Shah",
)
TYPES = ("", "person", "organisation", "any", "vessel")
runner = CliRunner()


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 rows: Afghan names from the demo's pool (a fifth in Perso-Arabic script) with a few
    listed names among them, each row of some party type."""
    pool, rng = NamePool(), random.Random(5)
    rows = []
    for i in range(300):
        if i % 10 == 0:
            name = LISTED[i // 10 % len(LISTED)]
        else:
            parts = [pool.male[pool.male_name(rng)] for _ in range(3)]
            style = rng.randrange(5)
            name = " ".join(p.fa if style == 4 else p.render(style) for p in parts)
        rows.append((f"p{i}", name, TYPES[i % len(TYPES)]))
    path = tmp_path_factory.mktemp("names") / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("id", "name", "type"))
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("output", [[], ["--json"]])
def test_workers_print_what_one_process_prints(names: Path, output: list[str]) -> None:
    if not UN_2026.exists():
        pytest.fail(f"shared data not found at {UN_2026}")
    printed = {}
    for workers in ("1", "2"):
        args = ["screen", "--file", str(names), "--list", str(UN_2026), "--workers", workers]
        result = runner.invoke(app, [*args, "--threshold", "0.7", *output])
        assert result.exit_code == 0, result.stderr
        printed[workers] = result.stdout
    assert printed["2"] == printed["1"]
    hits = printed["1"].count('"source_id"') if output else printed["1"].count("│ un ")
    assert hits >= 20  # the listed names among them were found
    assert printed["1"].count("no match") >= 200 or output
