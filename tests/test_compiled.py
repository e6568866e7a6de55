"""The compiled build's stamp: a build of untouched sources is recognised without reading them,
a touched source is hashed (a touch alone keeps the build, an edit drops it)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from aidtrace import compiled

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
