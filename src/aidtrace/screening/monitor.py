"""The screening monitor: every organisation in the workspace (its Latin and Dari/Pashto names)
against the current lists, hits already cleared for the same entry version left out.

A hit becomes an alert only when the organisation's name carries the listed name whole: every
part of it that is a name is matched, none only by a resemblance (a typo-level edit, an initial,
or another known name of the same consonants: Mahmud / Mohammad, see
``aidtrace.screening.carried``), and a listed person's name parts stand in the listed order. A
business is often named after its owner ("Haji Mohammad Ismail Money Exchange"); a listed "Sher
Mohammad Mohammad Ismail" whose first names it lacks is another man, and so is a listed "Rafiq
Mohammad" (Rafiq son of Mohammad) for "Mohammad Rafiq Brothers". Legal forms and trade words
("Hawala", "Company"), titles and particles the name lacks do not count.

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
from aidtrace.screening.carried import same_name
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


def carries_listed_name(hit: Hit) -> bool:
    """Whether every name part of the listed name is matched, each by the same name."""
    name = hit.explanation.name
    if not all(same_name(pair) for pair in name.pairs):
        return False
    if not name.list_unmatched:
        return True
    organisation = hit.entry.schema is not EntitySchema.PERSON
    roles = {t.text: t.role for t in analyse(hit.explanation.listed_name, organisation).tokens}
    return all(
        roles.get(part, TokenRole.NAME) is not TokenRole.NAME for part in name.list_unmatched
    )


def in_listed_order(query: Query, hit: Hit) -> bool:
    """Whether the parts of a listed person's name stand in the organisation's name in the
    listed order. A name chain read the other way is another man: a shop named after Mohammad
    Rafiq is not the listed Rafiq son of Mohammad. Parts matched as a run written together are
    not placed, and count as in order."""
    if hit.entry.schema is not EntitySchema.PERSON:
        return True
    ours: list[str | None] = [t.text for t in analyse(query.name, True).scored]
    theirs: list[str | None] = [t.text for t in analyse(hit.explanation.listed_name).scored]
    placed = []
    for pair in hit.explanation.name.pairs:
        if pair.query not in ours or pair.listed not in theirs:
            return True
        placed.append((_take(theirs, pair.listed), _take(ours, pair.query)))
    positions = [mine for _, mine in sorted(placed)]
    return positions == sorted(positions)


def _take(tokens: list[str | None], text: str) -> int:
    """The position of ``text``'s first occurrence not taken yet, taken now (a name may
    repeat a part: Mohammad Zahir son of Mohammad Zahir)."""
    position = tokens.index(text)
    tokens[position] = None
    return position


def raised(results: Iterable[ScreeningResult]) -> Iterator[ScreeningResult]:
    """The results with only the hits that ``carries_listed_name`` in the listed order."""
    for result in results:
        kept = (
            h for h in result.hits if carries_listed_name(h) and in_listed_order(result.query, h)
        )
        yield ScreeningResult(result.query, tuple(kept))


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
