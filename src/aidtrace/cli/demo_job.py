"""Bare ``aidtrace demo``: the main job on the built-in scenario, summarised for an officer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from aidtrace.cli.app import State, edge, progress_bar, state
from aidtrace.cli.demo import NOISE_HELP, demo_app

if TYPE_CHECKING:
    from aidtrace.demo.job import DemoOutcome


@demo_app.callback(invoke_without_command=True)
@edge
def demo(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to put scenario, workspace and key")
    ] = Path("aidtrace-demo"),
    seed: Annotated[int, typer.Option(help="Random seed of the scenario")] = 1,
    scale: Annotated[str, typer.Option(help="small (20k beneficiaries), 10k, 100k, 1m…")] = "small",
    watchlist: Annotated[
        Path | None,
        typer.Option(help="A real list to plant name variants of [default: synthetic]"),
    ] = None,
    noise: Annotated[int, typer.Option(min=0, max=2, help=NOISE_HELP)] = 1,
    agencies: Annotated[
        int | None,
        typer.Option(
            min=2,
            max=3,
            help="Instead: a consortium round between this many agencies' workspaces "
            "(export, link, import; cross-agency pairs found against planted)",
        ),
    ] = None,
    agency_people: Annotated[
        int, typer.Option(min=100, help="Beneficiaries per agency, with --agencies")
    ] = 2_000,
) -> None:
    """Generate the scenario, import it, run every monitor, score against the truth, report."""
    if ctx.invoked_subcommand is not None:
        return
    if agencies is not None:
        from aidtrace.cli.consortium_demo import show_round  # the consortium's demo round

        show_round(state(ctx), directory, agencies, agency_people, seed)
        return
    from aidtrace.demo.job import run_demo  # not at the top: `aidtrace --help` needs none of it

    st = state(ctx)
    with progress_bar(st) as report:
        outcome = run_demo(directory, seed, scale, watchlist, progress=report, noise=noise)
    _summary(st, outcome)


def _summary(st: State, outcome: DemoOutcome) -> None:
    sc = outcome.scenario
    st.console.print(
        f"[bold]Scenario[/bold] seed {sc.seed}: {sc.households:,} households, "
        f"{sc.beneficiaries:,} beneficiaries, {sc.weeks} weeks, "
        f"US${sc.weekly_usd:,.0f} a week from donors"
    )
    st.console.print(f"[bold]People in need[/bold]: {sc.need_source}")
    st.console.print(f"[bold]Money traced[/bold] from donors: US${outcome.traced_usd:,.0f}")
    kinds = Table("alert kind", "alerts", title="Alerts by kind")
    for kind, n in outcome.alert_counts.items():
        kinds.add_row(kind, f"{n:,}")
    st.console.print(kinds)
    scores = Table(
        "planted kind",
        "planted",
        "found",
        "alerts",
        "precision",
        "recall",
        title="Detection against the ground truth",
    )
    for s in outcome.evaluation.kinds:
        scores.add_row(
            s.kind.value,
            str(s.planted),
            str(s.found),
            str(s.alerts),
            _fmt(s.precision),
            _fmt(s.recall),
        )
    st.console.print(scores)
    _innocent(st, outcome)
    for name, why in outcome.run.skipped.items():
        st.console.print(f"[yellow]skipped[/yellow] {name}: {why}")
    took = ", ".join(f"{k} {v:.1f}s" for k, v in outcome.seconds.items())
    st.console.print(f"Workspace {outcome.workspace} ({took})")
    st.console.print(f"Report: {outcome.report}")


def _innocent(st: State, outcome: DemoOutcome) -> None:
    """False alerts on the noise's innocent look-alikes, pattern by pattern."""
    rows = [p for p in outcome.evaluation.innocent if p.cases]
    if not rows:
        return
    title = f"False alerts on innocent look-alikes (noise {outcome.scenario.truth.noise})"
    table = Table(
        "innocent pattern", "cases", "alerted", "false alerts", "by alert kind", title=title
    )
    for p in rows:
        kinds = ", ".join(f"{k} {n}" for k, n in p.by_kind.items())
        table.add_row(p.pattern.value, str(p.cases), str(p.alerted), str(p.false_alerts), kinds)
    st.console.print(table)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
