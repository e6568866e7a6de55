"""The Typer application, its global options and the error edge shared by every command."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from aidtrace.errors import AidtraceError
from aidtrace.files import restrict_umask

if TYPE_CHECKING:
    # The store (DuckDB, Arrow) is imported by the commands that open it, not by `--help`.
    from aidtrace.workspace import Workspace, WorkspaceBusy

P = ParamSpec("P")
R = TypeVar("R")

console_err = Console(stderr=True)
DEFAULT_WAIT = 30.0

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
    wait: float = DEFAULT_WAIT
    command: str | None = None  # ``aidtrace lists show``, set by ``edge`` for the command run

    def open(self, *, read_only: bool = False) -> Workspace:
        """Open the workspace for this command; ``read_only`` for commands that only read, which
        run side by side with each other. Waits up to ``--wait`` seconds for a busy store."""
        from aidtrace.workspace import Workspace

        return Workspace.open(
            self.workspace,
            read_only=read_only,
            wait=self.wait,
            on_wait=self._waiting,
            command=self.command,
        )

    def _waiting(self, busy: WorkspaceBusy) -> None:
        self.err.print(
            f"{busy.message}; waiting up to {self.wait:g} s (--wait SECONDS to change)",
            soft_wrap=True,
        )


def _command_path(ctx: typer.Context) -> str:
    """``aidtrace lists show``: the command being run, without its arguments."""
    return " ".join(["aidtrace", *ctx.command_path.split()[1:]])


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
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            envvar="AIDTRACE_WAIT",
            min=0,
            help="Seconds to wait while another aidtrace process holds the workspace "
            "[env: AIDTRACE_WAIT]",
            show_envvar=False,
        ),
    ] = DEFAULT_WAIT,
) -> None:
    # Every file a command writes (store, reports, exports, downloads) is its user's alone.
    restrict_umask()
    ctx.obj = State(workspace or default_workspace(), debug, Console(), Console(stderr=True), wait)
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
        ctx: typer.Context = kwargs["ctx"]  # type: ignore[assignment]
        st = state(ctx)
        st.command = _command_path(ctx)  # named to other processes kept waiting for the store
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
