"""The weekly-cycle commands: init, import, run, alerts, report, serve."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import State, app, edge, progress_bar, state
from aidtrace.errors import InputError

if TYPE_CHECKING:
    from aidtrace.ingest.profiles import Profile
    from aidtrace.workspace import Workspace

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


MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="FIELD=HEADER: the file's column for a field, when it has no HXL row (repeatable)",
        show_default=False,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="FIELD=VALUE: a value for every row of a field the file has no column for, "
        "e.g. currency=AFN (repeatable)",
        show_default=False,
    ),
]
DateFormatOption = Annotated[
    list[str] | None,
    typer.Option(
        "--date-format",
        help="Day/month order of all-number dates: DMY, MDY or YMD, for every date column or "
        "FIELD=ORDER for one (repeatable)",
        show_default=False,
    ),
]


@app.command("import")
@edge
def import_(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="What the file holds (see `aidtrace importers`)")],
    files: Annotated[list[Path], typer.Argument(help="Files to import, in order")],
    map_: MapOption = None,
    set_: SetOption = None,
    date_format: DateFormatOption = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help="A saved import profile (`aidtrace profiles add`); --map, --set and "
            "--date-format given here override its entries",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Read and validate every file, list every problem (file, line, column, value, "
            "why) and import nothing",
        ),
    ] = False,
) -> None:
    """Import files of one kind into the workspace, each all-or-nothing."""
    from aidtrace.ingest import get_importer

    st = state(ctx)
    get_importer(kind)  # fail on an unknown kind before opening anything
    given = _profile_options(kind, map_, set_, date_format)
    if check:
        _check_files(st, kind, files, given, profile)
    else:
        _import_files(st, kind, files, given, profile)


def _profile_options(
    kind: str, map_: list[str] | None, set_: list[str] | None, date_format: list[str] | None
) -> Profile:
    from aidtrace.ingest.profiles import Profile, parse_date_formats, parse_pairs

    return Profile(
        kind=kind,
        mapping=parse_pairs(map_ or (), "column mapping", "FIELD=HEADER"),
        fixed=parse_pairs(set_ or (), "fixed value"),
        date_formats=parse_date_formats(date_format or ()),
    )


def _with_saved(ws: Workspace, kind: str, given: Profile, name: str | None) -> Profile | None:
    """The options of the command line laid over the saved profile ``name``, if any."""
    from aidtrace.ingest.profiles import load_profile

    if name is not None:
        saved = load_profile(ws, name)
        if saved.kind != kind:
            raise InputError(f"profile {name!r} is for {saved.kind} files, not {kind}")
        return given.over(saved)
    empty = not (given.mapping or given.fixed or given.date_formats)
    return None if empty else given


def _import_files(
    st: State, kind: str, files: list[Path], given: Profile, profile: str | None
) -> None:
    from aidtrace.ingest.imports import import_file
    from aidtrace.ingest.memory import import_memory_limit, store_memory_limit

    with st.open() as ws, progress_bar(st) as report:
        options = _with_saved(ws, kind, given, profile)
        limit = ws.config.import_memory_limit
        for path in files:
            with store_memory_limit(ws, limit), import_memory_limit(limit, path):
                result = import_file(ws, kind, path, report, profile=options)
            verb = "already imported, skipped" if result.skipped else f"{result.rows:,} records"
            st.console.print(Text(f"{path}: {verb} (sha256 {result.sha256[:12]}…)"))


def _check_files(
    st: State, kind: str, files: list[Path], given: Profile, profile: str | None
) -> None:
    """Validate every file in full and list every problem; nothing is written."""
    from aidtrace.ingest.imports import check_file

    found = 0
    with st.open(read_only=True) as ws:
        options = _with_saved(ws, kind, given, profile)
        for path in files:
            try:
                checked = check_file(ws, kind, path, profile=options)
            except InputError as exc:  # the file as a whole cannot be read: one problem
                st.console.print(Text(str(exc)), soft_wrap=True)
                found += 1
                continue
            for problem in checked.problems:
                line = f", {problem.unit} {problem.line}" if problem.line is not None else ""
                st.console.print(Text(f"{path}{line}: {problem.message}"), soft_wrap=True)
            if checked.more:
                st.console.print(Text(f"{path}: … and {checked.more:,} more problems"))
            found += len(checked.problems) + checked.more
            if not checked.problems:
                rows = checked.records
                st.console.print(Text(f"{path}: {rows:,} records would be imported"))
    if found:
        noun = "problem" if found == 1 else "problems"
        raise InputError(f"{found:,} {noun} found; nothing was imported")
    st.console.print(Text("No problems found; nothing was imported (--check)."))


profiles_app = typer.Typer(
    help="Saved import profiles: one partner's column mapping, fixed values and date formats.",
    no_args_is_help=True,
)
app.add_typer(profiles_app, name="profiles")


@profiles_app.command("add")
@edge
def profiles_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The profile's name, e.g. the partner's")],
    kind: Annotated[str, typer.Option(help="The kind of file it reads (see `aidtrace importers`)")],
    map_: MapOption = None,
    set_: SetOption = None,
    date_format: DateFormatOption = None,
) -> None:
    """Save (or replace) a profile; `aidtrace import KIND FILE --profile NAME` uses it."""
    from dataclasses import replace

    from aidtrace.ingest import get_importer
    from aidtrace.ingest.imports import tabular_kinds
    from aidtrace.ingest.profiles import save_profile

    st = state(ctx)
    get_importer(kind)
    if kind not in tabular_kinds():
        raise InputError(f"{kind} files have a fixed format; a profile does not apply")
    profile = replace(_profile_options(kind, map_, set_, date_format), name=name)
    with st.open() as ws:
        path = save_profile(ws, profile)
    st.console.print(Text(f"Saved import profile {name!r} for {kind} files ({path})"))


@profiles_app.command("list")
@edge
def profiles_list(ctx: typer.Context) -> None:
    """The saved profiles and what each sets."""
    from aidtrace.ingest.profiles import list_profiles

    st = state(ctx)
    table = Table("name", "kind", "columns", "fixed values", "date formats")
    with st.open(read_only=True) as ws:
        for p in list_profiles(ws):
            table.add_row(
                Text(p.name),
                p.kind,
                Text(", ".join(f"{k}={v}" for k, v in p.mapping.items())),
                Text(", ".join(f"{k}={v}" for k, v in p.fixed.items())),
                ", ".join(f"{k}={v}" for k, v in p.date_formats.items()),
            )
    st.console.print(table)


@profiles_app.command("remove")
@edge
def profiles_remove(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The profile to remove")]
) -> None:
    """Remove a saved profile (files imported with it stay as they are)."""
    from aidtrace.ingest.profiles import remove_profile

    st = state(ctx)
    with st.open() as ws:
        remove_profile(ws, name)
    st.console.print(Text(f"Removed import profile {name!r}"))


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
    require_totp: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ROLE",
            help="A role whose accounts sign in only with a second factor (repeat)",
        ),
    ] = None,
) -> None:
    """Serve the web desk (dashboard, alert queue, cases) for this workspace."""
    import uvicorn

    from aidtrace.web import create_app
    from aidtrace.web.settings import desk_settings

    st = state(ctx)
    settings = desk_settings(trusted_proxies=trusted_proxy or (), reveal_people=reveal_limit,
                             reveal_minutes=reveal_window, sla=sla or (),
                             require_totp=require_totp or ())  # fmt: skip
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
