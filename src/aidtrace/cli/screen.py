"""`aidtrace screen`: one name, or a CSV file of names, against the watchlists."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aidtrace.cli.app import State, app, edge, progress_bar, state
from aidtrace.errors import InputError
from aidtrace.ingest.watchlists import parse_file
from aidtrace.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, build_index
from aidtrace.screening.evidence import parse_birth_date
from aidtrace.screening.screen import ScreeningResult, iter_screen, screen_parallel
from aidtrace.screening.workspace_index import current_index

_NAME_COLUMNS = ("name", "full_name")


@app.command()
@edge
def screen(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A name, in any script")] = None,
    dob: Annotated[str | None, typer.Option(help="Birth date: 1958, 1958-05 or 1958-05-12")] = None,
    nationality: Annotated[str | None, typer.Option(help="Country name or ISO code")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="CSV with a name/full_name column")
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option("--list", help="Screen against these list files instead of the workspace"),
    ] = None,
    threshold: Annotated[float, typer.Option(help="Minimum score")] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(help="Hits per name")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines with explanations")] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Processes screening a --file [default: one per core]", min=1),
    ] = None,
) -> None:
    """Screen a name (or a file of names) against the watchlists, with explanations."""
    st = state(ctx)
    if (name is None) == (file is None):
        raise InputError("give either a NAME or --file")
    index = _index(st, against)  # the workspace is closed again before any worker is forked
    if file:
        results = screen_parallel(index, _file_queries(file), threshold, limit, workers)
    else:
        results = iter_screen(index, [_query(name or "", dob, nationality)], threshold, limit)
    for result in results:
        _render(st, result, as_json)


def _index(st: State, files: list[Path] | None) -> ScreeningIndex:
    if files:
        return build_index(entry for path in files for entry in parse_file(path))
    with st.open() as ws, progress_bar(st) as report:
        return current_index(ws, report)


def _query(name: str, dob: str | None, nationality: str | None, subject: str = "") -> Query:
    try:
        birth = parse_birth_date(dob) if dob else None
    except ValueError as exc:
        raise InputError(f"cannot read birth date {dob!r}: {exc}") from exc
    return Query(name, subject or name, birth, nationality or None)


def _file_queries(path: Path) -> Iterator[Query]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        column = next((c for c in _NAME_COLUMNS if c in (reader.fieldnames or ())), None)
        if column is None:
            raise InputError("no name or full_name column", source=str(path))
        for line, row in enumerate(reader, start=2):
            if not row[column]:
                continue
            subject = row.get("id") or row.get("subject") or f"{path.name}:{line}"
            dob = row.get("dob") or row.get("date_of_birth")
            yield _query(row[column], dob, row.get("nationality"), subject)


def _render(st: State, result: ScreeningResult, as_json: bool) -> None:
    if as_json:
        st.console.print_json(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    if not result.hits:
        st.console.print(f"{result.query.name}: no match")
        return
    table = Table(title=result.query.name, title_justify="left")
    for column in ("score", "list", "id", "listed name", "matched as", "birth date"):
        table.add_column(column)
    for hit in result.hits:
        why = hit.explanation
        table.add_row(
            f"{hit.score:.3f}",
            hit.entry.list_name,
            hit.entry.source_id,
            hit.entry.primary_name,
            why.listed_name,
            why.birth.agreement.value,
        )
    st.console.print(table)
