"""What a case decision tells screening.

An effective decision on a case over screening alerts ("sanctions_match") is also remembered
by screening (``screening.decisions``) per (subject, list entry, entry version): a cleared false
positive then stays away on every later import, monitor run and rescreen, until the list amends
that entry and its version changes. The alert's identity names the entry and its version
(``list:source_id:version``), so the decision is tied to the version the officer saw.
"""

from __future__ import annotations

from collections.abc import Collection

import pyarrow as pa

from aidtrace.cases.model import Outcome
from aidtrace.screening import decisions as screening
from aidtrace.screening.alerts import KIND
from aidtrace.workspace import Workspace

SCREENING_DECISION: dict[Outcome, screening.Decision] = {
    Outcome.CLEARED: screening.Decision.CLEARED,
    Outcome.CONFIRMED_DIVERSION: screening.Decision.CONFIRMED,
    Outcome.BLOCKED_PARTY: screening.Decision.CONFIRMED,
    Outcome.ESCALATE: screening.Decision.ESCALATED,
}


def entry_of(identity_key: str) -> tuple[str, str, str] | None:
    """(list, source id, entry version) from a screening alert's identity, None when it names
    no version (alerts raised before versions were recorded)."""
    list_name, _, rest = identity_key.partition(":")
    source_id, _, version = rest.rpartition(":")
    if not list_name or not source_id or not version:
        return None
    return list_name, source_id, version


def remember(
    ws: Workspace, alert_ids: Collection[str], outcome: Outcome, actor: str, case_id: str
) -> list[screening.ScreeningDecision]:
    """Record the decision for every screening alert among ``alert_ids``; returns them."""
    ws.engine.register("__case_alert_ids", pa.table({"alert_id": list(alert_ids)}))
    rows = ws.engine.query(
        "SELECT subject, identity_key FROM alerts WHERE kind = ? AND alert_id IN "
        "(SELECT alert_id FROM __case_alert_ids) ORDER BY alert_id",
        (KIND,),
    ).to_pylist()
    made = []
    for row in rows:
        entry = entry_of(str(row["identity_key"]))
        if entry is not None:
            decision = SCREENING_DECISION[outcome]
            note = f"case {case_id}"
            made.append(
                screening.ScreeningDecision(str(row["subject"]), *entry, decision, actor, note)
            )
    screening.decide(ws, made)
    return made
