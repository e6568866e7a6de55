"""`aidtrace screen`: one name, or a CSV file of names, against the watchlists."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import State, app, edge, progress_bar, state
from aidtrace.errors import InputError

# Screening is imported inside the command: `aidtrace --help` imports none of it (nor loads the
# compiled screening modules, `aidtrace.compiled`).
if TYPE_CHECKING:
    from aidtrace.screening import ScreeningIndex
    from aidtrace.screening.batch import NameFile
    from aidtrace.screening.evidence import Check
    from aidtrace.screening.query import Query
    from aidtrace.screening.score import Explanation
    from aidtrace.screening.screen import Hit, ScreeningResult

# ``aidtrace.screening.DEFAULT_THRESHOLD`` (the CLI's tests check they agree), spelled out so that
# the option's default needs no import of screening.
DEFAULT_THRESHOLD = 0.75


@app.command()
@edge
def screen(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A name, in any script")] = None,
    dob: Annotated[
        str | None,
        typer.Option(help="Birth date: 1958, 1958-05, 1958-05-12, ~1958, 1955-1958 or 1337 SH"),
    ] = None,
    nationality: Annotated[str | None, typer.Option(help="Country name or ISO code")] = None,
    gender: Annotated[
        str | None, typer.Option(help="Gender: male or female (M, F); compared with the list's")
    ] = None,
    id_number: Annotated[
        list[str] | None,
        typer.Option(
            "--id-number",
            help="A document number (passport, tazkira), compared with the list's; repeatable",
        ),
    ] = None,
    schema: Annotated[
        str,
        typer.Option(
            help="Kind of party: person, organisation, vessel or any "
            "(a --file's type column overrides it per row)"
        ),
    ] = "any",
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="CSV with a name/full_name column "
            "(and optional id, dob, nationality, gender, type, id_number)",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="Screen against these list files instead of the workspace",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Minimum score, from 0 to 1", min=0.0, max=1.0)
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(help="Hits per name", min=1)] = 5,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per line, with explanations")
    ] = False,
    workers: Annotated[
        int | None,
        # each worker is a forked process holding its own memos: thousands would exhaust memory
        typer.Option(help="Processes screening a --file [default: one per core]", min=1, max=512),
    ] = None,
) -> None:
    """Screen a name (or a file of names) against the watchlists, with explanations.

    Each name's hits print as a table; a --file's tables sent to a file or a pipe are as wide as
    their cells, each hit on one line. Its evidence column names each piece of evidence compared
    beside the name, with what it added or took off, and each you gave that the entry does not
    hold ("birth date not on the list": it counted for nothing).

    Exits 1 when some rows of a --file could not be screened (each is named on stderr, with
    its row number and why); the other rows are screened.
    """
    from aidtrace.screening.batch import NameFile
    from aidtrace.screening.query import read_party, read_query
    from aidtrace.screening.screen import screen_parallel

    st = state(ctx)
    today = date.today()
    if (name is None) == (file is None):
        raise InputError("give either a NAME or --file")
    if file and (dob or nationality or gender or id_number):
        raise InputError(
            "--dob, --nationality, --gender and --id-number go with a NAME; a --file gives them "
            "per row"
        )
    # Everything typed is checked before the index is loaded, which takes a while.
    party = read_party(schema)
    batch = NameFile(file, party) if file else None
    queries = (
        batch.queries(today)
        if batch
        else [
            read_query(
                name or "",
                today,
                birth_date=dob,
                nationality=nationality,
                party=party,
                gender=gender,
                identifiers=id_number or (),
            )
        ]
    )
    index = _index(st, against)  # the workspace is closed again before any worker is forked
    render = _json_line if as_json else _rendered
    out = batch_console(st.console) if batch else st.console
    for result in screen_parallel(index, queries, threshold, limit, workers if batch else 1):
        render(out, result)
    if batch and batch.refused:
        _report_refused(st, batch)
        raise typer.Exit(1)


def _index(st: State, files: list[Path] | None) -> ScreeningIndex:
    from aidtrace.screening import build_index
    from aidtrace.screening.workspace_index import current_index
    from aidtrace.watchlists.formats import parse_file

    if files:
        return build_index(entry for path in files for entry in parse_file(path))
    with st.open(read_only=True) as ws, progress_bar(st) as report:
        return current_index(ws, report)


def _report_refused(st: State, batch: NameFile) -> None:
    for refusal in batch.refused:
        where = f"{batch.path}, row {refusal.row}: {refusal.reason}"
        st.err.print(Text.assemble(("not screened: ", "red"), where), soft_wrap=True)
    count = len(batch.refused)
    rows = "row" if count == 1 else "rows"
    st.err.print(Text(f"{count:,} {rows} of {batch.path} not screened"), soft_wrap=True)


def _json_line(console: Console, result: ScreeningResult) -> None:
    """One JSON object on one line (``docs/watchlists.md`` lists its fields)."""
    console.file.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")


COLUMNS = ("score", "list", "id", "listed name", "matched as", "evidence")
# The evidence beside the name, as the table names it (``Explanation`` fields and point keys).
EVIDENCE = (
    ("birth", "birth_date", "birth date"),
    ("nationality", "nationality", "nationality"),
    ("gender", "gender", "gender"),
    ("identifiers", "identifiers", "ID"),
)


# The width a batch's tables are laid out in when they go to a file or a pipe: as wide as their
# cells, each hit on one line (a file has no screen to fit).
UNWRAPPED = 10_000


def batch_console(console: Console) -> Console:
    """Where a batch's tables are printed: ``console`` on a terminal; written to a file or a pipe,
    a console as wide as the tables need (``UNWRAPPED``), so that a hit is one line to read or
    search, and every table of plain text is written directly (``plain_table``) rather than laid
    out by Rich, which takes milliseconds over each of a large batch's tens of thousands."""
    if console.is_terminal:
        return console
    return Console(file=console.file, width=UNWRAPPED, color_system=None)


def _rendered(console: Console, result: ScreeningResult) -> None:
    if not result.hits:
        # written as is: most names of a batch have no match, and Rich would lay out each
        console.file.write(f"{result.query.name}: no match\n")
        return
    rows = [_cells(hit, result.query) for hit in result.hits]
    plain = plain_table(result.query.name, rows, console)
    if plain is not None:
        console.file.write(plain)
        return
    table = Table(title=Text(result.query.name), title_justify="left")
    for column in COLUMNS:
        table.add_column(column)
    for row in rows:
        # names are data, never Rich markup: "[/b]" in a name must print as written
        table.add_row(*map(Text, row))
    console.print(table)


def _cells(hit: Hit, query: Query | None = None) -> tuple[str, ...]:
    from aidtrace.screening.evidence import uncompared

    why = hit.explanation
    entry = hit.entry
    unmatched = uncompared(query, entry) if query is not None else []
    return (f"{hit.score:.3f}", entry.list_name, entry.source_id, entry.primary_name,
            why.listed_name, evidence_cell(why, unmatched))  # fmt: skip


def evidence_cell(why: Explanation, uncompared: Sequence[tuple[str, str]] = ()) -> str:
    """Each piece of evidence beside the name that was compared, with what it added to the
    score or took off ("birth date consistent +0.026, nationality conflict -0.076"), then each
    the query gave that counted for nothing (``uncompared``: "birth date not on the list", "ID
    not among the entry's"); "-" when there is none of either."""
    points = dict(why.points)
    said = []
    for field, key, label in EVIDENCE:
        check: Check = getattr(why, field)
        if check.agreement.value == "unknown":  # nothing to compare on one side or both
            continue
        added = points.get(key, 0.0)
        said.append(f"{label} {check.agreement.value}" + (f" {added:+.3f}" if added else ""))
    labels = {key: label for _, key, label in EVIDENCE}
    said.extend(f"{labels[key]} {reason}" for key, reason in uncompared)
    return ", ".join(said) or "-"


def plain_table(title: str, rows: list[tuple[str, ...]], console: Console) -> str | None:
    """The table Rich prints for ``rows`` under ``title``, written directly, or None where Rich
    would do more than lay out cells: colours, a table wider than the console (cells wrapped),
    characters it treats specially. A batch's hits are printed by the ten thousand, and Rich
    takes milliseconds over each table; the text is the same (``tests/cli``)."""
    if console.color_system is not None or console.options.ascii_only:
        return None
    if not all(map(_plain, (title, *(cell for row in rows for cell in row)))):
        return None
    widths = [cell_len(c) for c in COLUMNS]
    for row in rows:
        widths = [max(w, cell_len(cell)) for w, cell in zip(widths, row, strict=True)]
    width = sum(widths) + 3 * len(widths) + 1
    if width > console.width or cell_len(title) > width:
        return None
    lines = [_padded(title, width)]
    lines.append("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
    lines.append(_line("┃", COLUMNS, widths))
    lines.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    lines.extend(_line("│", row, widths) for row in rows)
    lines.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return "\n".join(lines) + "\n"


def _plain(text: str) -> bool:
    """Text Rich prints cell for cell: printable, and each character one cell wide (no
    combining marks, joiners, wide East Asian letters)."""
    return text.isprintable() and cell_len(text) == len(text) and text == text.strip()


def _line(edge: str, cells: Sequence[str], widths: list[int]) -> str:
    inner = f" {edge} ".join(_padded(c, w) for c, w in zip(cells, widths, strict=True))
    return f"{edge} {inner} {edge}"


def _padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))
