"""Findings about records (duplicates, payroll doubles, ghosts) as an officer reads them: the
records side by side, field by field, then how each field compared, then the indicators.

Evidence holds record ids, programme facts (agency, list, employer, pay) and how each personal
field compared ("romanisation variant", "exact"), never the personal values: those are shown
for all the alert's records at once on request (``personal``), one reason, each view logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aidtrace.web.evidence import PRESENTERS, EvidenceView, text
from aidtrace.web.users import User
from aidtrace.workspace import Workspace

TEMPLATE = "evidence/records.html"
# What the record tables already show: left out of the plain facts below them.
SHOWN = {"cluster", "pairs", "pair", "records", "fields", "indicators", "screening_hits"}
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


def _staff_records(evidence: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    records: dict[str, dict[str, str]] = {}
    for row in evidence.get("records") or []:
        if isinstance(row, Mapping):
            record_id = f"staff:{row.get('staff_id')}" if "staff_id" in row else str(len(records))
            records[record_id] = {
                str(k).replace("_", " "): text(v) for k, v in row.items() if k != "staff_id"
            }
    return records


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
    records = _pair_records(pairs) if pairs else _staff_records(evidence)
    for member in evidence.get("cluster") or []:
        records.setdefault(str(member), {})
    comparisons = [_comparison(f"{p.get('a')} ↔ {p.get('b')}", p) for p in pairs]
    if not pairs and isinstance(evidence.get("fields"), Mapping):
        comparisons = [_comparison("the records", evidence)]
    return {
        "records": records,
        "record_fields": list(dict.fromkeys(f for r in records.values() for f in r)),
        "comparisons": comparisons,
        "compare_fields": list(dict.fromkeys(f for c in comparisons for f in c["fields"])),
        "indicators": _indicators(evidence),
    }


def present_records(ws: Workspace, user: User, alert: dict[str, Any]) -> EvidenceView:
    evidence = dict(alert.get("evidence") or {})
    facts = [(str(k).replace("_", " "), text(v)) for k, v in sorted(evidence.items())
             if k not in SHOWN]  # fmt: skip
    return EvidenceView(TEMPLATE, facts, records_detail(evidence))


KINDS = (
    "duplicate_person", "possible_duplicate", "repeated_member", "payroll_duplicate",
    "payroll_ghost", "ghost_household", "ghost_beneficiary", "age_heaping",
)  # fmt: skip
for _kind in KINDS:
    PRESENTERS[_kind] = present_records
