"""The compiled build's stamp: a build of untouched sources is recognised without reading them,
a touched source is hashed (a touch alone keeps the build, an edit drops it). Where
``scripts/compile.py`` built for this environment (as ``scripts/check`` does before the tests),
every compiled module runs from that build: a compile that failed fails here."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aidtrace import compiled

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"screening/blocking.py": "def f() -> int:\n    return 1\n"}
SO = "aidtrace/screening/blocking.cpython-311-x86_64-linux-gnu.so"


@pytest.fixture
def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package of one compiled module and its build, stamped as ``scripts/compile.py`` does."""
    package = tmp_path / "aidtrace"
    for name, text in SOURCES.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    built = package / "_compiled"
    (built / SO).parent.mkdir(parents=True)
    (built / SO).write_bytes(b"")
    monkeypatch.setattr(compiled, "PACKAGE", package)
    monkeypatch.setattr(compiled, "BUILD", built)
    monkeypatch.setattr(compiled, "STAMP", built / "stamp.json")
    monkeypatch.setattr(compiled, "MODULES", tuple(SOURCES))
    monkeypatch.setattr(sys.implementation, "cache_tag", "cpython-311")
    compiled.STAMP.write_text(json.dumps(compiled.build_stamp()), encoding="utf-8")
    return package


def _no_hashing() -> str:
    raise AssertionError("the sources were hashed")


def test_untouched_sources_are_not_read(build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "source_stamp", _no_hashing)
    assert set(compiled.built_modules()) == {"aidtrace.screening.blocking"}


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ("touch", True),  # a checkout or a copy that rewrote the same bytes
        ("edit", False),
        ("delete", False),
    ],
)
def test_a_touched_source_is_hashed(build: Path, change: str, kept: bool) -> None:
    source = build / "screening" / "blocking.py"
    info = source.stat()
    if change == "touch":
        os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    elif change == "edit":
        source.write_text(SOURCES["screening/blocking.py"].replace("1", "22"), encoding="utf-8")
        os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))  # same time, other size
    else:
        source.unlink()
    assert bool(compiled.built_modules()) is kept


def test_a_build_for_another_python_is_hashed_and_dropped(
    build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.implementation, "cache_tag", "cpython-312")
    assert compiled.built_modules() == {}


def test_an_older_stamp_of_the_sources_alone_still_counts(build: Path) -> None:
    compiled.STAMP.write_text(json.dumps({"sources": compiled.source_stamp()}), encoding="utf-8")
    assert set(compiled.built_modules()) == {"aidtrace.screening.blocking"}


@pytest.mark.parametrize(
    ("pure", "has_build", "finder"),
    [
        ("0", True, compiled.CompiledFinder),  # an editable install with scripts/compile.py's build
        ("0", False, None),  # a wheel: its compiled modules (if any) beside the sources, no hook
        ("1", False, compiled.SourceFinder),  # plain Python asked for, even over a wheel's build
        ("1", True, compiled.SourceFinder),
    ],
)
def test_the_import_hook_is_installed_only_where_needed(
    build: Path, monkeypatch: pytest.MonkeyPatch, pure: str, has_build: bool, finder: type | None
) -> None:
    monkeypatch.setenv("AIDTRACE_PURE_PYTHON", pure)
    if not has_build:
        monkeypatch.setattr(compiled, "BUILD", build / "no build")
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not _ours(f)])
    compiled.use()
    ours = [type(f) for f in sys.meta_path if _ours(f)]
    assert ours == ([finder] if finder else [])


def _ours(finder: object) -> bool:
    return isinstance(finder, compiled.CompiledFinder | compiled.SourceFinder)


def test_plain_python_is_served_from_the_sources(build: Path) -> None:
    spec = compiled.SourceFinder().find_spec("aidtrace.screening.blocking", None)
    assert spec is not None
    assert spec.origin == str(build / "screening" / "blocking.py")
    assert compiled.SourceFinder().find_spec("aidtrace.cli", None) is None


def _compile_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_script", ROOT / "scripts" / "compile.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMPILE = _compile_script()


def _not_expected(record: dict[str, Any] | None) -> str | None:
    """Why no compiled build is expected here, or None where ``scripts/compile.py``'s last run
    for this environment was for these very sources (its outcome then must be a build)."""
    if record is None:
        return "scripts/compile.py has not run for this environment"
    if record.get("package") != str(compiled.PACKAGE):
        return f"scripts/compile.py last ran for {record.get('package')}"
    if record.get("sources") != compiled.source_stamp():
        return "the compiled modules' sources changed since scripts/compile.py ran"
    if record.get("outcome") == COMPILE.NO_COMPILER:
        return "scripts/compile.py found no C compiler: plain Python on purpose"
    return None


def _record(outcome: str, **changed: str) -> dict[str, Any]:
    fields = {"package": str(compiled.PACKAGE), "sources": compiled.source_stamp()}
    return {"outcome": outcome, "said": "", **fields, **changed}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_record("compiled"), True),
        (_record("current"), True),
        (_record("failed"), True),  # expected, and so the check below fails
        (None, False),
        (_record("no compiler"), False),
        (_record("compiled", package="/elsewhere/src/aidtrace"), False),
        (_record("failed", sources="older sources"), False),  # a developer's edit since
    ],
    ids=["compiled", "current", "failed", "never run", "no compiler", "other tree", "edited"],
)
def test_a_build_is_expected_where_compile_py_ran_on_these_sources(
    record: dict[str, Any] | None, expected: bool
) -> None:
    assert (_not_expected(record) is None) is expected


def _loaded() -> tuple[dict[str, str], bool]:
    """Where a fresh interpreter loads each compiled module from, and ``compiled.in_use()``."""
    script = (
        "import importlib, json, sys\n"
        "from aidtrace import compiled\n"
        "files = {n: importlib.import_module(n).__file__ for n in sorted(compiled.NAMES)}\n"
        "print(json.dumps([files, compiled.in_use()]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "AIDTRACE_PURE_PYTHON"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    files, in_use = json.loads(done.stdout.splitlines()[-1])
    return files, in_use


def test_the_editable_install_runs_the_build_compile_py_made() -> None:
    """The compiled modules are not silently plain Python where scripts/compile.py was run."""
    try:
        record = json.loads(COMPILE.RECORD.read_text(encoding="utf-8"))
    except FileNotFoundError:
        record = None
    why = _not_expected(record)
    if why is not None:
        pytest.skip(why)
    assert record["outcome"] in COMPILE.BUILT, f"scripts/compile.py: {record['said']}"
    files, in_use = _loaded()
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    plain = [name for name, file in files.items() if not file.endswith(suffixes)]
    assert plain == [], "running as plain Python"
    assert all(Path(file).is_relative_to(compiled.BUILD) for file in files.values())
    assert set(files) == compiled.NAMES
    assert in_use
