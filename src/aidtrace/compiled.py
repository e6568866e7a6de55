"""The screening hot path compiled to C by mypyc, when aidtrace was installed from a wheel.

The package's build hook (``hatch_build.py``) compiles ``MODULES`` when a wheel is built
(``pip install .``) and puts the extension modules in the wheel beside the Python sources, where
Python imports them in their place. Nothing else is involved when aidtrace runs: no import hook,
no check of the sources. An editable install (``pip install -e .``) runs everything as plain
Python, with the same results, only slower, and so does a wheel built where nothing could be
compiled, or built with ``AIDTRACE_PURE_PYTHON=1``.
"""

from __future__ import annotations

# the modules a screened name passes through, and the name model they work on (read by the build
# hook on its own, with the standard library only)
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
# their module names
NAMES = frozenset("aidtrace." + m.removesuffix(".py").replace("/", ".") for m in MODULES)


def in_use() -> bool:
    """Whether the screening modules are the compiled ones (an extension module, not a source,
    is what ``aidtrace.screening.blocking`` is or would be imported from)."""
    from importlib.util import find_spec

    spec = find_spec("aidtrace.screening.blocking")
    origin = spec.origin if spec is not None else None
    return origin is not None and not origin.endswith(".py")
