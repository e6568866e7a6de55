"""A CSV of names: a wrong file is refused before screening; bad rows are set aside by number."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.screening.batch import NameFile
from aidtrace.screening.query import PartyType

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
        ("name\nBaradar\n".encode("utf-16"), "UTF-16 text file.*save as CSV UTF-8"),
        (b"id,who\n1,Baradar\n", "no name or full_name column"),
        (b"", "the file is empty"),
        (b"\n\nname\nBaradar\n", "the file is empty"),
        (b"name,Name\nBaradar,Akhund\n", "two columns read as 'name'"),
        (b"nom,id\nBaradar,1\n", r"no name or full_name column \(the header has 'nom', 'id'"),
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
        (b"x" * 200_000 + b"\n", r"a cell over 131,072 characters \(not read\)"),
        (b"x" * (2 << 20) + b"\n", r"a line over 1,048,576 bytes \(not read\)"),
    ],
)
def test_an_oversized_row_further_down_is_refused_and_the_rest_read(
    tmp_path: Path, tail: bytes, why: str
) -> None:
    body = b"name,notes\n" + b"Abdul Baradar,ok\n" * 10_000
    batch = NameFile(
        _write(tmp_path, body + b"Amir Khan Muttaqi," + tail + b"Sirajuddin Haqqani,\n")
    )
    names = [q.name for q in batch.queries(TODAY)]
    assert len(names) == 10_001
    assert names[-1] == "Sirajuddin Haqqani"
    [refused] = batch.refused
    assert refused.row == 10_002
    assert re.fullmatch(why, refused.reason)


def test_a_quotation_mark_left_open_refuses_the_rows_it_swallows(tmp_path: Path) -> None:
    rows = [
        "id,name,dob",
        "1,Abdul Ghani Baradar,1968",
        '2,"Amir Khan Muttaqi,1968',
        "3,Sirajuddin Haqqani,1977",
        "4,Khalil ur Rahman Haqqani,1966",
    ]
    batch = NameFile(_write(tmp_path, "\n".join(rows).encode()))
    assert [q.name for q in batch.queries(TODAY)] == ["Abdul Ghani Baradar"]
    [refused] = batch.refused
    assert refused.row == 3
    assert "runs over lines 3-5" in refused.reason
    assert "quotation mark left open" in refused.reason


def test_a_name_split_by_an_unquoted_separator_is_refused(tmp_path: Path) -> None:
    batch = NameFile(_write(tmp_path, b"name,dob\nBaradar, Abdul Ghani,1968\nAkhund,\n"))
    assert [q.name for q in batch.queries(TODAY)] == ["Akhund"]
    assert batch.refused[0].row == 2
    assert "3 cells where the header has 2" in batch.refused[0].reason


def test_rows_are_numbered_as_a_spreadsheet_shows_them_blank_lines_included(
    tmp_path: Path,
) -> None:
    batch = NameFile(_write(tmp_path, b"name,dob\nAkhund,\n\n\n,,\nAbdul Ghani Baradar,2099\n"))
    [query] = batch.queries(TODAY)
    assert query.subject == "names.csv:2"
    assert [(r.row, r.reason) for r in batch.refused] == [(6, "birth date '2099': in the future")]


@pytest.mark.parametrize(
    "content",
    [
        "Name,DOB\nAbdul Ghani Baradar,1968\n",
        " name , Date of Birth \nAbdul Ghani Baradar,1968\n",
        "FULL NAME;dob\r\nAbdul Ghani Baradar;1968\r\n",
        "\ufeffname;dob\r\nAbdul Ghani Baradar;1968\r\n",
        "name\tdob\nAbdul Ghani Baradar\t1968\n",
        "نام,تاریخ تولد,ملیت\nAbdul Ghani Baradar,1968,افغانستان\n",
        "نوم,د زیږیدو نیټه\nAbdul Ghani Baradar,1968\n",
    ],
)
def test_headers_as_clerks_write_them_are_read(tmp_path: Path, content: str) -> None:
    [query] = NameFile(_write(tmp_path, content.encode())).queries(TODAY)
    assert query.name == "Abdul Ghani Baradar"
    assert query.birth_date is not None
    assert query.birth_date.start.year == 1968


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Abdul\x1b[2J Ghani Baradar", "U+001B"),
        ("Abdul\x07 Ghani", "U+0007"),
        ("\u202eradaraB", "U+202E"),
    ],
)
def test_a_name_with_control_or_direction_characters_is_refused(
    tmp_path: Path, name: str, code: str
) -> None:
    content = f'name\n"{name}"\nعبدالغنی\u200cبرادر\n'
    batch = NameFile(_write(tmp_path, content.encode()))
    assert [q.name for q in batch.queries(TODAY)] == ["عبدالغنی\u200cبرادر"]
    [refused] = batch.refused
    assert code in refused.reason
    assert name not in refused.reason


def test_a_party_type_may_be_written_in_dari(tmp_path: Path) -> None:
    content = "name,type\nAbu Jihad,شخص\nAbu Jihad,سازمان\n"
    queries = list(NameFile(_write(tmp_path, content.encode())).queries(TODAY))
    assert [q.party for q in queries] == [PartyType.PERSON, PartyType.ORGANISATION]


def test_a_quoted_name_may_span_lines_and_rows_count_records(tmp_path: Path) -> None:
    batch = NameFile(_write(tmp_path, b'id,name\np1,"Abdul\nBaradar"\np2,!!!\n'))
    assert [q.name for q in batch.queries(TODAY)] == ["Abdul Baradar"]
    assert batch.refused[0].row == 3


def test_a_document_number_column_goes_into_the_query(tmp_path: Path) -> None:
    content = "name,Passport,شماره تذکره\nDin Mohammad Hanif,OA 454044,\nAkhund,,۱۲۳۴\n"
    with pytest.raises(InputError, match="two columns read as 'id_number'"):
        NameFile(_write(tmp_path, content.encode()))
    content = "name,tazkira\nDin Mohammad Hanif,OA 454044\nAkhund,\nBaradar,none\n"
    batch = NameFile(_write(tmp_path, content.encode()))
    queries = list(batch.queries(TODAY))
    assert [q.identifiers for q in queries] == [("OA 454044",), ()]
    assert "identifier 'none'" in batch.refused[0].reason
