"""The mypyc build of the screening hot path: used when current, ignored when stale, and giving
exactly what the Python sources give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aidtrace import compiled
from aidtrace.screening import Query, ScreeningIndex, screen_names

NAMES = [
    "Abdul Ghani Baradar",
    "Mullah Abdul Ghani Baradar",
    "عبدالغنی برادر",
    "Sirajuddin Haqqani",
    "Mohammad Gul Zazai",
    "Hsi Chin-ping",
    "Vladimir Putin",
    "Juan You",
]


def _screened(index: ScreeningIndex) -> list[dict[str, object]]:
    queries = [Query(n, f"q{i}") for i, n in enumerate(NAMES)]
    return [r.as_dict() for r in screen_names(index, queries, threshold=0.6)]


def test_the_build_is_used_when_it_is_current() -> None:
    if not compiled.built_modules():
        pytest.skip("no compiled build here (scripts/compile.py needs a C compiler)")
    assert compiled.in_use()


def test_a_stale_build_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = tmp_path / "_compiled"
    (build / "aidtrace" / "screening").mkdir(parents=True)
    (build / "aidtrace" / "screening" / "blocking.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    stamp = build / "stamp.json"
    monkeypatch.setattr(compiled, "BUILD", build)
    monkeypatch.setattr(compiled, "STAMP", stamp)
    stamp.write_text(json.dumps({"sources": compiled.source_stamp()}), encoding="utf-8")
    assert set(compiled.built_modules()) == {"aidtrace.screening.blocking"}
    stamp.write_text(json.dumps({"sources": "built from other sources"}), encoding="utf-8")
    assert compiled.built_modules() == {}


def test_compiled_and_python_screening_agree(un_index: ScreeningIndex) -> None:
    """The same queries screened in a process that runs the Python sources give the same hits,
    scores and explanations as this one (compiled, where a build exists)."""
    here = _screened(un_index)
    assert any(r["hits"] for r in here)
    script = (
        "import json, sys\n"
        "from aidtrace import compiled\n"
        "from tests.screening.test_compiled import _screened\n"
        "from aidtrace.watchlists.formats import parse_file\n"
        "from aidtrace.screening import build_index\n"
        "from tests.screening.conftest import UN_2026\n"
        "screened = _screened(build_index(parse_file(UN_2026)))\n"
        "assert not compiled.in_use()\n"
        "json.dump(screened, sys.stdout)\n"
    )
    env = {**os.environ, "AIDTRACE_PURE_PYTHON": "1"}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert json.loads(done.stdout) == json.loads(json.dumps(here))
