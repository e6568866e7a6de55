"""Linkage results as alerts that explain themselves: one alert per family registered twice.

The unit an officer verifies is a household, not a pair of people: a family registered a second
time links its head, spouse and children one by one, and all of those links are one finding. So
the auto-linked pairs that join two households (a staff record counts as a household of one) are
grouped into connected groups, and each group becomes one ``duplicate_person`` alert holding
every linked pair, strongest first, and the records side by side. One household listing one
person twice becomes one ``repeated_member`` alert per household (padding, not double
registration). Pairs in the clerical-review band are never alerts of their own: the model itself
expects most of them to be wrong (see ``docs/methods/detection-thresholds.md``); those that touch
an alerted group are shown in its evidence.

A group is raised only when its link can be checked: at least one of its pairs (linked, or in
the review band between the same households) has a tazkira or a phone number recorded on both
sides. Names, birth year and place alone cannot tell a family
registered twice from a namesake family or a roster copied from a real household (a ghost
indicator, reported by the ghosts monitor). A group holding someone with a sanctions hit says so:
the listed person may be drawing aid under a second identity.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from aidtrace.alerts.evidence import LinkedRecordsEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.integrity.clusters import connected_components
from aidtrace.integrity.linkage import Band, Bands, LinkageResult, Model

Row = Mapping[str, Any]
# The comparisons that check an identity rather than a name: a link none of them could test
# rests on names, birth year and place alone.
IDENTIFIERS = ("tazkira", "phone")


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


def agreement(row: Row, labels: Mapping[str, list[str]]) -> dict[str, str]:
    """Each comparison's outcome for one pair, in words ('not recorded' for nulls)."""
    out = {}
    for name, names in labels.items():
        gamma = row.get(f"gamma_{name}")
        if gamma is None or gamma < 0:
            out[name] = "not recorded"
        else:
            out[name] = names[gamma]
    return out


def checkable(row: Row) -> bool:
    """Whether a tazkira or phone number was recorded on both sides of the pair (agreeing or
    not: the model has weighed what it says). Within one household only the tazkira counts:
    the household shares its phone."""
    names = ("tazkira",) if row.get("same_household") else IDENTIFIERS
    gammas = (row.get(f"gamma_{name}") for name in names)
    return any(g is not None and g >= 0 for g in gammas)


def unit(row: Row, side: str) -> str:
    """What one side of a pair belongs to: its household, or itself for a record without one
    (a staff record's "household" is its employer, which is not a family)."""
    household = row.get(f"household_id_{side}")
    if row.get(f"kind_{side}") == "beneficiary" and household:
        return f"household:{household}"
    return str(row[f"person_id_{side}"])


def _pair(row: Row, labels: Mapping[str, list[str]]) -> dict[str, object]:
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


def _record(row: Row, side: str) -> dict[str, object]:
    return {
        "person_id": row[f"person_id_{side}"],
        "kind": row.get(f"kind_{side}"),
        "household_id": row.get(f"household_id_{side}"),
        "list_id": row.get(f"list_id_{side}"),
        "agency": row.get(f"agency_{side}"),
    }


@dataclass(frozen=True)
class Group:
    """Linked pairs that make one finding: the auto-links joining some households (or one
    household's repeated member), and the review-band pairs among the same households."""

    links: tuple[Row, ...]
    review: tuple[Row, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(sorted({str(r[f"person_id_{s}"]) for r in self.links for s in "lr"}))

    @property
    def probability(self) -> float:
        return max(float(r["match_probability"]) for r in self.links)

    def raised(self) -> bool:
        # A review-band pair between the same households counts: the model weighed its tazkira
        # or phone too (a head whose phone changed scores under the links of the children).
        return any(checkable(r) for r in (*self.links, *self.review))


def _strongest_first(rows: Sequence[Row]) -> tuple[Row, ...]:
    return tuple(sorted(rows, key=lambda r: (-float(r["match_probability"]), r["person_id_l"])))


def family_groups(rows: Sequence[Row]) -> list[Group]:
    """Auto-links across households, grouped by the households they join."""
    links = [r for r in rows if r["band"] == Band.AUTO_LINK.value and not r["same_household"]]
    components = connected_components((unit(r, "l"), unit(r, "r")) for r in links)
    group_of = dict(
        zip(
            components.column("person_id").to_pylist(),
            components.column("cluster_id").to_pylist(),
            strict=True,
        )
    )
    by_group: dict[str, list[Row]] = {}
    for row in links:
        by_group.setdefault(group_of[unit(row, "l")], []).append(row)
    review: dict[str, list[Row]] = {}
    for row in rows:
        if row["band"] != Band.REVIEW.value:
            continue
        left, right = group_of.get(unit(row, "l")), group_of.get(unit(row, "r"))
        if left is not None and left == right:
            review.setdefault(left, []).append(row)
    return [
        Group(_strongest_first(by_group[g]), _strongest_first(review.get(g, [])))
        for g in sorted(by_group)
    ]


def repeated_groups(rows: Sequence[Row]) -> list[Group]:
    """Auto-links within one household, one group per household."""
    by_household: dict[str, list[Row]] = {}
    for row in rows:
        if row["band"] == Band.AUTO_LINK.value and row["same_household"]:
            by_household.setdefault(str(row["household_id_l"]), []).append(row)
    return [Group(_strongest_first(by_household[h])) for h in sorted(by_household)]


def _records(links: Sequence[Row]) -> list[dict[str, object]]:
    seen: dict[str, dict[str, object]] = {}
    for row in links:
        for side in "lr":
            seen.setdefault(str(row[f"person_id_{side}"]), _record(row, side))
    return [seen[m] for m in sorted(seen)]


def _households(records: Sequence[Mapping[str, object]]) -> list[str]:
    found = {str(r["household_id"]) for r in records if r["kind"] == "beneficiary"}
    return sorted(h for h in found if h and h != "None")


def cutoff(bands: Bands) -> dict[str, object]:
    """The auto-link cut-off an alert's links passed, and how it was set."""
    within = bands.auto_link if bands.within_household is None else bands.within_household
    return {
        "auto_link": round(bands.auto_link, 6),
        "auto_link_within_household": round(within, 6),
        "set": bands.source,
        "expected_wrong_links": bands.link_error,
    }


def _evidence(
    group: Group, labels: Mapping[str, list[str]], model_id: str, bands: Bands
) -> LinkedRecordsEvidence:
    records = _records(group.links)
    return {
        "cluster": list(group.members),
        "households": _households(records),
        "records": records,
        "pairs": [_pair(r, labels) for r in group.links],
        "review_pairs": [_pair(r, labels) for r in group.review],
        "model_id": model_id,
        "cutoff": cutoff(bands),
    }


def _family_alert(
    group: Group,
    labels: Mapping[str, list[str]],
    screened: Set[str],
    meta: Mapping[str, str],
    bands: Bands,
) -> Alert:
    members = group.members
    evidence = _evidence(group, labels, meta["model_id"], bands)
    listed = sorted(set(members) & screened)
    evidence["screening_hits"] = listed
    agencies = sorted({str(r.get(f"agency_{s}")) for r in group.links for s in "lr"} - {"None"})
    households = evidence["households"]
    summary = f"{len(group.links)} linked pairs: {len(members)} records of the same people"
    if isinstance(households, list) and len(households) > 1:
        summary = f"{len(households)} households registered as one family; " + summary
    if len(agencies) > 1:
        summary += f" across {len(agencies)} agencies"
    if listed:
        summary += "; one of them matches a watchlist"
    return detected(
        Finder(meta["monitor"], meta["version"]),
        AlertKind.DUPLICATE_PERSON,
        subject=f"cluster:{members[0]}",
        score=group.probability,
        summary=summary,
        identity_key=",".join(members),
        severity=Severity.CRITICAL if listed else Severity.HIGH,
        evidence=evidence,
    )


def _repeated_alert(
    group: Group, labels: Mapping[str, list[str]], meta: Mapping[str, str], bands: Bands
) -> Alert:
    household = str(group.links[0]["household_id_l"])
    members = group.members
    return detected(
        Finder(meta["monitor"], meta["version"]),
        AlertKind.REPEATED_MEMBER,
        subject=f"household:{household}",
        score=group.probability,
        summary=f"household {household} lists the same person twice ({len(members)} records)",
        identity_key=",".join(members),
        severity=Severity.MEDIUM,
        evidence=_evidence(group, labels, meta["model_id"], bands),
    )


def cluster_alerts(
    result: LinkageResult,
    model: Model,
    model_id: str,
    monitor: str,
    version: str,
    screened: Set[str] = frozenset(),
) -> Iterator[Alert]:
    """Every alert of one linkage run: one per family registered twice, one per household
    repeating a member, each only when its link can be checked (``Group.raised``)."""
    labels = level_labels(model)
    meta = {"monitor": monitor, "version": version, "model_id": model_id}
    rows = result.pairs.to_pylist()
    for group in family_groups(rows):
        if group.raised():
            yield _family_alert(group, labels, screened, meta, result.bands)
    for group in repeated_groups(rows):
        if group.raised():
            yield _repeated_alert(group, labels, meta, result.bands)
