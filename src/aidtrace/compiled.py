"""The screening hot path compiled to C by mypyc, used when it was built from these very sources.

A wheel (``pip install .``) carries the compiled modules beside the Python sources, built by the
package's build hook (``hatch_build.py``), and Python imports them in their place; a wheel built
where nothing could be compiled is plain Python. In an editable install (``scripts/setup``),
``scripts/compile.py`` compiles ``MODULES`` into ``_compiled/`` beside this file, with a stamp of
the sources it compiled, and aidtrace loads those builds in place of the Python modules only while
the stamp still matches the sources, so an edited module is never shadowed by a stale build.
Without a build everything runs as plain Python, with the same results, only slower.
``AIDTRACE_PURE_PYTHON=1`` turns the builds off, a wheel's as well.

The sources are checked against the stamp when the first of these modules is imported, not when
aidtrace is: most commands (and ``aidtrace --help``) never screen a name, and pay nothing. The
check reads the size and modification time of each source, as the build recorded them; only a
source touched since the build is read and hashed, to tell an edit from a mere touch. Without a
``_compiled/`` directory (a wheel install) no import hook is installed at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
BUILD = PACKAGE / "_compiled"
STAMP = BUILD / "stamp.json"
# the modules a screened name passes through, and the name model they work on
MODULES = (
    "names/analyze.py",
    "names/arabic.py",
    "names/chinese.py",
    "names/given_names.py",
    "names/model.py",
    "names/name_parts.py",
    "names/numbers.py",
    "names/particles.py",
    "names/rarity.py",
    "names/skeleton.py",
    "names/titles.py",
    "names/variants.py",
    "names/compare.py",
    "screening/match.py",
    "screening/blocking.py",
    "screening/conflict.py",
    "screening/score.py",
    "screening/screen.py",
)
# their module names: importing one of them is what checks the build
NAMES = frozenset("aidtrace." + m.removesuffix(".py").replace("/", ".") for m in MODULES)


def source_stamp() -> str:
    """A digest of the compiled modules' sources and the interpreter they were built for."""
    import hashlib

    digest = hashlib.sha256(sys.implementation.cache_tag.encode())
    for module in MODULES:
        digest.update(module.encode())
        digest.update((PACKAGE / module).read_bytes())
    return digest.hexdigest()


def source_files() -> dict[str, list[int]]:
    """Size and modification time (ns) of each compiled module's source, as a build records them."""
    found = {}
    for module in MODULES:
        info = (PACKAGE / module).stat()
        found[module] = [info.st_size, info.st_mtime_ns]
    return found


def build_stamp() -> dict[str, object]:
    """What a build records of the sources it compiled (``scripts/compile.py`` writes it)."""
    return {
        "sources": source_stamp(),
        "python": sys.implementation.cache_tag,
        "files": source_files(),
    }


def _current(stamp: dict[str, object]) -> bool:
    """Whether the build stamped ``stamp`` was compiled from the sources here: untouched since
    (sizes and times as recorded, no file read), or else the same bytes (hashed)."""
    try:
        untouched = stamp.get("python") == sys.implementation.cache_tag and (
            stamp.get("files") == source_files()
        )
    except OSError:
        return False
    return untouched or stamp.get("sources") == source_stamp()


def built_modules() -> dict[str, Path]:
    """The compiled modules by module name, if a build for the current sources exists."""
    import importlib.machinery
    import json

    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stamp, dict) or not _current(stamp):
        return {}
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    files = {}
    for file in BUILD.rglob("*"):
        if file.name.endswith(suffixes):
            parts = file.relative_to(BUILD).parts
            files[".".join((*parts[:-1], file.name.split(".")[0]))] = file
    return files


class CompiledFinder:
    """An import hook (``sys.meta_path``) serving the compiled modules of a current build.

    ``files`` stays None until one of ``NAMES`` is imported; the build is checked against the
    sources then, once: {} if it is stale or absent, and every import is left to the sources.
    """

    def __init__(self) -> None:
        self.files: dict[str, Path] | None = None

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if self.files is None:
            if fullname not in NAMES:
                return None
            self.files = built_modules()
        file = self.files.get(fullname)
        if file is None:
            return None
        import importlib.util

        return importlib.util.spec_from_file_location(fullname, file)


class SourceFinder:
    """An import hook (``sys.meta_path``) serving ``NAMES`` from their Python sources, so that
    extension modules beside them (a compiled wheel) are passed over."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in NAMES:
            return None
        import importlib.util

        source = PACKAGE / (fullname.removeprefix("aidtrace.").replace(".", "/") + ".py")
        return importlib.util.spec_from_file_location(fullname, source)


def use() -> None:
    """Load the compiled modules from now on, where a current build has them (checked when the
    first is imported); with ``AIDTRACE_PURE_PYTHON=1``, the Python sources even where a wheel
    put compiled modules beside them."""
    if any(isinstance(f, CompiledFinder | SourceFinder) for f in sys.meta_path):
        return
    if os.environ.get("AIDTRACE_PURE_PYTHON") == "1":
        sys.meta_path.insert(0, SourceFinder())
    elif BUILD.is_dir():
        sys.meta_path.insert(0, CompiledFinder())


def in_use() -> bool:
    """Whether the screening modules running now are the compiled ones."""
    module = sys.modules.get("aidtrace.screening.blocking")
    return module is not None and not str(module.__file__).endswith(".py")
