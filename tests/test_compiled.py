"""The compiled screening modules come from the install, never from an import hook: a wheel
built where C compiles runs every module of ``aidtrace.compiled.MODULES`` compiled, an editable
install runs the sources as plain Python, and importing aidtrace does nothing to the import
system. ``scripts/check`` installs the wheel and says so (``AIDTRACE_TESTS_ON_WHEEL=1``): the
tests then fail if they run on the sources, or if the compiled modules are silently missing."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib.util import find_spec
from pathlib import Path

import pytest

import aidtrace
from aidtrace import compiled

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "aidtrace"
SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)


def _origin(name: str) -> str:
    spec = find_spec(name)
    assert spec is not None
    assert spec.origin is not None
    return spec.origin


def _on_the_sources() -> bool:
    """Whether aidtrace is imported from this checkout's sources (an editable install)."""
    return Path(aidtrace.__file__).resolve().is_relative_to(SOURCES)


def _c_compiler() -> str | None:
    """The C compiler the build hook's mypyc would call, if there is one."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shutil.which(command.split()[0])


def test_the_tests_run_on_the_installed_wheel() -> None:
    if os.environ.get("AIDTRACE_TESTS_ON_WHEEL") != "1":
        pytest.skip("not run by scripts/check, which installs the wheel")
    assert not _on_the_sources(), f"aidtrace imported from {aidtrace.__file__}"
    assert not Path(_origin("aidtrace.cli")).resolve().is_relative_to(SOURCES)


def test_a_wheel_runs_every_screening_module_compiled() -> None:
    """The compiled modules are not silently plain Python where the wheel could compile them."""
    if _on_the_sources():
        pytest.skip("an editable install: plain Python")
    if os.environ.get("AIDTRACE_PURE_PYTHON") == "1":
        pytest.skip("AIDTRACE_PURE_PYTHON=1: a plain-Python wheel asked for")
    if _c_compiler() is None:
        pytest.skip("no C compiler here: the wheel is plain Python")
    plain = sorted(name for name in compiled.NAMES if not _origin(name).endswith(SUFFIXES))
    assert plain == [], "the wheel's build hook did not compile these; run pip wheel -v ."
    assert compiled.in_use()


def test_the_sources_run_as_plain_python() -> None:
    """Imported from the sources, as an editable install does (here in a child process with
    ``src`` first on the path), every screening module is plain Python: no build beside the
    sources shadows them, and ``in_use`` says so."""
    script = (
        "import json\n"
        "from importlib.util import find_spec\n"
        "from aidtrace import compiled\n"
        "built = [n for n in compiled.NAMES if not find_spec(n).origin.endswith('.py')]\n"
        "print(json.dumps([compiled.__file__, built, compiled.in_use()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    origin, built, in_use = json.loads(done.stdout)
    assert Path(origin).resolve().is_relative_to(SOURCES)
    assert built == [], "a build beside the sources shadows them"
    assert in_use is False


def test_importing_aidtrace_leaves_the_import_system_alone() -> None:
    """No import hook, and nothing about the compiled build is looked at, when aidtrace (or its
    command line) is imported."""
    script = (
        "import json, sys\n"
        "import aidtrace, aidtrace.cli\n"
        "hooks = [repr(f) for f in sys.meta_path if 'aidtrace' in repr(f)]\n"
        "print(json.dumps([hooks, 'aidtrace.compiled' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert json.loads(done.stdout.splitlines()[-1]) == [[], False]
