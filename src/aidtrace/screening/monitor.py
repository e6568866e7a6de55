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

A business named after its owner carries his given and father's names, seldom his
grandfather's: "Maulavi Jawid Habibullah Trading Company" for a listed Jawid Habibullah
Mohammad. Such a name, the listed chain's leading parts in order with nothing of its own but
titles and trade words (``leads_listed_person``), is raised when few organisations would carry
those names by chance: fewer than ``CHANCE_CARRIERS`` are expected among the workspace's
organisations, each part as common among them as it is among the people of the workspace's
register (``owner_namesakes``). Without a register to weigh the names, it is not raised.

Beneficiaries and staff are screened at import, while their names are in memory in plaintext
(they are stored encrypted); see ``aidtrace.people.screening``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from aidtrace.alerts.model import Alert
from aidtrace.monitors import RunContext, register
from aidtrace.names.analyze import analyse
from aidtrace.names.model import TokenRole
from aidtrace.names.rarity import PopulationCounter
from aidtrace.screening.alerts import MONITOR, VERSION, to_alerts
from aidtrace.screening.carried import same_name
from aidtrace.screening.decisions import cleared, suppress_cleared
from aidtrace.screening.population import (
    CHANCE_CARRIERS,
    LEAD_PARTS,
    Namesakes,
    matched_parts,
    orders,
)
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.screen import Hit, ScreeningResult, screen_names
from aidtrace.screening.workspace_index import current_index
from aidtrace.watchlists.model import EntitySchema
from aidtrace.workspace import Workspace

ORG = PartyType.ORGANISATION
# The registers whose people's names weigh an owner's name, the first one holding people.
REGISTERS = ("beneficiary", "staff")


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


def leads_listed_person(query: Query, hit: Hit) -> bool:
    """Whether an organisation's name carries a listed man's given and father's names (the
    first ``LEAD_PARTS`` or more parts of his chain, ``listed_chain``), each by the same name
    and in the listed order, and nothing else but titles and trade words: "Maulavi Jawid
    Habibullah Trading Company" for a listed Jawid Habibullah Mohammad, not "Jawid Habibullah
    Karim Food Supply" (another man's chain), "Habibullah Jawid Trading" (Habibullah son of
    Jawid), nor "Ghulam Rasool Trading Company" for a listed Ghulam Rasool Abdul Ghani (a given
    name of two words is one part)."""
    name = hit.explanation.name
    if hit.entry.schema is not EntitySchema.PERSON or not name.list_unmatched:
        return False
    if hit.explanation.chain_swaps:
        return False
    if not all(same_name(p) and "compound" not in p.how for p in name.pairs):
        return False
    roles = {t.text: t.role for t in analyse(query.name, True).tokens}
    if any(roles.get(part, TokenRole.NAME) is TokenRole.NAME for part in name.query_unmatched):
        return False
    chain = listed_chain(hit)
    matched = Counter(p.listed for p in name.pairs)
    leading = (
        Counter(t for part in chain[:count] for t in part) == matched
        and Counter(t for part in chain[count:] for t in part) == Counter(name.list_unmatched)
        for count in range(LEAD_PARTS, len(chain))
    )
    return any(leading) and in_listed_order(query, hit)


# The UN's labels of a name chain's parts: the given name, the father's, the grandfather's...
CHAIN_TAGS = frozenset(("first", "second", "third", "fourth"))


def listed_chain(hit: Hit) -> list[list[str]]:
    """The parts of the listed name ``hit`` matched, in order, each as its tokens, when the list
    labels them as a chain (the UN's first, second, third names); none for a name written
    whole or labelled otherwise (a given and a family name say nothing of a father)."""
    listed = hit.explanation.listed_name
    for written in hit.entry.names:
        tags = {p.tag for p in written.parts}
        if written.full == listed and written.parts and tags <= CHAIN_TAGS:
            return [[t.text for t in analyse(p.value, False).scored] for p in written.parts]
    return []


def owner_namesakes(hit: Hit, register: Namesakes, organisations: int) -> float:
    """How many of the other ``organisations`` are expected to carry ``hit``'s matched name
    parts in the listed order by chance, were each named after an owner whose names are as
    common as among the people of ``register``."""
    parts = matched_parts(hit.explanation.name)
    found = float(max(0, organisations - 1))
    for part in dict.fromkeys(parts):  # a repeated part counts once
        found *= register.share_of_people(part)
    return found / orders(parts)


def owners_register(workspace: Workspace) -> Namesakes | None:
    """The people whose names weigh an owner's: the first of ``REGISTERS`` the workspace's
    imports counted (None when none was)."""
    if not workspace.engine.has_table("screening_population_counts"):
        return None
    for kind in REGISTERS:
        register = Namesakes.of_register(workspace, kind, PopulationCounter())
        if register.people:
            return register
    return None


def organisation_count(workspace: Workspace) -> int:
    if not workspace.engine.has_table("organisations"):
        return 0
    found = workspace.engine.query("SELECT count(DISTINCT org_id) AS n FROM organisations")
    return int(found.column("n")[0].as_py())


def raised(
    results: Iterable[ScreeningResult],
    register: Namesakes | None = None,
    organisations: int = 0,
) -> Iterator[ScreeningResult]:
    """The results with only the hits that ``carries_listed_name`` in the listed order, or,
    with a ``register`` to weigh the names, that ``leads_listed_person`` and fewer than
    ``CHANCE_CARRIERS`` of the ``organisations`` would carry by chance."""
    for result in results:
        query = result.query
        kept = (
            h
            for h in result.hits
            if (carries_listed_name(h) and in_listed_order(query, h))
            or (
                register is not None
                and leads_listed_person(query, h)
                and owner_namesakes(h, register, organisations) < CHANCE_CARRIERS
            )
        )
        yield ScreeningResult(query, tuple(kept))


class ScreeningMonitor:
    name = MONITOR
    version = VERSION
    description = "Parties screened against the watchlists (Latin and Perso-Arabic script)"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        ws = ctx.workspace
        index = current_index(ws, ctx.progress)
        found = screen_names(index, organisation_queries(ws))
        results = raised(found, owners_register(ws), organisation_count(ws))
        return list(to_alerts(suppress_cleared(results, cleared(ws)), index.snapshot))


register(ScreeningMonitor())
