"""Hostile, malformed and mis-encoded XML is refused with one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.hostile.files import write_billion_laughs, write_deep_xml, write_xml_huge_text

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import MAX_TEXT
from aidtrace.watchlists.formats import parse_file

GOOD_RECORD = (
    "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>TAi.900</REFERENCE_NUMBER>"
    "</INDIVIDUAL>"
)
CASES = {
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&e;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        "hostile",
    ),
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>",
        "hostile",
    ),
    "truncated": (
        f"<CONSOLIDATED_LIST><INDIVIDUALS>{GOOD_RECORD}<INDIVIDUAL><FIRST_NAME>B",
        "malformed XML",
    ),
    "not XML": ("REFERENCE_NUMBER,NAME\nTAi.1,x\n", "malformed XML"),
    "wrong root": ("<sdnList></sdnList>", "root element"),
    "huge text node": (
        f"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><COMMENTS1>{'x' * (MAX_TEXT + 1)}"
        "</COMMENTS1></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        "exceeds",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    path = tmp_path / "list.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=expected) as info:
        list(parse_file(path, format="un_xml"))
    assert info.value.source == str(path)


def test_wrong_encoding_names_the_record(tmp_path: Path) -> None:
    body = f"<CONSOLIDATED_LIST><INDIVIDUALS>{GOOD_RECORD}<INDIVIDUAL><FIRST_NAME>"
    path = tmp_path / "latin1.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + body.encode()
        + "Muñoz</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>".encode("latin-1")
    )
    with pytest.raises(InputError, match="malformed XML at line 1") as info:
        list(parse_file(path, format="un_xml"))
    assert info.value.record == 2


def test_missing_reference_number(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME>A</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="REFERENCE_NUMBER") as info:
        list(parse_file(path))
    assert info.value.record == "7"


# Every XML format goes through the same guarded reader; check each one refuses the attacks.
ROOTS = {
    "un_xml": ("CONSOLIDATED_LIST", "INDIVIDUALS"),
    "ofac_xml": ("sdnList", "publshInformation"),
    "ofac_advanced_xml": ("Sanctions", "DateOfIssue"),
    "uk_xml": ("Designations", "Designation"),
    "eu_xml": ('export xmlns="http://eu.europa.ec/fpi/fsd/export"', "sanctionEntity"),
}
ATTACKS = {
    "external entity": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "billion laughs": '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    "parameter entity": '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>',
}


@pytest.mark.parametrize("fmt", sorted(ROOTS))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_xml_format_refuses_dtds(tmp_path: Path, fmt: str, attack: str) -> None:
    root, inner = ROOTS[fmt]
    tag = root.split()[0]
    path = tmp_path / "list.xml"
    path.write_text(
        f'<?xml version="1.0"?>{ATTACKS[attack]}<{root}><{inner}>&b;</{inner}></{tag}>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="hostile XML refused"):
        list(parse_file(path, format=fmt))


@pytest.mark.parametrize("fmt", sorted(ROOTS))
def test_every_xml_format_refuses_truncation(tmp_path: Path, fmt: str) -> None:
    root, inner = ROOTS[fmt]
    path = tmp_path / "list.xml"
    path.write_text(f"<{root}><{inner}><x>unfinished", encoding="utf-8")
    with pytest.raises(InputError, match="malformed XML") as info:
        list(parse_file(path, format=fmt))
    assert info.value.source == str(path)


GENERATED = {
    # a record nested 100,000 deep used to overflow the recursion of the fragment writer (exit 3)
    "deep nesting": (write_deep_xml, "elements nested more than 64 deep"),
    "billion laughs": (write_billion_laughs, "hostile XML refused"),
    "200 MiB text node": (write_xml_huge_text, "a text node, attribute list or comment exceeds"),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_lists_refused(tmp_path: Path, case: str) -> None:
    write, message = GENERATED[case]
    path = write(tmp_path / "list.xml")
    with pytest.raises(InputError, match=message) as info:
        list(parse_file(path, format="un_xml"))
    assert info.value.source == str(path)


@pytest.mark.parametrize("fmt", sorted(ROOTS))
def test_every_xml_format_bounds_depth(tmp_path: Path, fmt: str) -> None:
    root, inner = ROOTS[fmt]
    tag = root.split()[0]
    depth = 70
    path = tmp_path / "list.xml"
    path.write_text(
        f"<{root}><{inner}>{'<x>' * depth}{'</x>' * depth}</{inner.split()[0]}></{tag}>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="nested more than 64 deep"):
        list(parse_file(path, format=fmt))


def test_depth_within_the_bound_reads(tmp_path: Path) -> None:
    nested = "<x>" * 50 + "</x>" * 50
    path = tmp_path / "list.xml"
    path.write_text(
        f"<CONSOLIDATED_LIST><INDIVIDUALS>{GOOD_RECORD[:-13]}{nested}</INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    assert len(list(parse_file(path, format="un_xml"))) == 1


def test_huge_attribute_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text(
        f'<CONSOLIDATED_LIST note="{"x" * (2 << 20)}"><INDIVIDUALS/></CONSOLIDATED_LIST>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="exceeds 1,048,576 bytes"):
        list(parse_file(path, format="un_xml"))
