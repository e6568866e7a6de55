"""The weekly-cycle commands: init, import, run, alerts, report, serve."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import app, edge, progress_bar, state
from aidtrace.errors import InputError

# The library each command calls is imported inside it: `aidtrace --help` imports none of it.

# The values of ``aidtrace.report.Audience`` (the CLI's tests check they agree), spelled out so
# that the option's choices need no import of the report.
AudienceName = Literal["officer", "donor"]


@app.command()
@edge
def init(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Where to create the workspace [default: --workspace]", show_default=False
        ),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the root key (must be outside the workspace) "
            "[default: $AIDTRACE_KEY_DIR or ~/.config/aidtrace/keys/<id>.key]",
            show_default=False,
        ),
    ] = None,
    key_source: Annotated[
        str | None,
        typer.Option(
            help="Take the root key from elsewhere: env:VAR (64 hex digits in $VAR) or "
            "passphrase (Argon2id; read from $AIDTRACE_PASSPHRASE or asked for)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a workspace: config, embedded store, schema, and a root key kept outside it."""
    from aidtrace.privacy.keys import new_key_source
    from aidtrace.workspace import Workspace

    st = state(ctx)
    source = new_key_source(key_source) if key_source else None
    with Workspace.create(directory or st.workspace, key_file=key_file, key_source=source) as ws:
        # paths and names are data, never Rich markup: "[final]" in one must print as written
        st.console.print(Text.assemble("Created workspace ", (str(ws.path), "bold")))
        st.console.print(
            Text(f"Root key: {ws.keys.describe()} (keep it safe and apart from the data)")
        )


@app.command("import")
@edge
def import_(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="What the file holds (see `aidtrace import --list`)")],
    files: Annotated[list[Path], typer.Argument(help="Files to import, in order")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="FIELD=HEADER: the file's column for a field, when it has no HXL row (repeatable)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import files of one kind into the workspace, each all-or-nothing."""
    from aidtrace.ingest import get_importer
    from aidtrace.ingest.imports import import_file, parse_mapping
    from aidtrace.ingest.memory import import_memory_limit, store_memory_limit

    st = state(ctx)
    get_importer(kind)  # fail on an unknown kind before opening anything
    mapping = parse_mapping(map_ or ())
    with st.open() as ws, progress_bar(st) as report:
        limit = ws.config.import_memory_limit
        for path in files:
            with store_memory_limit(ws, limit), import_memory_limit(limit, path):
                result = import_file(ws, kind, path, report, mapping)
            verb = "already imported, skipped" if result.skipped else f"{result.rows:,} records"
            st.console.print(Text(f"{path}: {verb} (sha256 {result.sha256[:12]}…)"))


@app.command("importers")
@edge
def importers(ctx: typer.Context) -> None:
    """List the kinds of file `aidtrace import` understands."""
    from aidtrace.ingest import all_importers

    st = state(ctx)
    table = Table("kind", "what it reads")
    for name, imp in all_importers().items():
        table.add_row(name, imp.description)
    st.console.print(table)


@app.command()
@edge
def run(
    ctx: typer.Context,
    monitor: Annotated[
        list[str] | None,
        typer.Option(
            "--monitor",
            "-m",
            help="Run only these monitors (repeatable) [default: all]",
            show_default=False,
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A monitor parameter, MONITOR:KEY=VALUE (repeatable), e.g. "
            "integrity.duplicates:model=latest",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the monitors and record their alerts."""
    from aidtrace.pipeline import run_monitors

    st = state(ctx)
    params = parse_params(param or [])
    with st.open() as ws, progress_bar(st) as report:
        outcome = run_monitors(ws, monitor or None, progress=report, params=params)
    table = Table("monitor", "alerts", "new")
    for name, counts in outcome.per_monitor.items():
        table.add_row(name, f"{counts[0]:,}", f"{counts[1]:,}")
    for name, why in outcome.skipped.items():
        table.add_row(name, "skipped", Text(why))
    st.console.print(table)


def parse_params(raw: list[str]) -> dict[str, dict[str, object]]:
    """``MONITOR:KEY=VALUE`` options as parameters per monitor."""
    params: dict[str, dict[str, object]] = {}
    for item in raw:
        monitor, colon, rest = item.partition(":")
        key, equals, value = rest.partition("=")
        if not (colon and equals and monitor and key):
            raise InputError(f"--param {item!r}: expected MONITOR:KEY=VALUE")
        params.setdefault(monitor, {})[key] = value
    return params


@app.command()
@edge
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on", min=1, max=65535)] = 8470,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(help="Address of a reverse proxy whose X-Forwarded-For is believed (repeat)"),
    ] = None,
    reveal_limit: Annotated[
        int | None, typer.Option(help="People one user may see in a window [default: 40]", min=1)
    ] = None,
    reveal_window: Annotated[
        float | None, typer.Option(help="That window, in minutes [default: 10]", min=1)
    ] = None,
    sla: Annotated[
        list[str] | None,
        typer.Option(help="Days to decide a case of a severity, SEVERITY=DAYS (repeat)"),
    ] = None,
) -> None:
    """Serve the web desk (dashboard, alert queue, cases) for this workspace."""
    import uvicorn

    from aidtrace.web import create_app
    from aidtrace.web.settings import desk_settings

    st = state(ctx)
    settings = desk_settings(trusted_proxies=trusted_proxy or (), reveal_people=reveal_limit,
                             reveal_minutes=reveal_window, sla=sla or ())  # fmt: skip
    # Bound before the desk starts: a taken port is one line, not a half-started server.
    listener = listen(host, port)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address is bracketed in a URL
    st.err.print(Text(f"Serving http://{shown}:{port} (Ctrl+C to stop)"))
    config = uvicorn.Config(create_app(st.workspace, settings=settings), log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port``, or an ``InputError`` saying why it cannot be."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise InputError(f"cannot listen on {host!r}: {exc.strerror}") from None
    except UnicodeError:  # "a..b", a label over 63 characters: not a host name at all
        raise InputError(f"cannot listen on {host!r}: not a host name or address") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart over TIME_WAIT
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} is in use (another server listens on it)") from None
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


@app.command()
@edge
def alerts(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only alerts of this kind")] = None,
    limit: Annotated[int, typer.Option(help="How many to show", min=1)] = 50,
) -> None:
    """Show alerts, highest score first, and the count by kind."""
    from aidtrace.alerts.store import alert_counts, list_alerts

    st = state(ctx)
    with st.open(read_only=True) as ws:
        counts = alert_counts(ws)
        rows = list_alerts(ws, kind, limit)
    table = Table("alert", "kind", "subject", "score", "severity", "summary")
    for r in rows:
        table.add_row(
            str(r["alert_id"])[:10],
            Text(str(r["kind"])),
            Text(str(r["subject"])),
            f"{r['score']:.3f}",
            str(r["severity"]),
            Text(str(r["summary"])),
        )
    st.console.print(table)
    st.console.print(Text(", ".join(f"{k}: {n:,}" for k, n in counts.items()) or "no alerts"))


@app.command()
@edge
def report(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="HTML file to write [default: <workspace>/reports/report.html, "
            "or report-donor.html]",
            show_default=False,
        ),
    ] = None,
    audience: Annotated[
        AudienceName,
        typer.Option(help="officer: everything; donor: aggregates only, no personal data"),
    ] = "officer",
) -> None:
    """Write the HTML report: money traced (Sankey), provinces, leakage, alerts, cases, audit."""
    from aidtrace.report import Audience, write_report

    st = state(ctx)
    with st.open(read_only=True) as ws:
        path = write_report(ws, output, audience=Audience(audience))
    st.console.print(Text(f"Report written to {path}"))
