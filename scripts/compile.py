"""Compile the screening hot path with mypyc into ``src/aidtrace/_compiled`` for an editable
install (see ``aidtrace.compiled``); a wheel carries its own, built by ``hatch_build.py``.

Run by ``scripts/setup``; does nothing when the build is current. The sources are compiled in a
scratch copy, so the source tree never holds a build that could shadow an edited module; the build
is swapped in whole, with the stamp of the sources it came from.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from aidtrace.compiled import BUILD, MODULES, PACKAGE, STAMP, build_stamp, built_modules


def _say(text: str) -> None:
    sys.stderr.write(f"compile: {text}\n")


def main() -> int:
    if built_modules():
        _say("the compiled screening modules are current")
        return 0
    stamp = build_stamp()  # of the sources as they are before the copy is compiled
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
            _say(f"mypyc failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
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
            return 1
        (staged / STAMP.name).write_text(json.dumps(stamp), encoding="utf-8")
        fresh = BUILD.with_name(BUILD.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(staged, fresh)
        shutil.rmtree(BUILD, ignore_errors=True)
        fresh.rename(BUILD)
    _say(f"{len(MODULES)} screening modules compiled into {BUILD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
