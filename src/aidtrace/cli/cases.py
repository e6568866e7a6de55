"""`aidtrace cases`: open cases from alerts, assign, comment, attach, decide, review."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Column, Table

from aidtrace.cli.app import app, edge, state

# The cases library is imported inside each command: `aidtrace --help` imports none of it.
if TYPE_CHECKING:
    from aidtrace.cases import Case

# The values of ``aidtrace.cases.Outcome`` and ``CaseStatus`` (the CLI's tests check they agree),
# spelled out so that the choices need no import of the cases library.
OutcomeName = Literal["cleared", "confirmed_diversion", "escalate", "blocked_party"]


class CaseStatusName(StrEnum):  # an enum, not a Literal: Typer takes no list of Literals
    OPEN = "open"
    PENDING_REVIEW = "pending_review"
    ESCALATED = "escalated"
    CLEARED = "cleared"
    CONFIRMED_DIVERSION = "confirmed_diversion"
    BLOCKED_PARTY = "blocked_party"


cases_app = typer.Typer(help="Review alerts as cases; decisions need four eyes to clear or block.")
app.add_typer(cases_app, name="cases")


def default_actor() -> str:
    return os.environ.get("AIDTRACE_USER") or getpass.getuser()


Actor = Annotated[
    str | None,
    typer.Option("--as", help="Who is acting [default: $AIDTRACE_USER or your login]"),
]
CaseId = Annotated[str, typer.Argument(help="The case id")]


def _age(delta: timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    return f"{days}d {hours}h" if days else f"{hours}h"


@cases_app.command("open")
@edge
def open_(
    ctx: typer.Context,
    alerts: Annotated[list[str], typer.Argument(help="Alert ids (or unique prefixes)")],
    title: Annotated[str, typer.Option(help="A title [default: from the alerts]")] = "",
    actor: Actor = None,
) -> None:
    """Open a case over one or more alerts."""
    from aidtrace import cases as lib
    from aidtrace.alerts.store import resolve_alert_ids

    st = state(ctx)
    with st.open() as ws:
        case_id = lib.open_case(ws, resolve_alert_ids(ws, alerts), actor or default_actor(), title)
    st.console.print(f"Opened case [bold]{case_id}[/bold]")


@cases_app.command("assign")
@edge
def assign(
    ctx: typer.Context,
    case: CaseId,
    assignee: Annotated[str, typer.Argument()],
    actor: Actor = None,
) -> None:
    """Assign a case to someone (the latest assignment wins; earlier ones stay on record)."""
    from aidtrace import cases as lib

    with state(ctx).open() as ws:
        lib.assign(ws, case, assignee, actor or default_actor())
    state(ctx).console.print(f"Case {case} assigned to {assignee}")


@cases_app.command("comment")
@edge
def comment(
    ctx: typer.Context, case: CaseId, text: Annotated[str, typer.Argument()], actor: Actor = None
) -> None:
    """Add a comment to a case."""
    from aidtrace import cases as lib

    with state(ctx).open() as ws:
        lib.comment(ws, case, text, actor or default_actor())
    state(ctx).console.print(f"Comment added to case {case}")


@cases_app.command("attach")
@edge
def attach(
    ctx: typer.Context,
    case: CaseId,
    file: Annotated[Path, typer.Argument(help="The evidence file (recorded by name and SHA-256)")],
    note: Annotated[str, typer.Option(help="What the file shows")] = "",
    actor: Actor = None,
) -> None:
    """Attach a piece of evidence to a case."""
    from aidtrace import cases as lib

    with state(ctx).open() as ws:
        lib.attach_evidence(ws, case, file, actor or default_actor(), note)
    state(ctx).console.print(f"Evidence {file.name} attached to case {case}")


@cases_app.command("decide")
@edge
def decide(
    ctx: typer.Context,
    case: CaseId,
    outcome: Annotated[OutcomeName, typer.Argument(help="The decision")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why (required)")],
    actor: Actor = None,
) -> None:
    """Decide a case. Clearing or blocking is a proposal until someone else confirms it."""
    from aidtrace import cases as lib

    with state(ctx).open() as ws:
        made = lib.decide(ws, case, lib.Outcome(outcome), actor or default_actor(), reason)
    st = state(ctx)
    if made.state is lib.DecisionState.PROPOSED:
        st.console.print(
            f"Proposed {outcome} for case {case}: a second person must confirm it "
            f"(`aidtrace cases decide {case} {outcome} --as <someone else> -r ...`)"
        )
    else:
        st.console.print(f"Case {case}: {outcome} (decision {made.decision_id})")


@cases_app.command("show")
@edge
def show(ctx: typer.Context, case: CaseId) -> None:
    """Show a case: its alerts, assignee, SLA, and the full history of notes and decisions."""
    from aidtrace import cases as lib

    st = state(ctx)
    with st.open(read_only=True) as ws:
        c = lib.get_case(ws, case)
    now = datetime.now(UTC)
    st.console.print(f"[bold]Case {c.case_id}[/bold]: {c.title}")
    st.console.print(
        f"status {c.status}, severity {c.severity}, assignee {c.assignee or '-'}, "
        f"opened by {c.opened_by} {_age(c.age(now))} ago, SLA due {c.sla_due:%Y-%m-%d %H:%M}"
        + (" [red](overdue)[/red]" if c.overdue(now) else "")
    )
    st.console.print("alerts: " + ", ".join(c.alert_ids))
    history = Table("when", "who", "what")
    # Typed text is shown as typed: escaped, so brackets in it are not Rich markup.
    for n in c.notes:
        history.add_row(f"{n.at:%Y-%m-%d %H:%M}", n.author, f"{n.kind}: {escape(n.text)}")
    for d in c.decisions:
        also = f" (proposed by {d.proposed_by})" if d.proposed_by else ""
        history.add_row(
            f"{d.decided_at:%Y-%m-%d %H:%M}", d.decided_by + also,
            f"decision {d.decision_id}: {d.outcome} \\[{d.state}] — {escape(d.rationale)}",
        )  # fmt: skip
    st.console.print(history)


@cases_app.command("list")
@edge
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[CaseStatusName] | None,
        typer.Option(help="Only cases in this status (repeatable)"),
    ] = None,
    assignee: Annotated[str | None, typer.Option(help="Only cases assigned to this person")] = None,
) -> None:
    """List cases, the most urgent (earliest SLA due) first, with their age."""
    from aidtrace import cases as lib

    st = state(ctx)
    statuses = {lib.CaseStatus(s) for s in status} if status else None
    with st.open(read_only=True) as ws:
        found = lib.list_cases(ws, statuses, assignee)
    st.console.print(_table(found, datetime.now(UTC)))


def _table(found: list[Case], now: datetime) -> Table:
    case = Column("case", no_wrap=True)  # ids are what people copy: never wrap them
    table = Table(case, "status", "severity", "assignee", "alerts", "age", "SLA due", "title")
    for c in found:
        due = f"{c.sla_due:%Y-%m-%d}" + (" [red]overdue[/red]" if c.overdue(now) else "")
        table.add_row(
            c.case_id, str(c.status), str(c.severity), c.assignee or "-",
            str(len(c.alert_ids)), _age(c.age(now)), due, c.title,
        )  # fmt: skip
    return table
