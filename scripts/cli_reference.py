"""Write docs/reference/cli.md from the Typer application, so the reference cannot drift.

Run after changing a command or an option:

    .venv/bin/python scripts/cli_reference.py

`tests/test_docs.py` renders the page in memory and fails when the committed file differs.
The page is built from Click's own parameter records (the same ones `--help` prints), never
from the rendered help screen, whose wrapping depends on the terminal.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
import typer.main

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "reference" / "cli.md"

HEADER = """\
# CLI reference

Every command and option of `aidtrace`, generated from the program itself
(`scripts/cli_reference.py`; a test fails when this page and the program disagree).
`aidtrace COMMAND --help` prints the same on the terminal.

The global options (`--workspace/-w`, `--debug`) go before the command:
`aidtrace -w ./ws run`. Errors print one line naming the file, record and problem, and exit
with status 2; status 3 means an internal error (a bug; rerun with `--debug` for the traceback).
"""


# Typer carries its own copy of Click, so commands are duck-typed (`Any`) rather than named.
Command = Any


def subcommands(command: Command, ctx: typer.Context) -> list[tuple[str, Command]]:
    """The visible subcommands of a group, in the order `--help` lists them."""
    if not hasattr(command, "list_commands"):
        return []
    found = ((name, command.get_command(ctx, name)) for name in command.list_commands(ctx))
    return [(name, sub) for name, sub in found if sub is not None and not sub.hidden]


def walk(command: Command, ctx: typer.Context) -> Iterator[tuple[Command, typer.Context]]:
    """Yield every visible command below and including `command`, parents first."""
    yield command, ctx
    for name, sub in subcommands(command, ctx):
        yield from walk(sub, typer.Context(sub, info_name=name, parent=ctx))


def no_html(text: str) -> str:
    """Angle brackets in help text are placeholders (<workspace>), never markup."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def cell(text: str) -> str:
    """A Markdown table cell: no HTML, no emphasis, no column breaks, one line."""
    for char in ("\\", "|", "*"):
        text = text.replace(char, "\\" + char)
    return " ".join(no_html(text).split())


def usage(command: Command, ctx: typer.Context) -> str:
    return " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])


def description(command: Command) -> str:
    return no_html(inspect.cleandoc(command.help or command.short_help or "").replace("\b\n", ""))


def parameter_rows(command: Command, ctx: typer.Context) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None or param.name == "help":
            continue
        name, help_text = record
        rows.append(f"| `{name}` | {cell(help_text)} |")
    return rows


def section(command: Command, ctx: typer.Context) -> str:
    level = "#" * min(ctx.command_path.count(" ") + 2, 4)
    parts = [f"{level} `{ctx.command_path}`", "", description(command), ""]
    parts += ["```text", usage(command, ctx), "```", ""]
    rows = parameter_rows(command, ctx)
    if rows:
        parts += ["| argument / option | meaning |", "|---|---|", *rows, ""]
    subs = subcommands(command, ctx)
    if subs:
        parts += ["Commands: " + ", ".join(f"`{name}`" for name, _ in subs) + ".", ""]
    return "\n".join(parts)


def render() -> str:
    """The whole reference page as Markdown."""
    from aidtrace.cli import app

    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="aidtrace")
    sections = [section(command, sub_ctx) for command, sub_ctx in walk(root, ctx)]
    return HEADER + "\n" + "\n".join(sections).rstrip("\n") + "\n"


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
