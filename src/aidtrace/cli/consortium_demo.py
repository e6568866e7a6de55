"""``aidtrace demo --agencies 2|3``: the consortium round on the demo's agencies, summarised."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import State, progress_bar


def show_round(st: State, directory: Path, agencies: int, people: int, seed: int) -> None:
    """Run the demo's consortium round (``consortium.demo_round``) and print what it found."""
    from aidtrace.consortium.demo_round import run_round  # Splink only when asked for

    with progress_bar(st) as report:
        outcome = run_round(directory, people, agencies=agencies, seed=seed, progress=report)
    table = Table("agency", "workspace", "records exported", "alerts", title="Agencies")
    for a in outcome.agencies:
        table.add_row(Text(a.agency), Text(str(a.workspace)), f"{a.records:,}", f"{a.alerts:,}")
    st.console.print(table)
    s = outcome.score
    st.console.print(
        Text(
            f"Cross-agency pairs: {outcome.found:,} found, {outcome.planted:,} planted, "
            f"{s.true_positives:,} of them right (precision {s.precision:.3f}, recall "
            f"{s.recall:.3f}, F1 {s.f1:.3f}); innocent look-alikes linked: "
            f"{outcome.lookalikes_linked:,} of {outcome.lookalikes:,}"
        ),
        soft_wrap=True,
    )
    st.console.print(Text(f"Result: {outcome.result}"), soft_wrap=True)
