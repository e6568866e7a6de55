from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from aidtrace.demo import Scenario, generate


def digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def test_same_seed_same_bytes(scenario: Scenario, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", seed=scenario.seed, scale=scenario.scale)
    assert digests(again.out_dir) == digests(scenario.out_dir)
    assert len(digests(again.out_dir)) == 12


def test_other_seed_other_data(scenario: Scenario, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", seed=scenario.seed + 1, scale=scenario.scale)
    mine, theirs = digests(scenario.out_dir), digests(other.out_dir)
    assert mine["beneficiaries.csv"] != theirs["beneficiaries.csv"]
    assert mine["ledger.csv"] != theirs["ledger.csv"]


def test_summary_matches_files(scenario: Scenario) -> None:
    assert scenario.files["beneficiaries.csv"] == scenario.beneficiaries
    assert 3_000 < scenario.beneficiaries < 5_500  # "4k", give or take household sizes
    assert 5.5 < scenario.beneficiaries / scenario.households < 8.5


def test_bytes_do_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    script = (
        "import sys; from aidtrace.demo import generate; generate(sys.argv[1], seed=4, scale='1k')"
    )
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / hash_seed)], check=True, env=env
        )
    assert digests(tmp_path / "1") == digests(tmp_path / "2")
