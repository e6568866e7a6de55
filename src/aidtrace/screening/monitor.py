"""The screening monitor: every organisation in the workspace (its Latin and Dari/Pashto names)
against the current lists, hits already cleared for the same entry version left out.

A hit becomes an alert only when the organisation's name carries the listed name whole: every
part of it that is a name is matched, none only by a resemblance (a typo-level edit or an
initial). A business is often named after its owner ("Haji Mohammad Ismail Money Exchange"); a
listed "Sher Mohammad Mohammad Ismail" whose first names it lacks is another man. Legal forms and
trade words ("Hawala", "Company"), titles and particles the name lacks do not count.

Beneficiaries and staff are screened at import, while their names are in memory in plaintext
(they are stored encrypted); see ``aidtrace.people.screening``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aidtrace.alerts.model import Alert
from aidtrace.monitors import RunContext, register
from aidtrace.names.analyze import analyse
from aidtrace.names.model import TokenRole
from aidtrace.screening.alerts import MONITOR, VERSION, to_alerts
from aidtrace.screening.decisions import cleared, suppress_cleared
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.screen import Hit, ScreeningResult, screen_names
from aidtrace.screening.workspace_index import current_index
from aidtrace.watchlists.model import EntitySchema
from aidtrace.workspace import Workspace

ORG = PartyType.ORGANISATION


def organisation_queries(workspace: Workspace) -> Iterator[Query]:
    """One query per organisation name (Latin and original script), as an organisation's: it
    meets listed organisations, and listed people when its name is a person's."""
    if not workspace.engine.has_table("organisations"):
        return
    rows = workspace.engine.query(
        "SELECT DISTINCT org_id, name, name_fa, country FROM organisations ORDER BY org_id"
    ).to_pylist()
    for row in rows:
        for name in (row["name"], row["name_fa"]):
            if name:
                yield Query(name, f"org:{row['org_id']}", nationality=row["country"], party=ORG)


# Ways a name part may agree without being the same name.
RESEMBLES = ("typo", "initial")


def carries_listed_name(hit: Hit) -> bool:
    """Whether every name part of the listed name is matched, each by the same name."""
    name = hit.explanation.name
    if any(kind in pair.how for pair in name.pairs for kind in RESEMBLES):
        return False
    if not name.list_unmatched:
        return True
    organisation = hit.entry.schema is not EntitySchema.PERSON
    roles = {t.text: t.role for t in analyse(hit.explanation.listed_name, organisation).tokens}
    return all(
        roles.get(part, TokenRole.NAME) is not TokenRole.NAME for part in name.list_unmatched
    )


def raised(results: Iterable[ScreeningResult]) -> Iterator[ScreeningResult]:
    """The results with only the hits that ``carries_listed_name``."""
    for result in results:
        yield ScreeningResult(result.query, tuple(h for h in result.hits if carries_listed_name(h)))


class ScreeningMonitor:
    name = MONITOR
    version = VERSION
    description = "Parties screened against the watchlists (Latin and Perso-Arabic script)"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        ws = ctx.workspace
        index = current_index(ws, ctx.progress)
        results = raised(screen_names(index, organisation_queries(ws)))
        return list(to_alerts(suppress_cleared(results, cleared(ws)), index.snapshot))


register(ScreeningMonitor())
