"""Linkage results as alerts that explain themselves: the pairs, their weights, what agreed.

A cluster becomes one ``duplicate_person`` alert; a pair in the review band becomes a
``possible_duplicate`` for a person to decide; one household listing one person twice becomes a
``repeated_member`` (padding, not double registration). A cluster holding someone with a sanctions
hit says so: the listed person may be drawing aid under a second identity.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from typing import Any

from aidtrace.alerts.model import Alert, Severity
from aidtrace.integrity.clusters import groups
from aidtrace.integrity.linkage import Band, LinkageResult, Model


def level_labels(model: Model) -> dict[str, list[str]]:
    """Comparison name → labels of its levels indexed by gamma value (Splink numbers the
    non-null levels from the bottom: the ELSE level is 0)."""
    out: dict[str, list[str]] = {}
    for comparison in model.settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        out[comparison["output_column_name"]] = [
            str(lv.get("label_for_charts", lv["sql_condition"])) for lv in reversed(levels)
        ]
    return out


def agreement(row: Mapping[str, Any], labels: Mapping[str, list[str]]) -> dict[str, str]:
    """Each comparison's outcome for one pair, in words ('not recorded' for nulls)."""
    out = {}
    for name, names in labels.items():
        gamma = row.get(f"gamma_{name}")
        if gamma is None or gamma < 0:
            out[name] = "not recorded"
        else:
            out[name] = names[gamma]
    return out


def _pair(row: Mapping[str, Any], labels: Mapping[str, list[str]]) -> dict[str, object]:
    return {
        "a": row["person_id_l"],
        "b": row["person_id_r"],
        "match_weight": round(float(row["match_weight"]), 2),
        "evidence_bits": round(float(row["evidence"]), 2),
        "match_probability": round(float(row["match_probability"]), 6),
        "band": row["band"],
        "fields": agreement(row, labels),
        "lists": [row.get("list_id_l"), row.get("list_id_r")],
        "agencies": [row.get("agency_l"), row.get("agency_r")],
    }


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _cluster_alert(
    members: tuple[str, ...],
    pairs: list[dict[str, object]],
    screened: Set[str],
    meta: Mapping[str, str],
) -> Alert:
    listed = sorted(set(members) & screened)
    best = max(float(str(p["match_probability"])) for p in pairs)
    agencies = sorted({str(a) for p in pairs for a in _list(p["agencies"]) if a})
    summary = f"{len(members)} records of one person"
    if len(agencies) > 1:
        summary += f" across {len(agencies)} agencies"
    if listed:
        summary += "; one of them matches a watchlist"
    return Alert(
        monitor=meta["monitor"],
        monitor_version=meta["version"],
        kind="duplicate_person",
        subject=f"cluster:{members[0]}",
        score=best,
        summary=summary,
        identity_key=",".join(members),
        severity=Severity.CRITICAL if listed else Severity.HIGH,
        evidence={
            "cluster": list(members),
            "pairs": pairs,
            "screening_hits": listed,
            "model_id": meta["model_id"],
        },
    )


def cluster_alerts(
    result: LinkageResult,
    model: Model,
    model_id: str,
    monitor: str,
    version: str,
    screened: Set[str] = frozenset(),
) -> Iterator[Alert]:
    """Every alert of one linkage run."""
    labels = level_labels(model)
    meta = {"monitor": monitor, "version": version, "model_id": model_id}
    rows = result.pairs.to_pylist()
    by_person: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        if row["band"] == Band.AUTO_LINK.value and not row["same_household"]:
            by_person.setdefault(row["person_id_l"], []).append(_pair(row, labels))
    for members in groups(result.clusters):
        pairs = [p for m in members for p in by_person.get(m, [])]
        yield _cluster_alert(members, pairs, screened, meta)
    for row in rows:
        yield from _pair_alert(row, labels, meta)


def _pair_alert(
    row: Mapping[str, Any], labels: Mapping[str, list[str]], meta: Mapping[str, str]
) -> Iterator[Alert]:
    if row["band"] == Band.NO_MATCH.value:
        return
    repeated = bool(row["same_household"]) and row["band"] == Band.AUTO_LINK.value
    if not repeated and row["band"] != Band.REVIEW.value:
        return
    kind = "repeated_member" if repeated else "possible_duplicate"
    pair = _pair(row, labels)
    yield Alert(
        monitor=meta["monitor"],
        monitor_version=meta["version"],
        kind=kind,
        subject=f"pair:{row['person_id_l']}|{row['person_id_r']}",
        score=float(row["match_probability"]),
        summary=(
            "one household lists the same person twice"
            if repeated
            else "two records may be one person: needs a reviewer"
        ),
        identity_key=f"{row['person_id_l']}|{row['person_id_r']}",
        severity=Severity.MEDIUM if repeated else Severity.LOW,
        evidence={"pair": pair, "model_id": meta["model_id"]},
    )
