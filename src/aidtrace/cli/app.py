"""The Typer application, its global options and the error edge shared by every command."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from aidtrace.errors import AidtraceError
from aidtrace.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")

console_err = Console(stderr=True)

app = typer.Typer(
    name="aidtrace",
    help="Watch humanitarian aid end to end: screening, integrity, flows, cases, audit.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@dataclass
class State:
    workspace: Path
    debug: bool
    console: Console
    err: Console

    def open(self) -> Workspace:
        return Workspace.open(self.workspace)


def default_workspace() -> Path:
    return Path(os.environ.get("AIDTRACE_WORKSPACE") or ".")


@app.callback()
def _root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace directory [default: $AIDTRACE_WORKSPACE or .]",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    ctx.obj = State(workspace or default_workspace(), debug, Console(), Console(stderr=True))
    # Splink narrates its EM training on the root logger; an officer needs none of it.
    logging.getLogger("splink").setLevel(logging.DEBUG if debug else logging.ERROR)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def edge(func: Callable[P, R]) -> Callable[P, R]:
    """Turn deliberate errors into one clear line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        st = state(kwargs["ctx"])  # type: ignore[arg-type]
        try:
            return func(*args, **kwargs)
        except (AidtraceError, OSError) as exc:
            if st.debug:
                raise
            st.err.print(Text.assemble(("error: ", "red"), str(exc)), soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper


@contextmanager
def progress_bar(st: State) -> Iterator[Callable[[str, int, int | None], None]]:
    """A Rich progress display fed by the library's ``Progress`` callbacks."""
    tasks: dict[str, object] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=st.err,
        transient=True,
    ) as bar:

        def report(label: str, done: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)  # type: ignore[arg-type]

        yield report
