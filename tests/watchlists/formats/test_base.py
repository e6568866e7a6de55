"""The shared base of the XML list formats: sniffing by markers, one file per publication, and
the header dates every format reads the same way (with the same one-line refusals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import all_formats, sniff_format
from aidtrace.watchlists.formats.base import XmlListFormat, timestamp

XML_FORMATS = ("un_xml", "ofac_xml", "ofac_advanced_xml", "eu_xml", "uk_xml")

HEADS = [
    ("un.xml", '<CONSOLIDATED_LIST dateGenerated="{date}">', "un_xml", "dateGenerated"),
    (
        "eu.xml",
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="{date}">',
        "eu_xml",
        "generationDate",
    ),
    (
        "sdn.xml",
        "<sdnList><publshInformation><Publish_Date>{date}</Publish_Date>"
        "<Record_Count>0</Record_Count></publshInformation>",
        "ofac_xml",
        "Publish_Date",
    ),
]
CLOSERS = {"un_xml": "</CONSOLIDATED_LIST>", "eu_xml": "</export>", "ofac_xml": "</sdnList>"}


@pytest.mark.parametrize("name", XML_FORMATS)
def test_every_xml_format_shares_the_base(name: str) -> None:
    fmt = all_formats()[name]
    assert isinstance(fmt, XmlListFormat)
    assert fmt.members(Path("x.xml")) == (Path("x.xml"),)


@pytest.mark.parametrize(("filename", "head", "name", "field"), HEADS)
def test_sniffed_by_markers_and_a_bad_date_is_refused_naming_its_field(
    tmp_path: Path, filename: str, head: str, name: str, field: str
) -> None:
    path = tmp_path / filename
    path.write_text(head.format(date="yesterday") + CLOSERS[name], encoding="utf-8")
    fmt = sniff_format(path)
    assert fmt.name == name
    with pytest.raises(InputError, match=f"{field} 'yesterday' is not"):
        fmt.header(path)


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("2024-03-05T10:00:00Z", None, "2024-03-05T10:00:00+00:00"),
        ("2024-03-05", None, "2024-03-05T00:00:00"),
        ("03/05/2024", "%m/%d/%Y", "2024-03-05T00:00:00"),
    ],
)
def test_timestamp_reads_iso_or_a_pattern(value: str, pattern: str | None, expected: str) -> None:
    found = timestamp(value, Path("f.xml"), "field", pattern)
    assert found is not None
    assert found.isoformat() == expected
    assert timestamp("", Path("f.xml"), "field", pattern) is None
