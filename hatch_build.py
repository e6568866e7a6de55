"""Build hook: a wheel of aidtrace carries its screening hot path compiled to C by mypyc.

For a wheel, the modules of ``aidtrace.compiled.MODULES`` are compiled in a scratch copy of the
sources and the extension modules are added to the wheel beside the Python sources, which Python
then imports in their place. The source tree never holds a build, so an editable install (which
this hook leaves alone) always runs the sources as they are edited, as plain Python.

A build that cannot compile (no C compiler, a mypyc error, no mypy) warns in one line and gives
a pure-Python wheel, with the same results, only slower. ``AIDTRACE_PURE_PYTHON=1`` at build time
skips compiling (and mypy is then not a build requirement).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src") / "aidtrace"
# what compiling needs besides the sources: mypyc (in mypy), setuptools (mypyc's C build) and
# the typed libraries the compiled modules call, so that they compile as they type-check
COMPILER = ("mypy>=1.10", "setuptools>=65")
TYPED_LIBRARIES = ("rapidfuzz", "rigour")
# not sources: caches, and a build that an older checkout's editable install left in src/
NOT_SOURCES = shutil.ignore_patterns("__pycache__", "_compiled", "_compiled.new")


class CompileFailedError(Exception):
    """mypyc did not give the compiled modules; the wheel is built as plain Python."""


def _plan(root: str) -> ModuleType:
    """``aidtrace.compiled`` read on its own (standard library only), for ``MODULES``: aidtrace
    itself cannot be imported in a build environment without its dependencies."""
    spec = importlib.util.spec_from_file_location(
        "_aidtrace_compiled_plan", Path(root) / PACKAGE / "compiled.py"
    )
    if spec is None or spec.loader is None:
        raise CompileFailedError("src/aidtrace/compiled.py cannot be read")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wanted() -> bool:
    """Whether this build compiles at all: not when asked for plain Python, nor off CPython."""
    return os.environ.get("AIDTRACE_PURE_PYTHON") != "1" and sys.implementation.name == "cpython"


def _requirement_name(requirement: str) -> str:
    for stop in "<>=!~;[ ":
        requirement = requirement.split(stop, 1)[0]
    return requirement.strip().lower()


def _compile(root: str, modules: tuple[str, ...], work: Path) -> dict[str, str]:
    """Compile ``modules`` in a copy of the package under ``work``; the extension modules built,
    by their path in the wheel."""
    shutil.copytree(Path(root) / PACKAGE, work / "aidtrace", ignore=NOT_SOURCES)
    command = [sys.executable, "-m", "mypyc", "--ignore-missing-imports",
               *(f"aidtrace/{m}" for m in modules)]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CompileFailedError(str(error)) from error
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["mypyc failed"]
        raise CompileFailedError(lines[-1])
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    built = {
        str(file): file.relative_to(work).as_posix()
        for file in work.rglob("*")
        if file.name.endswith(suffixes) and file.relative_to(work).parts[0] != "build"
    }
    named = {path.split("/")[-1].split(".")[0] for path in built.values()}
    missing = [m for m in modules if Path(m).stem not in named]
    if missing:
        raise CompileFailedError(f"no extension module for {', '.join(missing)}")
    return built


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the compiled screening modules to a standard wheel; leaves editable wheels alone."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """What a compiling build needs installed (read when the build environment is made)."""
        if not _wanted():
            return []
        declared = {_requirement_name(d): d for d in self.metadata.core.dependencies}
        return [*COMPILER, *(declared.get(name, name) for name in TYPED_LIBRARIES)]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "standard" or not _wanted():
            return
        self._work = Path(tempfile.mkdtemp(prefix="aidtrace-wheel-mypyc-"))
        try:
            modules: tuple[str, ...] = _plan(self.root).MODULES
            built = _compile(self.root, modules, self._work)
        except CompileFailedError as error:
            self.app.display_warning(
                f"aidtrace: screening modules not compiled ({error}); building a pure-Python wheel"
            )
            return
        build_data["force_include"].update(built)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self.app.display_info(f"aidtrace: {len(modules)} screening modules compiled by mypyc")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
