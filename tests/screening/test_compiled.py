"""The screening hot path compiled by mypyc (where the installed wheel has it) gives exactly what
the Python sources give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aidtrace.screening import Query, ScreeningIndex, screen_names

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src"
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


def on_the_sources() -> dict[str, str]:
    """The environment of a child process that imports aidtrace from this checkout's sources, as
    plain Python, whether the tests run on a compiled wheel or on an editable install."""
    path = [str(SOURCES), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def test_compiled_and_python_screening_agree(un_index: ScreeningIndex) -> None:
    """The same queries screened in a process that runs the Python sources give the same hits,
    scores and explanations as this one (compiled, where the installed wheel is)."""
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
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=on_the_sources(),
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(done.stdout) == json.loads(json.dumps(here))
