"""``aidtrace consortium`` and ``aidtrace share``: cross-agency duplicate checks without names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import State, app, edge, progress_bar, state

if TYPE_CHECKING:
    from aidtrace.consortium.secret import Consortium
    from aidtrace.workspace import Workspace

# The consortium library (and Splink) is imported inside each command: `--help` loads none of it.
consortium_app = typer.Typer(help="Consortia: the linkage secret agencies share, per round.")
share_app = typer.Typer(help="Cross-agency duplicate checks: export tokens, link, import.")
app.add_typer(consortium_app, name="consortium")
app.add_typer(share_app, name="share")

SecretOut = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the round's secret file here, for the members"),
]


def _secret_out(st: State, c: Consortium, output: Path | None) -> None:
    from aidtrace.consortium.secret import secret_file_text
    from aidtrace.files import write_private

    _say(
        st,
        f"Consortium {c.name}, round {c.current.number}, "
        f"check {c.current.check} (agency here: {c.agency})",
    )
    if output is not None:
        write_private(output, secret_file_text(c))
        _say(st, f"Secret file: {output} (send it to the members out of band, then delete it)")


def _round_from(
    ctx: typer.Context, act: Callable[[Workspace], Consortium], output: Path | None
) -> None:
    """Run ``act`` in the workspace; say which round of which consortium it gives, and write
    that round's secret file to ``output`` if one is named."""
    st = state(ctx)
    with st.open() as ws:
        _secret_out(st, act(ws), output)


def _say(st: State, line: str) -> None:
    # Paths and names are data, never Rich markup; one line each, unwrapped.
    st.console.print(Text(line), soft_wrap=True)


@consortium_app.command("create")
@edge
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The consortium's name")],
    agency: Annotated[str, typer.Option(help="This agency's name in the consortium")],
    output: SecretOut = None,
) -> None:
    """Start a consortium at round 1 with a fresh random linkage secret."""
    from aidtrace.consortium import secret

    _round_from(ctx, lambda ws: secret.create(ws, name, agency), output)


@consortium_app.command("join")
@edge
def join(
    ctx: typer.Context,
    secret_file: Annotated[Path, typer.Argument(help="The secret file a member sent")],
    agency: Annotated[
        str | None, typer.Option(help="This agency's name (needed the first time)")
    ] = None,
) -> None:
    """Join a consortium, or move to the next round, from a member's secret file."""
    from aidtrace.consortium import secret

    received = secret.read_secret_file(secret_file)
    _round_from(ctx, lambda ws: secret.join(ws, received, agency), None)


@consortium_app.command("secret")
@edge
def secret_(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The consortium's name")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the file")],
) -> None:
    """Write the current round's secret file again (for a member who lost it)."""
    from aidtrace.consortium import secret

    _round_from(ctx, lambda ws: secret.load(ws, name), output)


@consortium_app.command("rotate")
@edge
def rotate(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The consortium's name")],
    output: SecretOut = None,
) -> None:
    """Start the next round with a fresh secret; the previous round's secret is forgotten."""
    from aidtrace.consortium import secret

    _round_from(ctx, lambda ws: secret.rotate(ws, name), output)


@consortium_app.command("list")
@edge
def list_(ctx: typer.Context) -> None:
    """The consortia this workspace belongs to (names, rounds and checks; no secret)."""
    from aidtrace.consortium import secret

    st = state(ctx)
    with st.open() as ws:
        consortia = secret.list_consortia(ws)
    table = Table("consortium", "agency", "round", "check")
    for c in consortia:
        table.add_row(Text(c.name), Text(c.agency), str(c.current.number), c.current.check)
    st.console.print(table)


@share_app.command("export")
@edge
def export(
    ctx: typer.Context,
    consortium: Annotated[str, typer.Option(help="The consortium to export for")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The linkage file to write")],
    actor: Annotated[
        str | None,
        typer.Option("--as", help="Who is exporting [default: $AIDTRACE_USER or your login]"),
    ] = None,
) -> None:
    """Write this agency's beneficiaries as tokens and hardened Bloom filters (no names); the
    export is recorded in the audit log."""
    from aidtrace.cli.cases import default_actor
    from aidtrace.consortium.export import export as export_people

    st = state(ctx)
    with st.open() as ws, progress_bar(st) as report:
        who = actor or default_actor()
        header = export_people(ws, consortium, output, actor=who, progress=report)
    _say(
        st,
        f"{output}: {header.records:,} records of {header.agency} for "
        f"{header.consortium} round {header.round} "
        f"(export {header.export_id})",
    )


@share_app.command("link")
@edge
def link(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="The agencies' linkage files")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The result file to write")],
    engine: Annotated[str, typer.Option(help="Linkage engine: duckdb or spark")] = "duckdb",
    threshold: Annotated[
        float, typer.Option(min=0.5, max=1.0, help="Match probability that links a pair")
    ] = 0.95,
) -> None:
    """Link agencies' files: cross-agency clusters of opaque ids (needs no workspace)."""
    from aidtrace.consortium import linkfile, resultfile
    from aidtrace.consortium.link import link as link_files

    st = state(ctx)
    read = [linkfile.read(f) for f in files]
    linked = link_files(read, engine=engine, threshold=threshold)
    document = resultfile.build([f.header for f in read], linked)
    resultfile.write(output, document)
    clusters = document["clusters"]
    records = sum(len(c["members"]) for c in clusters)
    _say(
        st,
        f"{output}: {len(clusters):,} cross-agency clusters "
        f"({records:,} records, {len(linked.pairs):,} linked pairs)",
    )


@share_app.command("import")
@edge
def import_(
    ctx: typer.Context,
    result: Annotated[Path, typer.Argument(help="The result file of `aidtrace share link`")],
) -> None:
    """Raise alerts on this agency's own records found in other agencies' registers."""
    from aidtrace.consortium import findings, resultfile

    st = state(ctx)
    parsed = resultfile.read(result)
    with st.open() as ws:
        outcome = findings.import_result(ws, parsed)
    _say(
        st,
        f"{outcome.clusters:,} clusters hold records of {outcome.agency}: "
        f"{outcome.alerts:,} alerts ({outcome.new:,} new)",
    )
