"""The aidtrace command line: a thin adapter over the library (Typer + Rich).

Every command opens the workspace named by ``--workspace`` (or ``AIDTRACE_WORKSPACE``, or the
current directory), calls library functions, and renders their plain results. Deliberate errors
(``AidtraceError``) print one line and exit 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys

from rich.text import Text

from aidtrace.cli import audit as _audit  # noqa: F401  (registers `aidtrace audit`)
from aidtrace.cli import cases as _cases  # noqa: F401  (registers `aidtrace cases`)
from aidtrace.cli import core as _core  # registers the commands
from aidtrace.cli import demo as _demo  # noqa: F401  (registers `aidtrace demo`)
from aidtrace.cli import demo_job as _demo_job  # noqa: F401  (bare `aidtrace demo`)
from aidtrace.cli import example as _example  # noqa: F401  (registers `aidtrace example`)
from aidtrace.cli import keys as _keys  # noqa: F401  (registers `aidtrace keys`)
from aidtrace.cli import lists as _lists  # noqa: F401  (registers `aidtrace lists`)
from aidtrace.cli import screen as _screen  # noqa: F401  (registers `aidtrace screen`)
from aidtrace.cli import share as _share  # noqa: F401  (`aidtrace share`, `aidtrace consortium`)
from aidtrace.cli import users as _users  # noqa: F401  (registers `aidtrace users`)
from aidtrace.cli import witness as _witness  # noqa: F401  (registers `aidtrace witness`)
from aidtrace.cli.app import app, console_err

__all__ = ["_core", "app", "main"]


def main() -> None:
    """Console-script entry point: nothing ever reaches the user as a raw traceback."""
    debug = "--debug" in sys.argv
    _refuse_undecodable(sys.argv[1:])
    try:
        app()
    except Exception as exc:  # the outermost edge: a bug, reported as one line
        if debug:
            raise
        # the message is data: a "[/x]" from a name in it must not be read as Rich markup
        detail = f"{type(exc).__name__}: {exc} (rerun with --debug for details)"
        console_err.print(Text.assemble(("internal error: ", "red"), detail), soft_wrap=True)
        raise SystemExit(3) from None


def _refuse_undecodable(args: list[str]) -> None:
    """An argument that is not UTF-8 (typed in a terminal set to another encoding, or a file
    name written in one) is refused here, once: Python keeps its bad bytes as lone surrogates,
    which fail wherever the text is first printed or stored, as an internal error."""
    for arg in args:
        try:
            arg.encode()
        except UnicodeEncodeError:
            message = f"{arg!r} is not UTF-8 text (is the terminal set to UTF-8?)"
            console_err.print(Text.assemble(("error: ", "red"), message), soft_wrap=True)
            raise SystemExit(2) from None
