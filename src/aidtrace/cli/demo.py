"""``aidtrace demo …``: the synthetic scenario (``demo generate``); the lead's default job
(generate, import, run, report) hangs off the same sub-app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aidtrace.cli.app import app, edge, progress_bar, state

# The generator is imported inside the command: `aidtrace --help` imports none of it.

demo_app = typer.Typer(
    help="Generate a realistic synthetic aid operation with planted diversion and ground truth.",
    no_args_is_help=False,  # bare `aidtrace demo` runs the job (cli/demo_job.py)
)
app.add_typer(demo_app, name="demo")

NOISE_HELP = "How messy the register is: 0 clean, 1 as messy as a real one, 2 harsh"


@demo_app.command("generate")
@edge
def generate(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Directory to write the scenario into")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files")] = 1,
    scale: Annotated[
        str, typer.Option(help="Beneficiaries: small (20k), 10k, 100k, 1m, or a number")
    ] = "small",
    watchlist: Annotated[
        Path | None,
        typer.Option(
            help="A real watchlist (UN XML, OFAC, UK…) to plant name variants of "
            "[default: a synthetic UN-format list]",
            show_default=False,
        ),
    ] = None,
    noise: Annotated[int, typer.Option(min=0, max=2, help=NOISE_HELP)] = 1,
) -> None:
    """Write the scenario's CSV/XML files and ground_truth.json into OUT."""
    from aidtrace.demo import generate as generate_scenario

    st = state(ctx)
    with progress_bar(st) as report:
        scenario = generate_scenario(out, seed, scale, watchlist, progress=report, noise=noise)
    table = Table("file", "records")
    for name, rows in scenario.files.items():
        table.add_row(name, f"{rows:,}")
    st.console.print(table)
    st.console.print(
        f"{scenario.households:,} households, {scenario.beneficiaries:,} beneficiaries, "
        f"US${scenario.weekly_usd:,.0f} a week from donors over {scenario.weeks} weeks"
    )
    st.console.print(f"People in need: {scenario.need_source}")
    planted = ", ".join(f"{kind}: {n}" for kind, n in scenario.truth.counts().items())
    st.console.print(f"Planted ({scenario.out_dir / 'ground_truth.json'}): {planted}")
    innocent = ", ".join(f"{p}: {n}" for p, n in scenario.truth.innocent_counts().items())
    st.console.print(f"Innocent look-alikes (noise {scenario.truth.noise}): {innocent or 'none'}")
