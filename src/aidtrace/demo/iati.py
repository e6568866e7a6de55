"""``iati.xml``: one IATI 2.03 activity per funding organisation, holding its transactions.

Each transaction's ``ref`` is the ledger's ``txn_id``, so a disbursement in the payer's activity
and incoming funds in the payee's activity can be matched one to one; the district sits in an
``aidtrace:district`` extension element (IATI allows elements from other namespaces) and, for
people, in the description.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from pathlib import Path

from aidtrace.demo.ledger import IatiTxn
from aidtrace.demo.organisations import Org, Role

EXT = "urn:aidtrace:iati-extension"
ORG_TYPE = {
    Role.DONOR: "10",
    Role.UN_AGENCY: "40",
    Role.PARTNER: "21",
    Role.SUB_PARTNER: "22",
    Role.VENDOR: "70",
    Role.CASH_AGENT: "70",
}
SECTOR = "72040"  # DAC: emergency food assistance


def activity_id(org_id: str) -> str:
    return f"XI-AIDTRACE-{org_id}-AF-2024"


def _narrative(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    ET.SubElement(el, "narrative").text = text
    return el


def _org(parent: ET.Element, tag: str, org: Org, with_activity: bool) -> None:
    attrs = {"ref": org.org_id, "type": ORG_TYPE[org.role]}
    if with_activity:
        attrs[f"{tag.split('-')[0]}-activity-id"] = activity_id(org.org_id)
    _narrative(parent, tag, org.name, **attrs)


def _transaction(parent: ET.Element, t: IatiTxn, orgs: dict[str, Org]) -> None:
    el = ET.SubElement(parent, "transaction", {"ref": t.ref})
    ET.SubElement(el, "transaction-type", {"code": str(t.kind)})
    ET.SubElement(el, "transaction-date", {"iso-date": t.day.isoformat()})
    value = ET.SubElement(el, "value", {"currency": t.currency, "value-date": t.day.isoformat()})
    value.text = f"{t.value:.2f}"
    funded = (Role.DONOR, Role.UN_AGENCY, Role.PARTNER, Role.SUB_PARTNER)
    _org(el, "provider-org", orgs[t.provider], orgs[t.provider].role in funded)
    _org(el, "receiver-org", orgs[t.receiver], orgs[t.receiver].role in funded)
    if t.district:
        ET.SubElement(el, f"{{{EXT}}}district", {"code": t.district})


def _activity(org: Org, txns: list[IatiTxn], orgs: dict[str, Org]) -> ET.Element:
    act = ET.Element(
        "iati-activity",
        {"default-currency": "USD", "last-updated-datetime": "2024-04-01T00:00:00Z"},
    )
    ET.SubElement(act, "iati-identifier").text = activity_id(org.org_id)
    _narrative(act, "reporting-org", org.name, ref=org.org_id, type=ORG_TYPE[org.role])
    _narrative(act, "title", f"Emergency food and cash assistance, Afghanistan 2024 ({org.name})")
    ET.SubElement(act, "activity-status", {"code": "2"})
    ET.SubElement(act, "activity-date", {"type": "2", "iso-date": "2024-01-01"})
    ET.SubElement(act, "recipient-country", {"code": "AF", "percentage": "100"})
    ET.SubElement(act, "sector", {"vocabulary": "1", "code": SECTOR, "percentage": "100"})
    for t in txns:
        _transaction(act, t, orgs)
    return act


def commitments(txns: list[IatiTxn], day: date) -> list[IatiTxn]:
    """Each donor's quarterly commitment to each agency (type 2), the sum of what it then paid."""
    totals: dict[tuple[str, str, str], float] = defaultdict(float)
    for t in txns:
        if t.kind == 3 and t.reporter.startswith("DON"):
            totals[(t.provider, t.receiver, t.currency)] += t.value
    return [
        IatiTxn(p, 2, day, round(v, 2), c, p, r, f"C-{p}-{r}", "")
        for (p, r, c), v in sorted(totals.items())
    ]


def write_iati(path: Path, txns: list[IatiTxn], orgs: dict[str, Org], start: date) -> int:
    ET.register_namespace("aidtrace", EXT)
    by_reporter: dict[str, list[IatiTxn]] = defaultdict(list)
    for t in commitments(txns, start) + txns:
        by_reporter[t.reporter].append(t)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<iati-activities version="2.03" generated-datetime="2024-04-01T00:00:00Z" '
            f'xmlns:aidtrace="{EXT}">\n'
        )
        for reporter in sorted(by_reporter):
            act = _activity(orgs[reporter], by_reporter[reporter], orgs)
            ET.indent(act, space="  ", level=1)
            out.write(
                "  "
                + ET.tostring(act, encoding="unicode").replace(f' xmlns:aidtrace="{EXT}"', "")
                + "\n"
            )
        out.write("</iati-activities>\n")
    return sum(len(v) for v in by_reporter.values())
