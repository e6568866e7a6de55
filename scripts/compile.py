"""Compile the screening hot path with mypyc into ``src/aidtrace/_compiled`` for an editable
install (see ``aidtrace.compiled``); a wheel carries its own, built by ``hatch_build.py``.

Run by ``scripts/setup``; does nothing when the build is current. The sources are compiled in a
scratch copy, so the source tree never holds a build that could shadow an edited module; the build
is swapped in whole, with the stamp of the sources it came from.

Each run leaves its outcome in ``RECORD`` inside the environment (the virtualenv ``scripts/setup``
made), so that the tests can tell a build that was expected but failed from an environment that
never compiled: ``tests/test_compiled.py`` fails on a failed build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from aidtrace.compiled import BUILD, MODULES, PACKAGE, STAMP, build_stamp, built_modules

RECORD = Path(sys.prefix) / "aidtrace-compile.json"
# a run's outcomes: the first two leave a current build, "no compiler" plain Python on purpose
BUILT = ("compiled", "current")
NO_COMPILER = "no compiler"


def _say(text: str) -> None:
    sys.stderr.write(f"compile: {text}\n")


def _record(outcome: str, said: str, sources: str) -> None:
    """Leave this run's outcome for the tests, with the package and the sources it was for."""
    record = {"outcome": outcome, "said": said, "package": str(PACKAGE), "sources": sources}
    try:
        RECORD.write_text(json.dumps(record), encoding="utf-8")
    except OSError as error:  # not a virtualenv of ours: nothing to tell the tests
        _say(f"outcome not recorded in {RECORD}: {error}")


def _c_compiler() -> str | None:
    """The C compiler mypyc's build would call, if there is one."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shutil.which(command.split()[0])


def main() -> int:
    stamp = build_stamp()  # of the sources as they are before the copy is compiled
    sources = str(stamp["sources"])
    _record("failed", "scripts/compile.py stopped before it finished", sources)
    if built_modules():
        _say("the compiled screening modules are current")
        _record("current", "", sources)
        return 0
    if _c_compiler() is None:
        _say("no C compiler found; screening runs as plain Python")
        _record(NO_COMPILER, "", sources)
        return 1
    with tempfile.TemporaryDirectory(prefix="aidtrace-mypyc-") as tmp:
        work = Path(tmp)
        shutil.copytree(PACKAGE, work / "aidtrace",
                        ignore=shutil.ignore_patterns("__pycache__", BUILD.name))  # fmt: skip
        command = [
            sys.executable,
            "-m",
            "mypyc",
            "--ignore-missing-imports",
            *(f"aidtrace/{m}" for m in MODULES),
        ]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            said = f"mypyc failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            _say(said)
            _record("failed", said, sources)
            return 1
        staged = work / "staged"
        for file in work.rglob("*.so"):
            if "build" in file.relative_to(work).parts or staged in file.parents:
                continue
            target = staged / file.relative_to(work)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
        if not any(staged.rglob("*.so")):
            _say("mypyc produced no modules")
            _record("failed", "mypyc produced no modules", sources)
            return 1
        (staged / STAMP.name).write_text(json.dumps(stamp), encoding="utf-8")
        fresh = BUILD.with_name(BUILD.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(staged, fresh)
        shutil.rmtree(BUILD, ignore_errors=True)
        fresh.rename(BUILD)
    _say(f"{len(MODULES)} screening modules compiled into {BUILD}")
    _record("compiled", "", sources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
