"""Hostile input files, generated on demand (never committed): the corpus the bounds are held to.

Each ``write_*`` function writes one file into a directory and returns its path. The tests in
``tests/ingest`` and the benchmark beside this file (``run.py``) both use them, so the files a
test refuses are the files the benchmark times.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MIB = 1 << 20

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER = ("#beneficiary+id", "#beneficiary+name+given")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, cells: list[tuple[str, str]]) -> str:
    return f'<row r="{number}">' + "".join(_cell(f"{c}{number}", t) for c, t in cells) + "</row>"


def _workbook(path: Path, sheet_parts: list[str]) -> Path:
    """A minimal valid workbook whose one sheet is ``sheet_parts`` joined (streamed in)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for part in sheet_parts:
                sheet.write(part.encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: list[list[str]], dimension: str | None = None) -> Path:
    """A small honest workbook (optionally declaring ``dimension``), cells as inline strings."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    head = _SHEET_HEAD + (f'<dimension ref="{dimension}"/>' if dimension else "")
    body = [_row(n, list(zip(letters, row, strict=False))) for n, row in enumerate(rows, 1)]
    return _workbook(path, [head, "<sheetData>", *body, "</sheetData></worksheet>"])


def write_xlsx_cell_bomb(path: Path, cell_mib: int = 1100) -> Path:
    """A workbook of about a megabyte whose one cell inflates to ``cell_mib`` MiB."""
    chunk = "A" * MIB
    parts = [
        _SHEET_HEAD,
        "<sheetData>",
        _row(1, [("A", HEADER[0]), ("B", HEADER[1])]),
        '<row r="3"><c r="A3" t="inlineStr"><is><t>X1</t></is></c>',
        '<c r="B3" t="inlineStr"><is><t>',
        *([chunk] * cell_mib),
        "</t></is></c></row></sheetData></worksheet>",
    ]
    return _workbook(path, parts)


def write_xlsx_huge_dimension(path: Path) -> Path:
    """A few kilobytes declaring the largest sheet Excel allows (A1:XFD1048576), with a cell in
    its last row: a reader that trusts the declaration pads every row between to 16,384 cells."""
    parts = [
        _SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>',
        _row(1, [("A", HEADER[0]), ("B", HEADER[1])]),
        _row(2, [("A", "X1"), ("B", "Ahmad")]),
        _row(1_048_576, [("A", "X2"), ("B", "Mahmud")]),
        "</sheetData></worksheet>",
    ]
    return _workbook(path, parts)


def write_xlsx_wide_rows(path: Path, rows: int = 2_000) -> Path:
    """Every row with one cell in the last column Excel has (XFD): a grid of 16,384 × rows."""
    body = [_row(1, [("A", HEADER[0]), ("B", HEADER[1])])]
    body += [_row(n, [("A", f"X{n}"), ("XFD", "x")]) for n in range(2, rows + 2)]
    return _workbook(path, [_SHEET_HEAD, "<sheetData>", *body, "</sheetData></worksheet>"])


def write_csv_long_cell(path: Path, chars: int = 10 * MIB) -> Path:
    """A beneficiary list whose one name is ``chars`` letters of a single repeated vowel."""
    path.write_text(f"{','.join(HEADER)}\nX1,{'a' * chars}\n", encoding="utf-8")
    return path


def write_csv_duplicate_header(path: Path) -> Path:
    """A beneficiary list that gives the given name twice (which one is meant?)."""
    text = "Id,Name,Name\n#beneficiary+id,#beneficiary+name+given,#beneficiary+name+given\n"
    path.write_text(text + "X1,Ahmad,Mahmud\n", encoding="utf-8")
    return path


def write_csv_many_people(path: Path, rows: int = 100_000) -> Path:
    """A beneficiary list within every bound, long enough to need over 600 MiB to import."""
    lines = [",".join(HEADER), *(f"X{i},Ahmad Karim{i % 97}" for i in range(rows))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


UN_RECORD = "<INDIVIDUAL><REFERENCE_NUMBER>TAi.900</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME>"


def write_deep_xml(path: Path, depth: int = 100_000) -> Path:
    """A UN list whose one record nests ``depth`` elements."""
    body = "<x>" * depth + "</x>" * depth
    path.write_text(
        f"<CONSOLIDATED_LIST><INDIVIDUALS>{UN_RECORD}{body}</INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    return path


def write_billion_laughs(path: Path) -> Path:
    """The classic entity expansion: ten levels of ten references, 10^10 letters."""
    entities = ['<!ENTITY a0 "ha">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 11)
    ]
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [{"".join(entities)}]>'
        f"<CONSOLIDATED_LIST><INDIVIDUALS>{UN_RECORD}<COMMENTS1>&a10;</COMMENTS1>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    return path


def write_xml_huge_text(path: Path, mib: int = 200) -> Path:
    """A UN list whose one comment field is ``mib`` MiB of text."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"<CONSOLIDATED_LIST><INDIVIDUALS>{UN_RECORD}<COMMENTS1>")
        for _ in range(mib):
            fh.write("x" * MIB)
        fh.write("</COMMENTS1></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
    return path


IATI_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><iati-activities version="2.03">'
    '<iati-activity default-currency="USD"><iati-identifier>XX-1</iati-identifier>'
)


def write_iati_narrative(path: Path, chars: int = 10 * MIB) -> Path:
    """An IATI activity whose implementing partner's name is ``chars`` characters."""
    path.write_text(
        f'{IATI_HEAD}<participating-org role="4"><narrative>{"a" * chars}</narrative>'
        "</participating-org></iati-activity></iati-activities>",
        encoding="utf-8",
    )
    return path


def write_iati_deep(path: Path, depth: int = 100_000) -> Path:
    """An IATI activity with ``depth`` nested elements inside it."""
    body = "<x>" * depth + "</x>" * depth
    path.write_text(f"{IATI_HEAD}{body}</iati-activity></iati-activities>", encoding="utf-8")
    return path
