"""The build hook (``hatch_build.py``): a wheel carries the compiled screening modules and runs
them with no import hook, a wheel built where they cannot be compiled is plain Python (with a
warning), an editable one never carries a build."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from aidtrace import compiled

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
WARNING = "screening modules not compiled"
# not sources: caches, and a build that an older checkout's editable install left in src/
NOT_SOURCES = shutil.ignore_patterns("__pycache__", "_compiled", "_compiled.new")

if importlib.util.find_spec("hatchling") is None and os.environ.get("CI") != "true":
    pytest.skip("hatchling (the dev extra) is not installed here", allow_module_level=True)


def _tree(where: Path) -> Path:
    """A copy of what a wheel is built from."""
    tree = where / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src", tree / "src", ignore=NOT_SOURCES)
    return tree


def _wheel(tree: Path, out: Path, **env: str) -> tuple[Path, str]:
    """The wheel ``pip wheel`` builds from ``tree`` with the environment's own packages (offline),
    and what the build said."""
    command = [sys.executable, "-m", "pip", "wheel", "-v", "--no-build-isolation", "--no-deps",
               "--no-index", "-w", str(out), str(tree)]  # fmt: skip
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True,
                          check=False, timeout=1800)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    return wheel, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """One wheel built with a C compiler and one with none (``CC=/bin/false``)."""
    where = tmp_path_factory.mktemp("wheels")
    tree = _tree(where)
    # -O0: the test asks what the wheel holds, not how fast it runs (the C builds faster); both
    # builds together take about two minutes of CPU
    built = {
        "compiled": _wheel(tree, where / "compiled", MYPYC_OPT_LEVEL="0"),
        "no compiler": _wheel(tree, where / "plain", CC="/bin/false"),
    }
    assert not list(tree.rglob(f"*{SUFFIX}")), "the build wrote into the source tree"
    return built


def _expected() -> set[str]:
    return {"aidtrace/" + m.removesuffix(".py") + SUFFIX for m in compiled.MODULES}


@pytest.mark.slow
def test_the_wheel_carries_every_compiled_module(wheels: dict[str, tuple[Path, str]]) -> None:
    wheel, said = wheels["compiled"]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _expected() <= names
    assert {"aidtrace/" + m for m in compiled.MODULES} <= names  # the sources stay beside them
    assert not [n for n in names if "_compiled" in n]
    assert not wheel.name.endswith("-py3-none-any.whl")
    assert WARNING not in said


@pytest.mark.slow
def test_without_a_compiler_the_wheel_is_plain_python(wheels: dict[str, tuple[Path, str]]) -> None:
    wheel, said = wheels["no compiler"]
    names = zipfile.ZipFile(wheel).namelist()
    assert wheel.name.endswith("-py3-none-any.whl")
    assert not [n for n in names if n.endswith(SUFFIX)]
    assert {"aidtrace/" + m for m in compiled.MODULES} <= set(names)
    (warning,) = [line for line in said.splitlines() if WARNING in line]
    assert "pure-Python wheel" in warning


@pytest.mark.slow
@pytest.mark.parametrize(("built", "in_use"), [("compiled", True), ("no compiler", False)])
def test_an_installed_wheel_screens_with_what_it_carries(
    wheels: dict[str, tuple[Path, str]], tmp_path: Path, built: str, in_use: bool
) -> None:
    """The extension modules beside the sources are imported in their place, by Python itself:
    aidtrace adds no import hook."""
    wheel, _ = wheels[built]
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    script = (
        "import sys\n"
        "import aidtrace.screening.blocking\n"
        "from aidtrace import compiled\n"
        "from aidtrace.screening import Query, build_index, screen_names\n"
        "assert not [f for f in sys.meta_path if 'aidtrace' in repr(f)], sys.meta_path\n"
        "print(aidtrace.__file__, compiled.in_use())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    file, used = done.stdout.split()
    assert file.startswith(str(tmp_path / "site"))
    assert used == str(in_use)


def _hook(root: Path, dependencies: list[str]) -> Any:
    """The build hook of ``hatch_build.py`` as hatchling makes it for the wheel target."""
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    metadata = SimpleNamespace(core=SimpleNamespace(dependencies=dependencies))
    return module.CustomBuildHook(str(root), {}, None, metadata, str(root / "dist"), "wheel")


def test_an_editable_wheel_never_carries_a_build(tmp_path: Path) -> None:
    build_data: dict[str, Any] = {"force_include": {}, "pure_python": True, "infer_tag": False}
    _hook(_tree(tmp_path), []).initialize("editable", build_data)
    assert build_data == {"force_include": {}, "pure_python": True, "infer_tag": False}


@pytest.mark.parametrize(
    ("pure", "needed"),
    [
        ("0", ["mypy>=1.10", "setuptools>=65", "rapidfuzz>=3.6", "rigour>=1.0"]),
        ("1", []),  # a pure-Python wheel asked for: nothing to compile with
    ],
)
def test_the_compiler_is_a_build_requirement_only_when_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pure: str, needed: list[str]
) -> None:
    monkeypatch.setenv("AIDTRACE_PURE_PYTHON", pure)
    hook = _hook(tmp_path, ["duckdb>=1.1", "rigour>=1.0", "rapidfuzz>=3.6"])
    assert hook.dependencies() == needed
