"""``aidtrace example afghanistan``: a run over Afghanistan's published aid data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import State, app, edge, progress_bar, state

# The library is imported inside the command: `aidtrace --help` imports none of it.
if TYPE_CHECKING:
    from aidtrace.example import ExampleOutcome

example_app = typer.Typer(help="Runs over real, published data.", no_args_is_help=True)
app.add_typer(example_app, name="example")


@example_app.command("afghanistan")
@edge
def afghanistan_run(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Option(
            "--workspace", "-w", help="Where to put the workspace and its key (made afresh)"
        ),
    ] = Path("aidtrace-afghanistan"),
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder with the published fts/, hno/, ipc/ files "
            "[default: $AIDTRACE_REAL_DATA, or shared/data/real/afghanistan here or above]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import FTS, HNO and IPC files as published, run every monitor, show what they find."""
    from aidtrace.example import run_afghanistan

    st = state(ctx)
    with progress_bar(st) as report:
        outcome = run_afghanistan(directory, data, progress=report)
    _imports(st, outcome)
    _chain(st, outcome)
    _clusters(st, outcome)
    _provinces(st, outcome)
    _alerts(st, outcome)
    took = ", ".join(f"{k} {v:.1f}s" for k, v in outcome.seconds.items())
    st.console.print(f"Workspace {outcome.workspace} ({took})")
    st.console.print(f"Report: {outcome.report}")
    st.console.print("Sources: OCHA Financial Tracking Service, OCHA HPC, IPC.")


def _imports(st: State, outcome: ExampleOutcome) -> None:
    table = Table("kind", "file", "records", title="Imported as published")
    for item in outcome.imported:
        table.add_row(item.kind, item.path.name, f"{item.records:,}")
    st.console.print(table)


def _chain(st: State, outcome: ExampleOutcome) -> None:
    chain = outcome.chain
    lines = [
        f"{boundary} {status}: US${usd:,.0f} in {chain.counts[(boundary, status)]:,} flows"
        for (boundary, status), usd in sorted(chain.totals.items())
    ]
    st.console.print(Text("Money traced (FTS): " + "; ".join(lines)))
    middle = Table(
        "organisation",
        "received US$ (incoming)",
        "donors",
        "passed on US$ (internal)",
        "partners",
        title="Donor → agency / fund → partner",
    )
    for m in chain.intermediaries:
        middle.add_row(
            m.org, _usd(m.received_usd), str(m.donors), _usd(m.passed_on_usd), str(m.partners)
        )
    st.console.print(middle)
    table = Table(
        "hop", "from", "to", "US$", "flows", title="Largest hops, donor → agency → partner"
    )
    for hop in chain.hops:
        table.add_row(hop.boundary, hop.source, hop.destination, f"{hop.usd:,.0f}", str(hop.flows))
    st.console.print(table)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _usd(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _clusters(st: State, outcome: ExampleOutcome) -> None:
    table = Table(
        "plan",
        "cluster",
        "required US$",
        "funded (FTS) US$",
        "funded",
        "in imported flows US$",
        title="Funding against requirements per cluster",
    )
    for c in outcome.clusters:
        table.add_row(
            c.plan,
            c.cluster,
            _usd(c.requirements_usd),
            _usd(c.funding_usd),
            _pct(c.share_funded),
            _usd(c.flows_usd),
        )
    st.console.print(table)


def _provinces(st: State, outcome: ExampleOutcome) -> None:
    from aidtrace.places import afghanistan

    gazetteer = afghanistan()
    table = Table(
        "province",
        "funded US$",
        "flows",
        "people in need",
        "US$ / in need",
        "IPC 3+ people",
        "US$ / IPC 3+",
        title="Funding per province where flows name one (need: HNO; IPC as of the data)",
    )
    for p in outcome.provinces:
        place = gazetteer.by_code(p.province_code)
        table.add_row(
            f"{place.name if place else p.province_code} ({p.province_code})",
            _usd(p.funded_usd),
            str(p.flows),
            "–" if p.people_in_need is None else f"{p.people_in_need:,}",
            "–" if p.usd_per_person_in_need is None else f"{p.usd_per_person_in_need:.2f}",
            "–" if p.ipc3_people is None else f"{p.ipc3_people:,}",
            "–" if p.usd_per_ipc3_person is None else f"{p.usd_per_ipc3_person:.2f}",
        )
    st.console.print(table)


def _alerts(st: State, outcome: ExampleOutcome) -> None:
    counts = Table("alert kind", "alerts", title=f"Alerts (FTS as of {outcome.as_of})")
    for kind, n in outcome.alert_counts.items():
        counts.add_row(kind, f"{n:,}")
    st.console.print(counts)
    top = Table(
        "kind", "subject", "score", "summary", "evidence", title="What the published data raises"
    )
    for a in outcome.top_alerts:
        top.add_row(
            str(a["kind"]),
            str(a["subject"]),
            f"{a['score']:.2f}",
            str(a["summary"]),
            str(a["evidence"]),
        )
    st.console.print(top)
    st.console.print(
        Text(
            f"Every alert: aidtrace -w {outcome.workspace} alerts; each with its evidence in "
            f"the report below, or in the alert queue of aidtrace -w {outcome.workspace} serve"
        )
    )
    for name, why in outcome.run.skipped.items():
        st.console.print(Text(f"skipped {name}: {why}", style="yellow"))
