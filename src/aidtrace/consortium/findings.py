"""Reading a linkage result back: alerts on this agency's own records, and nothing else.

Only clusters holding a record of one of *this* workspace's exports count; their opaque ids are
mapped back to person ids with the export's sealed id key (``export.id_map``). Each of this
agency's records in such a cluster becomes one ``cross_agency_duplicate`` alert naming the
other agencies and their opaque ids, the match probability, and which tokens agreed. Alerts
keep their identity across re-imports of the same result, so decided ones stay decided, and are
decided in this agency's own cases like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from aidtrace import audit
from aidtrace.alerts.evidence import CrossAgencyEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.alerts.store import save_alerts
from aidtrace.consortium import export, secret
from aidtrace.consortium.resultfile import Cluster, Member, Pair, Result
from aidtrace.errors import InputError
from aidtrace.events import MonitorRun
from aidtrace.workspace import Workspace

MONITOR = "consortium"
VERSION = "1"
KIND = AlertKind.CROSS_AGENCY_DUPLICATE
TOKEN_LABELS: dict[str, str] = {
    "names_tok": "three names, exactly",
    "names_key": "three names, romanisation variants",
    "names_phon": "three names, phonetically",
    "gf_year_a": "given and father's names, birth year within one",
    "gf_year_b": "given and father's names, birth year within one",
    "gf_place": "given and father's names, same district",
    "fg_year": "father's and grandfather's names, same birth year",
    "year_tok": "birth year",
    "year_pair_a": "birth year within one",
    "year_pair_b": "birth year within one",
    "phone_tok": "phone number",
    "phone_suffix_tok": "last six digits of the phone",
    "tazkira_tok": "tazkira number",
    "tazkira_head_tok": "first half of the tazkira",
    "tazkira_tail_tok": "second half of the tazkira",
    "district_tok": "district",
    "gender_tok": "gender",
}


@dataclass(frozen=True)
class ImportOutcome:
    run_id: str
    agency: str
    clusters: int  # clusters holding at least one of this agency's records
    alerts: int
    new: int


def _ours(ws: Workspace, result: Result) -> export.ExportRecord:
    """This workspace's export in the result (the result must be of its consortium round)."""
    c = secret.load(ws, result.consortium)
    checks = {r.number: r.check for r in c.rounds}
    if checks.get(result.round) != result.check:
        raise InputError(
            f"the result is of round {result.round} of {result.consortium} "
            "with a check this workspace does not know"
        )
    for agency, export_id, _ in result.exports:
        if agency == c.agency:
            return export.recall(ws, export_id)
    raise InputError(f"the result holds no export of this agency ({c.agency})")


def _agreed(pair: Pair) -> list[str]:
    return list(dict.fromkeys(TOKEN_LABELS.get(t, t) for t in pair.agreed))


def _alert(person_id: str, mine: Member, cluster: Cluster, result: Result) -> Alert:
    pairs = [p for p in cluster.pairs if mine in (p.a, p.b)]
    others = [p.b if p.a == mine else p.a for p in pairs]
    best = max(pairs, key=lambda p: p.probability)
    agencies = sorted({o.agency for o in others})
    evidence = CrossAgencyEvidence(
        {
            "consortium": result.consortium,
            "round": result.round,
            "other_agencies": agencies,
            "other_records": [f"{o.agency}/{o.record_id}" for o in others],
            "match_probability": best.probability,
            "agreed": _agreed(best),
            "name_similarity": best.name_dice,
            "cluster_size": len(cluster.members),
            "opaque_id": mine.record_id,
        }
    )
    return detected(
        Finder(MONITOR, VERSION),
        KIND,
        subject=person_id,
        score=best.probability,
        summary=f"also registered with {', '.join(agencies)} "
        f"(consortium {result.consortium}, round {result.round})",
        identity_key=f"{result.consortium}:{result.round}:"
        + ",".join(sorted(f"{o.agency}/{o.record_id}" for o in others)),
        severity=Severity.HIGH,
        evidence=evidence,
    )


def alerts(result: Result, agency: str, ids: Mapping[str, str]) -> Iterator[Alert]:
    """One alert per record of ``agency`` in a cluster with another agency's record."""
    for cluster in result.clusters:
        for member in cluster.members:
            if member.agency != agency:
                continue
            person_id = ids.get(member.record_id)
            if person_id is None:
                continue  # removed from the register since the export
            yield _alert(person_id, member, cluster, result)


def import_result(ws: Workspace, result: Result) -> ImportOutcome:
    """Save the result's alerts on this agency's own records; the run is audit-logged."""
    record = _ours(ws, result)
    found = list(alerts(result, record.agency, export.id_map(ws, record)))
    run_id = uuid.uuid4().hex
    saved = save_alerts(ws, found, run_id)
    params = {
        "consortium": result.consortium,
        "round": result.round,
        "export_id": record.export_id,
        "clusters": len(result.clusters),
    }
    audit.record(
        ws,
        MonitorRun(
            at=ws.clock(),
            actor=MONITOR,
            run_id=run_id,
            monitor=MONITOR,
            monitor_version=VERSION,
            params=params,
            alerts_seen=saved.seen,
            alerts_new=saved.new,
        ),
    )
    clusters = sum(1 for c in result.clusters if any(m.agency == record.agency for m in c.members))
    return ImportOutcome(run_id, record.agency, clusters, saved.seen, saved.new)
