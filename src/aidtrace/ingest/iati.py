"""IATI Activity Standard 2.03: activities, who takes part, and every transaction between them.

What is read from each ``<iati-activity>``: ``iati-identifier``, ``reporting-org``, ``title``,
``default-currency``, ``activity-status``, ``participating-org`` (ref, role 1 funding /
2 accountable / 3 extending / 4 implementing, type, activity-id), ``recipient-country``,
``location`` (ref, name, administrative code and level, point position, and the P-code the
gazetteer resolves from the code or the name: see :func:`location_pcode`), ``sector``
(vocabulary, code, percentage) and each ``transaction``: ``transaction-type`` (1 incoming funds,
2 outgoing commitment, 3 disbursement, 4 expenditure; other codes kept as given),
``transaction-date``, ``value`` with its ``currency`` (else the activity default) and
``value-date``, ``provider-org`` / ``receiver-org`` with their ``provider-activity-id`` /
``receiver-activity-id`` (which link activities across publishers), ``sector`` and
``recipient-country``.

The XML is untrusted: DTDs, entities and external references are refused (defusedxml), and a
malformed activity fails the whole file — nothing is stored. IATI files never carry a DTD, so a
UTF-8 file whose bytes contain no ``<!DOCTYPE`` or ``<!ENTITY`` cannot declare an entity and is
read with the standard library's C parser (ten times faster on 10,000 activities); any other file
goes through defusedxml, which refuses the DTD. Either way the workspace's
:class:`~aidtrace.ingest.limits.InputLimits` hold while parsing (nesting depth, bytes between
tags) and every narrative is capped at ``cell_chars`` characters. Re-importing an activity
replaces what was stored for it, as publishers republish whole files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits, too_long
from aidtrace.ingest.published import Reading
from aidtrace.ingest.registry import ImportResult, Store, import_once, register
from aidtrace.ingest.tabular import Checked
from aidtrace.ingest.xmlsafe import child, child_text, children, local, records
from aidtrace.places import afghanistan
from aidtrace.progress import Progress
from aidtrace.workspace import Workspace


class TransactionType(StrEnum):
    INCOMING_FUNDS = "1"
    COMMITMENT = "2"
    DISBURSEMENT = "3"
    EXPENDITURE = "4"


class OrgRole(StrEnum):
    FUNDING = "1"
    ACCOUNTABLE = "2"
    EXTENDING = "3"
    IMPLEMENTING = "4"


@dataclass(frozen=True)
class Parsed:
    """Rows for each IATI table, ready to store."""

    activities: list[dict[str, object]]
    participants: list[dict[str, object]]
    transactions: list[dict[str, object]]
    locations: list[dict[str, object]]
    sectors: list[dict[str, object]]


def narrative(elem: ET.Element | None) -> str | None:
    """The first non-empty ``<narrative>`` of an element (IATI's multilingual text)."""
    if elem is None:
        return None
    texts = [" ".join((n.text or "").split()) for n in children(elem, "narrative")]
    return next((t for t in texts if t), None)


def _refuse_long_narratives(activity: ET.Element, limit: int) -> None:
    """Names and titles are read from narratives, and names go on to be screened: no
    narrative of the activity may be longer than ``limit`` characters."""
    for elem in activity.iter():
        if local(elem.tag) == "narrative" and elem.text is not None and len(elem.text) > limit:
            raise InputError(too_long("a <narrative>", len(elem.text), limit, LIMIT_SETTING))


LIMIT_SETTING = "input_max_cell_chars"


def _attr(elem: ET.Element | None, name: str) -> str | None:
    if elem is None:
        return None
    value = (elem.get(name) or "").strip()
    return value or None


def _iso_date(raw: str | None, what: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise InputError(f"{what} {raw!r} is not an ISO date") from exc


def _number(raw: str, what: str) -> float:
    try:
        return float(raw.replace(",", ""))
    except ValueError as exc:
        raise InputError(f"{what} {raw!r} is not a number") from exc


_ROOT, _RECORD = ("iati-activities",), ("iati-activity",)
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def _plain_utf8(path: Path) -> bool:
    """Whether the file is UTF-8 (or ASCII) and free of any DTD or entity declaration.

    Read in chunks (overlapping by a marker's length), so a large file is never held whole."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_CHUNK)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                return False
            declaration = head[:100].split(b"?>", 1)[0].lower()
            if b"encoding" in declaration and b"utf-8" not in declaration:
                return False
            tail = b""
            while head:
                window = tail + head
                if any(m in window for m in _DTD_MARKERS):
                    return False
                tail = window[-_OVERLAP:]
                head = fh.read(_CHUNK)
    except OSError:
        return False  # let the defused reader report the problem
    return True


_CHUNK = 1 << 20
_OVERLAP = max(len(m) for m in _DTD_MARKERS) - 1


def _activities(path: Path, limits: InputLimits) -> Iterator[ET.Element]:
    return records(path, _ROOT, _RECORD, limits, defused=not _plain_utf8(path))


def parse_file(
    path: Path, limits: InputLimits = DEFAULT_LIMITS, reading: Reading | None = None
) -> Parsed:
    """Every activity of an ``iati-activities`` file; raises ``InputError`` naming the activity
    (or, when ``reading`` checks, notes every bad activity and reads on)."""
    reading = reading or Reading(unit="activity")
    out = Parsed([], [], [], [], [])
    for n, elem in enumerate(_activities(path, limits), 1):
        identifier = child_text(elem, "iati-identifier")
        try:
            _refuse_long_narratives(elem, limits.cell_chars)
            _activity(elem, identifier, out)
        except InputError as exc:
            where = f"activity {n} ({identifier or 'no iati-identifier'})"
            reading.note(InputError(f"{where}: {exc.message}", source=path, record=n), n)
    return out


def _check_whole(parsed: Parsed, path: Path, reading: Reading) -> None:
    """A file with no activity, or with one activity twice, is refused (every repeat noted)."""
    if not parsed.activities and not reading.problems:
        raise InputError("no <iati-activity> in the file", source=path)
    seen: set[str] = set()
    for activity in parsed.activities:
        identifier = str(activity["activity_id"])
        if identifier in seen:
            reading.note(InputError(f"activity {identifier!r} appears twice", source=path))
        seen.add(identifier)


def _activity(elem: ET.Element, identifier: str, out: Parsed) -> None:
    if not identifier:
        raise InputError("missing <iati-identifier>")
    reporting = child(elem, "reporting-org")
    currency = _attr(elem, "default-currency")
    countries = [c for c in (_attr(x, "code") for x in children(elem, "recipient-country")) if c]
    out.activities.append(
        {
            "activity_id": identifier,
            "reporting_org_ref": _attr(reporting, "ref"),
            "reporting_org_name": narrative(reporting),
            "title": narrative(child(elem, "title")),
            "default_currency": currency,
            "recipient_countries": ";".join(countries) or None,
            "status_code": _attr(child(elem, "activity-status"), "code"),
        }
    )
    for org in children(elem, "participating-org"):
        out.participants.append(_participant(org, identifier))
    for loc in children(elem, "location"):
        out.locations.append(_location(loc, identifier))
    for sec in children(elem, "sector"):
        out.sectors.append(_sector(sec, identifier))
    single_country = countries[0] if len(countries) == 1 else None
    for seq, txn in enumerate(children(elem, "transaction"), 1):
        try:
            out.transactions.append(_transaction(txn, identifier, seq, currency, single_country))
        except InputError as exc:
            raise InputError(f"transaction {seq}: {exc.message}") from exc


def _participant(org: ET.Element, activity: str) -> dict[str, object]:
    role = _attr(org, "role")
    if role is None:
        raise InputError("<participating-org> without a role")
    return {
        "activity_id": activity,
        "org_ref": _attr(org, "ref"),
        "org_name": narrative(org),
        "role_code": role,
        "org_type": _attr(org, "type"),
        "org_activity_id": _attr(org, "activity-id"),
    }


def _location(loc: ET.Element, activity: str) -> dict[str, object]:
    admin = child(loc, "administrative")
    point = child(loc, "point")
    pos = child(point, "pos") if point is not None else None
    lat = lon = None
    if pos is not None and pos.text:
        parts = pos.text.split()
        if len(parts) != 2:
            raise InputError(f"<pos> {pos.text!r} is not 'latitude longitude'")
        lat, lon = (_number(p, "<pos> coordinate") for p in parts)
    name, code = narrative(child(loc, "name")), _attr(admin, "code")
    return {
        "activity_id": activity,
        "ref": _attr(loc, "ref"),
        "name": name,
        "admin_code": code,
        "admin_level": _attr(admin, "level"),
        "latitude": lat,
        "longitude": lon,
        "pcode": location_pcode(name, code),
    }


def location_pcode(name: str | None, admin_code: str | None) -> str | None:
    """The Afghan province or district a ``<location>`` denotes: its administrative code when
    that is a P-code the gazetteer knows, else the one place its name names ("Herat
    Province", "Jalalabad, Nangarhar"); ``None`` for anything else (a country, a village, a
    place abroad, a name several districts share)."""
    gazetteer = afghanistan()
    place = gazetteer.by_code(admin_code) if admin_code else None
    if place is None and name:
        place = gazetteer.locate(name)
    return place.pcode if place else None


def _sector(sec: ET.Element, activity: str) -> dict[str, object]:
    code = _attr(sec, "code")
    if code is None:
        raise InputError("<sector> without a code")
    pct = _attr(sec, "percentage")
    return {
        "activity_id": activity,
        "vocabulary": _attr(sec, "vocabulary") or "1",  # DAC 5-digit is the default vocabulary
        "code": code,
        "percentage": None if pct is None else _number(pct, "sector percentage"),
    }


def _transaction(
    txn: ET.Element, activity: str, seq: int, default_currency: str | None, country: str | None
) -> dict[str, object]:
    kind = _attr(child(txn, "transaction-type"), "code")
    if kind is None:
        raise InputError("missing <transaction-type code>")
    value = child(txn, "value")
    if value is None or not (value.text or "").strip():
        raise InputError("missing <value>")
    currency = _attr(value, "currency") or default_currency
    if currency is None:
        raise InputError("<value> has no currency and the activity no default-currency")
    when = _iso_date(_attr(child(txn, "transaction-date"), "iso-date"), "transaction-date")
    # value-date is mandatory in 2.03; older files sometimes omit it, the transaction date is
    # then the only date the value can be converted at.
    value_date = _iso_date(_attr(value, "value-date"), "value-date") or when
    if value_date is None:
        raise InputError("<value> has no value-date and the transaction no date")
    provider, receiver = child(txn, "provider-org"), child(txn, "receiver-org")
    return {
        "activity_id": activity,
        "seq": seq,
        "ref": _attr(txn, "ref"),
        "type_code": kind,
        "date": when,
        "value": _number(value.text or "", "<value>"),
        "currency": currency,
        "value_date": value_date,
        "provider_ref": _attr(provider, "ref"),
        "provider_name": narrative(provider),
        "provider_activity_id": _attr(provider, "provider-activity-id"),
        "receiver_ref": _attr(receiver, "ref"),
        "receiver_name": narrative(receiver),
        "receiver_activity_id": _attr(receiver, "receiver-activity-id"),
        "sector_code": _attr(child(txn, "sector"), "code"),
        "recipient_country": _attr(child(txn, "recipient-country"), "code") or country,
    }


_TABLES = {
    "activities": "iati_activities",
    "participants": "iati_participants",
    "transactions": "iati_transactions",
    "locations": "iati_locations",
    "sectors": "iati_sectors",
}


def _store(workspace: Workspace, parsed: Parsed, import_id: str) -> int:
    """Store every activity of ``parsed``, each replacing its stored self; returns how many."""
    engine = workspace.engine
    ids = pa.table({"activity_id": [a["activity_id"] for a in parsed.activities]})
    engine.register("__incoming_iati_ids", ids)
    for field, table in _TABLES.items():
        engine.execute(
            f"DELETE FROM {table} WHERE activity_id IN "
            "(SELECT activity_id FROM __incoming_iati_ids)"
        )
        rows = [{**r, "import_id": import_id} for r in getattr(parsed, field)]
        if rows:
            engine.register("__incoming_iati", pa.Table.from_pylist(rows))
            names = ", ".join(rows[0])
            engine.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM __incoming_iati")
    return len(parsed.activities)


# Not frozen: the Importer protocol declares plain (settable) attributes.
@dataclass
class IatiImporter:
    name: str = "iati"
    description: str = "IATI 2.03 activity XML: activities, participants, transactions"

    def load(self, workspace: Workspace, path: Path, progress: Progress) -> ImportResult:
        """Parse the whole file first, then store it in one transaction."""

        def parse() -> Store:
            reading = Reading(unit="activity")
            parsed = parse_file(path, InputLimits.of(workspace.config), reading)
            _check_whole(parsed, path, reading)
            return lambda ws, import_id: _store(ws, parsed, import_id)

        return import_once(workspace, self.name, path, progress, parse)

    def check(self, workspace: Workspace, path: Path) -> Checked:
        """Read one IATI file in full and list every bad activity; nothing is stored."""
        reading = Reading(check=True, unit="activity")
        parsed = parse_file(path, InputLimits.of(workspace.config), reading)
        _check_whole(parsed, path, reading)
        reading.records = len(parsed.activities)
        return reading.checked(path)


IMPORTER = register(IatiImporter())
