"""`aidtrace screen`'s hit tables: written directly where Rich would only lay out cells (a batch
prints them by the ten thousand), and exactly as Rich prints them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.cli.screen import COLUMNS, UNWRAPPED, batch_console, plain_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "watchlists"
OFSI = str(FIXTURES / "ConList.csv")

ROW = ("0.784", "ofac_sdn", "24514", "Naim QASIM", "QASSEM, Naim", "unknown")


def _rich(title: str, rows: list[tuple[str, ...]], console: Console) -> str:
    table = Table(title=Text(title), title_justify="left")
    for column in COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(*map(Text, row))
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def _console(width: int = 80, color: bool = False) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=color or None,
                   color_system="standard" if color else None)  # fmt: skip


# (title, rows, whether written directly)
CASES = [
    ("Hashem Qasem Naim", [ROW], True),
    (
        "Ali Ebrahim Esmail",
        [ROW, ("0.773", "un", "QDi.1", "'Ali IBRAHIM", "[/b] x", "agrees")],
        True,
    ),
    ("عبدالله محمد", [("1.000", "un", "TAi.1", "عبدالله محمد", "ABDULLAH", "unknown")], True),
    ("A", [("0.750", "un", "1", "", "x", "conflicts")], True),
    ("Two  spaces", [ROW], True),
    ("Zoë Müller", [ROW], True),
    # wider than the console: Rich wraps the cells
    ("Long", [(*ROW[:3], "AMNAFZAR GOSTAR-E SHARIF " * 3, *ROW[4:])], False),
    ("T" * 90, [ROW], False),
    # joiners, combining marks, wide letters: Rich's own business
    ("امان‌الله محمد", [ROW], False),
    ("Zoe\u0308 Mu\u0308ller", [ROW], False),
    ("王小明", [ROW], False),
    ("tab\there", [ROW], False),
    (" padded", [ROW], False),
]


@pytest.mark.parametrize(("title", "rows", "direct"), CASES)
def test_a_table_is_printed_as_rich_prints_it(
    title: str, rows: list[tuple[str, ...]], direct: bool
) -> None:
    plain = plain_table(title, rows, _console())
    assert (plain is not None) == direct
    if plain is not None:
        assert plain == _rich(title, rows, _console())


def test_colours_are_left_to_rich() -> None:
    assert plain_table("Hashem Qasem Naim", [ROW], _console(color=True)) is None


@pytest.mark.parametrize("width", [60, 70, 71, 120])
def test_the_console_width_decides(width: int) -> None:
    plain = plain_table("Hashem Qasem Naim", [ROW], _console(width))
    assert (plain is not None) == (width >= 70)  # the table is 70 cells wide
    if plain is not None:
        assert plain == _rich("Hashem Qasem Naim", [ROW], _console(width))


def test_a_batch_prints_the_same_tables(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("id,name\n1,Mohammad Hassan Akhund\n2,Nobody Atall\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["screen", "--file", str(names), "--list", OFSI])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].rstrip() == "Mohammad Hassan Akhund"
    assert lines[1].startswith("┏━━━━━━━┳")
    assert lines[2].startswith("┃ score ┃ list")
    assert lines[-1] == "Nobody Atall: no match"


# wider than 80 columns, and plain: Rich wraps it on a console, not in a batch's file
WIDE: tuple[str, list[tuple[str, ...]]] = (
    "Long",
    [(*ROW[:3], "AMNAFZAR GOSTAR-E SHARIF AMNAFZAR GOSTAR-E SHARIF", *ROW[4:])],
)


def test_a_wide_table_is_wrapped_on_a_console() -> None:
    assert plain_table(*WIDE, _console()) is None


@pytest.mark.parametrize(("title", "rows", "direct"), [*CASES, (*WIDE, True)])
def test_a_batch_written_to_a_file_keeps_each_hit_on_one_line(
    title: str, rows: list[tuple[str, ...]], direct: bool
) -> None:
    wide = batch_console(_console())
    assert wide.width == UNWRAPPED
    plain = plain_table(title, rows, wide)
    assert (plain is not None) == direct
    if plain is not None:
        assert plain == _rich(title, rows, Console(file=io.StringIO(), width=UNWRAPPED))
        assert len(plain.splitlines()) == 5 + len(rows)  # title, header, 3 rules, a line a hit


def test_a_batch_on_a_terminal_fits_the_terminal() -> None:
    terminal = Console(file=io.StringIO(), width=80, force_terminal=True)
    assert batch_console(terminal) is terminal
