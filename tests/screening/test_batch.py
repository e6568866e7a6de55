"""A CSV of names: a wrong file is refused before screening; bad rows are set aside by number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.screening.batch import NameFile

TODAY = date(2026, 3, 2)


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "names.csv"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "not a text CSV file"),
        ("name\nJosé Núñez\n".encode("latin-1"), "not a text CSV file in UTF-8"),
        ("name\nBaradar\n".encode("utf-16"), "not a text CSV file"),
        (b"id,who\n1,Baradar\n", "no name or full_name column"),
        (b"", "no name or full_name column"),
    ],
)
def test_a_wrong_file_is_refused_before_any_row_is_read(
    tmp_path: Path, content: bytes, why: str
) -> None:
    with pytest.raises(InputError, match=why) as caught:
        NameFile(_write(tmp_path, content))
    assert caught.value.source == str(tmp_path / "names.csv")


def test_bad_rows_are_set_aside_with_their_row_number_and_the_rest_screened(
    tmp_path: Path,
) -> None:
    rows = [
        "id,name,dob,nationality",
        "p1,Abdul Ghani Baradar,1968,Afghan",
        "p2,!!!,,",
        "p3,,,",
        "p4,Mohammad Hassan Akhund,2099-13-45,",
        "p5,Mohammad Hassan Akhund,,Narnia",
        "p6,😀,,",
        "p7,عبدالغنی برادر,,",
    ]
    batch = NameFile(_write(tmp_path, "\n".join(rows).encode()))
    queries = list(batch.queries(TODAY))
    assert [q.subject for q in queries] == ["p1", "p7"]
    assert [r.row for r in batch.refused] == [3, 4, 5, 6, 7]
    assert "nothing to screen" in batch.refused[0].reason
    assert "no such date" in batch.refused[2].reason
    assert "not a country" in batch.refused[3].reason


def test_a_row_without_an_id_is_named_by_file_and_row(tmp_path: Path) -> None:
    batch = NameFile(_write(tmp_path, "\ufefffull_name\nBaradar\n".encode()))
    [query] = batch.queries(TODAY)
    assert query.subject == "names.csv:2"


def test_binary_past_the_first_block_stops_the_file_at_its_row(tmp_path: Path) -> None:
    good = b"name\n" + b"Abdul Baradar\n" * 10_000  # well past the block looked at up front
    batch = NameFile(_write(tmp_path, good + b"\xff\xfe\x00bad\n"))
    with pytest.raises(
        InputError, match=r"not a text CSV file in UTF-8 \(byte 0xff\).*\(line 10002\)"
    ):
        list(batch.queries(TODAY))


@pytest.mark.parametrize(
    ("tail", "why"),
    [
        (
            b"x" * 200_000 + b"\n",
            r"not a readable CSV file \(field larger than .*\) \(line 10002\)",
        ),
        (b"x" * (2 << 20) + b"\n", r"line 10002 is over 1,048,576 bytes"),
    ],
)
def test_a_broken_line_further_down_is_named(tmp_path: Path, tail: bytes, why: str) -> None:
    batch = NameFile(_write(tmp_path, b"name\n" + b"Abdul Baradar\n" * 10_000 + tail))
    with pytest.raises(InputError, match=why):
        list(batch.queries(TODAY))


def test_a_quoted_name_may_span_lines_and_rows_count_records(tmp_path: Path) -> None:
    batch = NameFile(_write(tmp_path, b'id,name\np1,"Abdul\nBaradar"\np2,!!!\n'))
    assert [q.name for q in batch.queries(TODAY)] == ["Abdul Baradar"]
    assert batch.refused[0].row == 3
