"""Findings about records (duplicates, payroll doubles, ghosts) as an officer reads them: the
records side by side, field by field, then how each field compared, then the indicators.

Evidence holds record ids, programme facts (agency, list, employer, pay) and how each personal
field compared ("romanisation variant", "exact"), never the personal values: those are shown
for all the alert's records at once on request (``personal``), one reason, each view logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aidtrace.accounts.users import User
from aidtrace.web.evidence import PRESENTERS, EvidenceView, text
from aidtrace.workspace import Workspace

TEMPLATE = "evidence/records.html"
SIDE_BY_SIDE = 4  # up to this many records (or pairs) stand as columns; more are rows
# What the record tables already show: left out of the plain facts below them.
SHOWN = {"cluster", "pairs", "pair", "review_pairs", "records", "fields", "indicators"}
# Per-record facts a pair carries as two-element lists, [record a, record b].
PAIRED = {"agencies": "agency", "lists": "list"}


def _pair_records(pairs: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    records: dict[str, dict[str, str]] = {}
    for pair in pairs:
        for side, record_id in enumerate((pair.get("a"), pair.get("b"))):
            values = records.setdefault(str(record_id), {})
            for key, label in PAIRED.items():
                both = pair.get(key) or []
                if len(both) == 2:
                    values.setdefault(label, text(both[side]))
    return records


def _comparison(label: str, pair: Mapping[str, Any]) -> dict[str, Any]:
    measures = ("match_probability", "band", "evidence_bits")
    return {
        "label": label,
        "fields": {str(k): text(v) for k, v in dict(pair.get("fields") or {}).items()},
        "measures": [(m.replace("_", " "), text(pair[m])) for m in measures if m in pair],
    }


def _pairs(evidence: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if isinstance(evidence.get("pair"), Mapping):
        return [evidence["pair"]]
    return [p for p in evidence.get("pairs") or [] if isinstance(p, Mapping)]


# A record row's own id, and how to write it as the person register does (a household, in a
# ghost alert's records, by its id).
RECORD_IDS = {"person_id": "{}", "staff_id": "staff:{}", "household_id": "{}"}


def _record_id(row: Mapping[str, Any], position: int) -> tuple[str, str | None]:
    for key, form in RECORD_IDS.items():
        if row.get(key):
            return form.format(row[key]), key
    return f"record {position + 1}", None


def _listed_records(evidence: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The ``records`` the monitor listed (programme facts, never personal values)."""
    records: dict[str, dict[str, str]] = {}
    for position, row in enumerate(evidence.get("records") or []):
        if isinstance(row, Mapping):
            record_id, id_key = _record_id(row, position)
            records[record_id] = {
                str(k).replace("_", " "): text(v) for k, v in row.items() if k != id_key
            }
    return records


def _flat(row: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """A nested row as columns ("never seen · distributions"), not a semicolon dump."""
    out: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{str(key).replace('_', ' ')}"
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{name} · "))
        else:
            out[name] = text(value)
    return out


def _tables(evidence: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every other list of rows in the evidence (an enumerator's flagged households, …)."""
    tables = []
    for key, value in sorted(evidence.items()):
        if key in SHOWN or not isinstance(value, list) or not value:
            continue
        if all(isinstance(v, Mapping) for v in value):
            rows = [_flat(v) for v in value]
            columns = list(dict.fromkeys(c for r in rows for c in r))
            tables.append({"name": key.replace("_", " "), "columns": columns, "rows": rows})
    return tables


def _indicators(evidence: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = dict(evidence.get("indicators") or {})
    return [
        {
            "name": str(name).replace("_", " "),
            "facts": [(str(k).replace("_", " "), text(v)) for k, v in dict(facts).items()]
            if isinstance(facts, Mapping)
            else [("value", text(facts))],
        }
        for name, facts in found.items()
    ]


def records_detail(evidence: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence rearranged for the side-by-side tables."""
    pairs = _pairs(evidence)
    records: dict[str, dict[str, str]] = {str(m): {} for m in evidence.get("cluster") or []}
    # The monitor's own list of records when it gave one, else what its pairs say of each.
    for record_id, values in (_listed_records(evidence) or _pair_records(pairs)).items():
        records[record_id] = values
    comparisons = [_comparison(f"{p.get('a')} ↔ {p.get('b')}", p) for p in pairs]
    review = [p for p in evidence.get("review_pairs") or [] if isinstance(p, Mapping)]
    comparisons += [_comparison(f"{p.get('a')} ↔ {p.get('b')} (to review)", p) for p in review]
    if not pairs and isinstance(evidence.get("fields"), Mapping):
        comparisons = [_comparison("the records", evidence)]
    return {
        "records": records,
        "record_fields": list(dict.fromkeys(f for r in records.values() for f in r)),
        "comparisons": comparisons,
        "compare_fields": list(dict.fromkeys(f for c in comparisons for f in c["fields"])),
        "indicators": _indicators(evidence),
        "tables": _tables(evidence),
        "side_by_side": SIDE_BY_SIDE,
    }


def present_records(ws: Workspace, user: User, alert: dict[str, Any]) -> EvidenceView:
    evidence = dict(alert.get("evidence") or {})
    detail = records_detail(evidence)
    tabled = {t["name"].replace(" ", "_") for t in detail["tables"]}
    facts = [(str(k).replace("_", " "), text(v)) for k, v in sorted(evidence.items())
             if k not in SHOWN and k not in tabled and v not in ([], {}, "")]  # fmt: skip
    return EvidenceView(TEMPLATE, facts, detail)


KINDS = (
    "duplicate_person", "possible_duplicate", "repeated_member", "payroll_duplicate",
    "payroll_ghost", "ghost_household", "ghost_beneficiary", "age_heaping",
)  # fmt: skip
for _kind in KINDS:
    PRESENTERS[_kind] = present_records
