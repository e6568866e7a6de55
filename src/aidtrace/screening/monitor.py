"""The screening monitor: every organisation in the workspace (its Latin and Dari/Pashto names)
against the current lists, hits already cleared for the same entry version left out.

Beneficiaries and staff are screened at import, while their names are in memory in plaintext
(they are stored encrypted); their importers call ``screen_names`` and ``to_alerts`` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aidtrace.alerts.model import Alert
from aidtrace.monitors import RunContext, register
from aidtrace.screening.alerts import MONITOR, VERSION, to_alerts
from aidtrace.screening.decisions import cleared, suppress_cleared
from aidtrace.screening.query import Query
from aidtrace.screening.screen import screen_names
from aidtrace.screening.workspace_index import current_index
from aidtrace.workspace import Workspace


def organisation_queries(workspace: Workspace) -> Iterator[Query]:
    """One query per organisation name (Latin and original script)."""
    if not workspace.engine.has_table("organisations"):
        return
    rows = workspace.engine.query(
        "SELECT DISTINCT org_id, name, name_fa, country FROM organisations ORDER BY org_id"
    ).to_pylist()
    for row in rows:
        for name in (row["name"], row["name_fa"]):
            if name:
                yield Query(name, f"org:{row['org_id']}", nationality=row["country"])


class ScreeningMonitor:
    name = MONITOR
    version = VERSION
    description = "Parties screened against the watchlists (Latin and Perso-Arabic script)"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        ws = ctx.workspace
        index = current_index(ws, ctx.progress)
        results = screen_names(index, organisation_queries(ws))
        return list(to_alerts(suppress_cleared(results, cleared(ws)), index.snapshot))


register(ScreeningMonitor())
