"""Screening at import: the people importers' hook, connected to the screening engine.

Beneficiaries and staff can only be screened here, while their names are in memory: afterwards
the store holds ciphertext and tokens alone. ``screening_hook(workspace)`` screens each person's
Latin name chain and Perso-Arabic name (with birth year and tazkira) against the current lists and
returns hits that carry ids and scores only, never the name.

A hit becomes an alert only when the person's name carries the listed name whole: every part of
the listed name is matched, by the same name (exactly, as a known romanisation or across
scripts), in at least one of the scripts the person's name was recorded in; or a tazkira number
agrees. A clean person whose given and father's names are a listed man's, whose name only
resembles the listed one part for part (Qasim / Nasim, Tahir / Zahir, or two known names that
share their consonants: Ahmad / Hamid, Hassan / Hussain; see ``aidtrace.screening.carried``),
or who lacks a part of the listed chain, is not raised on the name score alone; nor is one who
carries a two-part listed name (given and father's) but was born years before or after the
listed man (``raises``). Nor, at import, is a name that many other people of the register
(everyone of that kind the workspace holds, this import included) are expected to carry, with a
birth year in the listed range, by chance (``warrants_alert_among``): the same listed name has
more namesakes among 20,000 beneficiaries than among 3,000, so a larger register asks more of
the name before a hit is raised; a name that is the listed chain itself, in its order, has
fewer namesakes than its parts scattered over other people's chains (``expected_namesakes``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pyarrow as pa

from aidtrace.errors import MissingInput
from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import PopulationCounter, TokenRarity
from aidtrace.people.importer import NameRecord, ScreeningHit, ScreeningHook
from aidtrace.places.gazetteer import afghanistan, places_named, province_of
from aidtrace.screening.carried import same_name
from aidtrace.screening.decisions import DecisionKey, cleared, hit_key, suppress_cleared
from aidtrace.screening.evidence import Agreement
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.match import compare
from aidtrace.screening.population import (
    CHANCE_CARRIERS,
    LEAD_PARTS,
    Namesakes,
    matched_parts,
    orders,
    save_counts,
)
from aidtrace.screening.query import PartyType, Query, recorded_gender
from aidtrace.screening.score import (
    DEFAULT_THRESHOLD,
    DOB_CONFLICT_PENALTY,
    Explanation,
    score_entry,
)
from aidtrace.screening.screen import (
    Hit,
    ScreeningPool,
    ScreeningResult,
    screen_parallel,
    screening_collector,
)
from aidtrace.screening.workspace_index import people_index
from aidtrace.watchlists.model import DateInterval, EntitySchema, ListEntry
from aidtrace.workspace import Workspace

__all__ = [
    "ImportScreening",
    "ScreeningHit",
    "ScreeningHook",
    "Workers",
    "count_batch",
    "queries",
    "screen_batch",
    "screen_records",
    "screening_hook",
    "warrants_alert",
]


def carries_listed_name(explanation: Explanation) -> bool:
    """Whether every part of the listed name is matched, each by the same name."""
    name = explanation.name
    if name.list_unmatched:
        return False
    return all(same_name(pair) for pair in name.pairs)


# A name chain this long carried whole is evidence of its own (given, father's, grandfather's).
WHOLE_CHAIN = 3
# Registers estimate a birth year from a stated age, and ages heap on multiples of five; lists
# write "approximately". A year up to this many years outside the listed range can still be the
# listed man's; one further away is another man, however whole the name: sons and nephews are
# named in their fathers' chains. (Chosen on the detection benchmark's tuning seeds 1-20 only:
# every whole chain raised there with a birth year further off was a namesake.)
ESTIMATE_YEARS = 5
# The name agreement of two chains of the same names: each part exact, or written in another
# romanisation or script (those score 0.95-0.97 a part); looser parts bring it under.
SAME_NAMES = 0.95


def warrants_alert(explanation: Explanation, lead: bool = False) -> bool:
    """A hit worth an officer's time: the listed name carried whole, or its leading parts by a
    name that has nothing else (``lead``, ``leads_listed_chain``), or an ID number agreeing."""
    if explanation.identifiers.agreement is Agreement.EXACT:
        return True
    return lead or carries_listed_name(explanation)


def raises(
    score: float, explanation: Explanation, threshold: float, apart: float = 0.0, lead: bool = False
) -> bool:
    """Whether a hit becomes an alert (``apart``: how many years the person's birth year lies
    outside the listed range, ``years_apart``; ``lead``: the person's name is the listed
    chain's leading parts, ``leads_listed_chain``).

    A birth year that conflicts with the listed one (more than about two years from it, after
    the list's "approximately") rules out a short name: a given and father's name are carried by
    cousins named after one grandfather and by many unrelated men, and one born years apart is
    another man, unless an ID number agrees. A whole listed chain of three or more parts is rare
    enough to stand while the year could be an estimate's error (``ESTIMATE_YEARS``): registers
    estimate birth years from stated ages and lists give "approximately", so there the year
    ranks the hit lower but does not veto it — a whole chain carried by the same names
    (``SAME_NAMES``) is raised even when only the conflict took it under the threshold.
    Otherwise a hit at the threshold is raised when it ``warrants_alert``.
    """
    conflict = explanation.birth.agreement is Agreement.CONFLICT
    whole = carries_listed_name(explanation) and len(explanation.name.pairs) >= WHOLE_CHAIN
    if conflict and (not whole or apart > ESTIMATE_YEARS):
        return explanation.identifiers.agreement is Agreement.EXACT
    if score >= threshold:
        return warrants_alert(explanation, lead)
    same = explanation.name_score >= SAME_NAMES
    return conflict and whole and same and score + DOB_CONFLICT_PENALTY >= threshold


def leads_listed_chain(hit: Hit) -> bool:
    """Whether the person's name is a listed man's chain with its last parts left out, and
    nothing else: Zalmai Abdul Jalil for a listed Zalmai Abdul Jalil Hekmatullah.

    Registers often leave the grandfather's name blank; such a name cannot contradict the
    listed grandfather, and is weighed by how many others carry its parts in that order
    (``expected_namesakes``). It asks that:

    - every matched part is the same name (``same_name``: not a typo's or an initial's
      resemblance, nor a part of a compound: Rasheed is not Abdul Rasheed);
    - they stand in the listed order from the listed given name on, ``LEAD_PARTS`` or more;
    - the person's name has no part of its own (a grandfather's name other than the listed
      one makes a namesake);
    - the birth year agrees with the listed one (a given and father's name alone is not
      evidence enough);
    - the listed entry is a person (a man's name at the head of a company's is not the
      company), whose recorded gender does not conflict with the person's."""
    explanation, name = hit.explanation, hit.explanation.name
    if hit.entry.schema is not EntitySchema.PERSON or name.query_unmatched:
        return False
    if not name.list_unmatched or len(name.pairs) < LEAD_PARTS or explanation.chain_swaps:
        return False
    agreed = (Agreement.EXACT, Agreement.CONSISTENT)
    if (
        explanation.birth.agreement not in agreed
        or explanation.gender.agreement is Agreement.CONFLICT
    ):
        return False
    if not all(same_name(p) and "compound" not in p.how for p in name.pairs):
        return False
    listed = [t.text for t in analyse(explanation.listed_name, False).scored]
    matched = len(name.pairs)
    head, tail = Counter(listed[:matched]), Counter(listed[matched:])
    return head == Counter(p.listed for p in name.pairs) and tail == Counter(name.list_unmatched)


def child_of_listed(query: str, hit: Hit) -> bool:
    """Whether the person's own given name, the first part of ``query``, is left out of the
    match while the listed person's name is matched by the parts after it: Zarmina, daughter of
    Zahir, son of Abdul Haq, against a listed Zahir Abdul Haq. The listed chain begins with the
    listed man's own given name; a name carrying it after a given name of its own is his child's
    (or a namesake's child's), not his, unless an ID number agrees."""
    explanation = hit.explanation
    if hit.entry.schema is not EntitySchema.PERSON:
        return False
    if explanation.identifiers.agreement is Agreement.EXACT:
        return False
    ours = analyse(query, False).scored
    if not ours or not explanation.name.pairs:
        return False
    first = ours[0].text
    matched = {p.query for p in explanation.name.pairs}
    return first in explanation.name.query_unmatched and first not in matched


def years_apart(born: DateInterval | None, listed: Sequence[DateInterval]) -> float:
    """How many years ``born`` lies outside the nearest of the listed birth ranges (0 when it
    meets one, or when either side does not say)."""
    if born is None or not listed:
        return 0.0
    gaps = (
        max(
            0,
            d.start.toordinal() - born.end.toordinal(),
            born.start.toordinal() - d.end.toordinal(),
        )
        for d in listed
    )
    return min(gaps) / 365.25


def expected_namesakes(hit: Hit, namesakes: Namesakes, query: str = "", place: str = "") -> float:
    """How many other people of the register are expected to carry ``hit``'s matched name parts
    and, when the birth years agree, a birth year in the listed range, by chance; and, when the
    person is registered (``place``, a district's P-code) in the district or province the listed
    man was born in (``born_there``), to be registered there too.

    The register counts who carries each part, wherever it stands in their name. A hit that
    carries the listed chain itself (``in_listed_order``) is told apart by the order too: of the
    people carrying its parts, about one in ``orders`` carries them in that order (given,
    father's, grandfather's name), the others are Omar son of Ahmad against Ahmad son of Omar,
    or a daughter whose father and grandfather bear the listed man's given and father's names.
    ``query``: the name screened, where known (its own parts may follow the chain)."""
    parts = matched_parts(hit.explanation.name)
    agreed = hit.explanation.birth.agreement in (Agreement.EXACT, Agreement.CONSISTENT)
    born = birth_window(hit.entry.birth_dates) if agreed else None
    there = born_there(hit.entry, place)
    found = namesakes.expected(list(dict.fromkeys(parts)), born, there)  # a part counts once
    return found / orders(parts) if ordered(hit, query) else found


def born_there(entry: ListEntry, place: str) -> str:
    """The listed place of birth that ``place`` (where the person is registered: a district's
    P-code) lies in: the district itself where the list names it, else its province; "" when
    the person is registered elsewhere, or either side does not say.

    Most Taliban-list entries give a place of birth ("Panjwai District, Kandahar Province");
    a listed man registered for aid where he was born is told apart from his namesakes by that
    too, as by his birth year. Registered elsewhere, he is weighed as before: people move,
    and a place of birth is not an address."""
    if not place:
        return ""
    listed = places_named(entry.birth_places)
    found = [c for code in listed for c in (code, province_of(code)) if place.startswith(c)]
    return max(found, key=len, default="")


@lru_cache(maxsize=4096)
def registered_in(district: str) -> str:
    """A register's district as a P-code: as written when it is one the gazetteer knows, the
    P-code of the district it names otherwise ("" when it names none)."""
    district = district.strip()
    if not district:
        return ""
    gazetteer = afghanistan()
    known = gazetteer.by_code(district.upper())
    if known is not None:
        return known.pcode
    found = gazetteer.locate(district)
    return found.pcode if found is not None else ""


def ordered(hit: Hit, query: str = "") -> bool:
    """Whether ``hit`` carries listed parts as the listed chain does: the whole chain
    (``in_listed_order``) or its leading parts (``leads_listed_chain``), each by the same
    name written alike (``SAME_NAMES``), followed by nothing or by parts of the person's own
    only (``chain_first``: a family name, Popalzai, after the listed chain)."""
    explanation = hit.explanation
    if in_listed_order(explanation):
        return True
    pairs = explanation.name.pairs
    if explanation.chain_swaps or not all(p.similarity >= SAME_NAMES for p in pairs):
        return False
    if leads_listed_chain(hit):
        return True
    return carries_listed_name(explanation) and chain_first(query, explanation)


def chain_first(query: str, explanation: Explanation) -> bool:
    """Whether the parts of ``query`` the hit matched come first in it, the others after
    them (not between them, nor before: a son's name before his father's chain)."""
    if not query:
        return False
    ours = [t.text for t in analyse(query, False).scored]
    name = explanation.name
    matched = len(name.pairs)
    head, tail = Counter(ours[:matched]), Counter(ours[matched:])
    return head == Counter(p.query for p in name.pairs) and tail == Counter(name.query_unmatched)


def in_listed_order(explanation: Explanation) -> bool:
    """Whether the person's name carries the listed chain itself: every part by the same name
    (``SAME_NAMES``: exact, or another romanisation or script of it), nothing between them,
    no two parts in the opposite order."""
    same = explanation.name_score >= SAME_NAMES and explanation.chain_swaps == 0
    return same and carries_listed_name(explanation)


def birth_window(listed: Sequence[DateInterval]) -> tuple[int, int] | None:
    """The birth years an agreeing year may lie in: the listed ranges and a year either side
    (``screening.evidence.NEAR_DAYS``)."""
    if not listed:
        return None
    return min(d.start.year for d in listed) - 1, max(d.end.year for d in listed) + 1


def warrants_alert_among(hit: Hit, namesakes: Namesakes, query: str = "", place: str = "") -> bool:
    """Whether a hit stands out from the register's namesakes: an ID number agrees, or fewer
    than ``CHANCE_CARRIERS`` innocent people are expected to carry its name and birth year
    (and, registered where the listed man was born, that place). In a larger register the same
    name needs more to tell its bearer apart (a rarer part, the grandfather's name, an agreeing
    birth year, his birthplace). ``query``: the name screened; ``place``: where the person is
    registered."""
    if hit.explanation.identifiers.agreement is Agreement.EXACT:
        return True
    return expected_namesakes(hit, namesakes, query, place) < CHANCE_CARRIERS


def queries(record: NameRecord, complete: bool = True) -> Iterator[Query]:
    """One query per script the person's name was recorded in.

    The Perso-Arabic name is often shorter than the Latin chain (given and father's names
    only), so it is completed with the Latin parts it does not render: "عمر جاوید" with
    "Karim", the grandfather. Without them a short name would match a listed "عمر جاوید"
    completely and the grandfather who tells the two men apart would go unseen. The import
    path asks for the short name (``complete=False``) and completes only its hits, which is
    much cheaper than screening the longer name (``ImportScreening``).
    """
    latin = latin_chain(record)
    name_fa = completed(record.name_fa, latin) if complete else record.name_fa
    for name in (latin, lineage(record), name_fa):
        if name:
            yield person_query(record, name)


def lineage(record: NameRecord) -> str:
    """The given and father's names alone, for a record with a family name but no
    grandfather's name ("" for any other record).

    In the whole Latin chain the family name (Popalzai, a tribe's) stands where a grandfather's
    would, and against a listed chain it reads as another grandfather: a listed Zalmai Abdul
    Jalil Hekmatullah recorded as Zalmai, son of Abdul Jalil, of the Popalzai, would pass for
    his namesake. This name is screened as well, for the leading parts of a listed chain
    (``leads_listed_chain``)."""
    if record.grandfather_name or not record.family_name:
        return ""
    return " ".join(p for p in (record.given_name, record.father_name) if p)


def person_query(record: NameRecord, name: str) -> Query:
    """``name`` as a query with the person's birth year, tazkira and recorded gender."""
    born = None
    if record.birth_year is not None:
        year = record.birth_year
        born = DateInterval(date(year, 1, 1), date(year, 12, 31), str(year))
    ids = (record.tazkira,) if record.tazkira else ()
    gender = recorded_gender(record.gender)
    place = registered_in(record.district_code)
    return Query(
        name, record.person_id, born, "af", ids, party=PartyType.PERSON, gender=gender, place=place
    )


def latin_chain(record: NameRecord) -> str:
    parts = (record.given_name, record.father_name, record.grandfather_name, record.family_name)
    return " ".join(p for p in parts if p)


def completed(name_fa: str, latin: str) -> str:
    """``name_fa`` followed by the name parts of ``latin`` it has no counterpart for, when it
    is a shorter rendering of the same chain (each of its parts is in ``latin``). A
    Perso-Arabic name with parts of its own is another account of the name and stays as is."""
    if not name_fa or not latin:
        return name_fa
    fa_name, latin_name = analyse(name_fa, False), analyse(latin, False)
    match = compare(fa_name, latin_name, _NO_RARITY)
    if any(t.evidence for t in fa_name.scored if t.text in match.query_unmatched):
        return name_fa
    missing = [t.text for t in latin_name.scored if t.evidence and t.text in match.list_unmatched]
    return " ".join((name_fa, *missing))


_NO_RARITY = TokenRarity()  # which parts pair up does not depend on their weights


def screen_records(
    index: ScreeningIndex,
    records: Sequence[NameRecord],
    threshold: float = DEFAULT_THRESHOLD,
    memory: frozenset[DecisionKey] = frozenset(),
) -> Iterator[ScreeningHit]:
    """The best hit per person and list entry, over both scripts, leaving out hits an officer
    already cleared for the same version of the entry (``memory``)."""
    wanted = (q for r in records for q in queries(r))
    return screen_queries(index, wanted, threshold, memory)


# An import of at least this many people is screened by ``Workers``, a smaller one in this process
# (starting the workers costs about a second, which a few thousand names do not repay).
PARALLEL_FROM = 5_000


@dataclass(frozen=True)
class Workers:
    """How an import is screened: over ``count`` processes (None: one per core), in chunks of
    ``chunk`` queries, when it has ``start`` people or more (the whole file's, when the file is
    counted before its first batch is screened; each batch's otherwise); one process otherwise.
    The results and their order are the same either way (the workers keep the query order)."""

    count: int | None = None
    start: int = PARALLEL_FROM
    chunk: int = 5000

    def processes(self, people: int) -> int | None:
        return 1 if people < self.start else self.count


ONE_PROCESS = Workers(count=1)


def screen_queries(
    index: ScreeningIndex,
    wanted: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    memory: frozenset[DecisionKey] = frozenset(),
    completions: Completions | None = None,
    processes: int | None = 1,
    chunk: int = 5000,
    namesakes: Namesakes | None = None,
    pool: ScreeningPool | None = None,
) -> Iterator[ScreeningHit]:
    """The best hit per person and entry among those ``decided`` to be alerts; a query
    ``completions`` knows a longer form of has its hits scored again with that form.
    ``processes``: how many screen the queries (None: one per core), unless ``pool``'s workers
    (kept from an earlier batch, screening at ``threshold`` with birth-year conflicts) screen
    them. ``namesakes``: the register's counts, where it is known (``warrants_alert_among``)."""
    # Hits a birth-year conflict took under the threshold are looked at too (``raises``): for a
    # query with one, every hit down to ``floor``. No other hit under the threshold is raised,
    # so the others' names are searched as for the threshold, far fewer than for ``floor``.
    floor = threshold - DOB_CONFLICT_PENALTY
    if pool is not None:
        assert pool.threshold == threshold, "the workers screen at another threshold"
        assert pool.conflicts, "the workers leave out hits a birth-year conflict took under"
        results = pool.screen(wanted)
    else:
        results = screen_parallel(
            index, wanted, threshold, workers=processes, chunk=chunk, conflicts=True
        )
    if completions is not None:
        results = (
            completions.rescore(index, r, floor) if completions.completes(r) else r for r in results
        )
    return decided(suppress_cleared(results, memory), threshold, index.snapshot, namesakes)


def decided(
    results: Iterable[ScreeningResult],
    threshold: float = DEFAULT_THRESHOLD,
    snapshot: str | None = None,
    namesakes: Namesakes | None = None,
) -> Iterator[ScreeningHit]:
    """The best hit per person and entry among those that ``raises`` an alert and, in a
    register with namesakes, that ``warrants_alert_among`` them."""
    best: dict[tuple[str, str], ScreeningHit] = {}
    for result in results:
        for hit in result.hits:
            apart = years_apart(result.query.birth_date, hit.entry.birth_dates)
            lead = leads_listed_chain(hit)
            if not raises(hit.score, hit.explanation, threshold, apart, lead):
                continue
            if child_of_listed(result.query.name, hit):
                continue
            query = result.query
            if namesakes is not None and not warrants_alert_among(
                hit, namesakes, query.name, query.place
            ):
                continue
            found = screening_hit(query, hit, snapshot)
            key = (found.person_id, found.entry_id)
            if key not in best or best[key].score < found.score:
                best[key] = found
    yield from best.values()


def screening_hit(query: Query, hit: Hit, snapshot: str | None) -> ScreeningHit:
    """The hit as the importer stores it: ids and numbers only (``birthplace``: 1 when the
    person is registered where the listed man was born)."""
    entry_id = ":".join(hit_key(query.subject or "", hit)[1:])
    features = {
        "name": hit.explanation.name_score,
        "distinct": hit.explanation.distinctiveness,
        "birth": hit.explanation.birth.agreement.support,
    }
    if born_there(hit.entry, query.place):
        features["birthplace"] = 1.0
    return ScreeningHit(query.subject or "", entry_id, hit.score, features, snapshot)


EntryPositions = dict[tuple[str, str], int]


def entry_positions(index: ScreeningIndex) -> EntryPositions:
    """Where each entry stands in ``index.entries``, by list and id: a hit carries its entry
    (a copy of it, when a worker process screened the name), and ``ScreeningIndex.names_of``
    wants the position."""
    return {entry_key(e): position for position, e in enumerate(index.entries)}


def entry_key(entry: ListEntry) -> tuple[str, str]:
    return entry.list_name, entry.source_id


@dataclass
class Completions:
    """Hits of a short Perso-Arabic query scored again with its longer form (``completed``),
    against all of the entry's names (the entry-level conflict needs the entry's full name
    even when blocking did not reach it). Hits are few, so this is cheap; the longer form is
    found only for a query that hit (finding it compares the two names: about a millisecond a
    person, as much as screening the name, were it done for every person of a batch)."""

    positions: EntryPositions
    records: dict[tuple[str | None, str], NameRecord] = field(default_factory=dict)
    found: dict[tuple[str | None, str], Query | None] = field(default_factory=dict)

    def add(self, record: NameRecord) -> None:
        if record.name_fa:
            self.records[(record.person_id, record.name_fa)] = record

    def longer(self, query: Query) -> Query | None:
        """The longer form of ``query``, if this knows one."""
        key = (query.subject, query.name)
        if key not in self.found:
            record = self.records.get(key)
            longer = completed(record.name_fa, latin_chain(record)) if record else query.name
            self.found[key] = (
                person_query(record, longer) if record and longer != query.name else None
            )
        return self.found[key]

    def completes(self, result: ScreeningResult) -> bool:
        """Whether ``result`` has hits for a query this knows a longer form of (screening
        already scored every other hit on all of its entry's names)."""
        return bool(result.hits) and self.longer(result.query) is not None

    def rescore(
        self, index: ScreeningIndex, result: ScreeningResult, threshold: float
    ) -> ScreeningResult:
        if not result.hits:
            return result
        query = self.longer(result.query) or result.query
        analysed = analyse(query.name, False)
        hits = []
        for hit in result.hits:
            names = index.names_of(self.positions[entry_key(hit.entry)])
            scored = score_entry(query, analysed, hit.entry, names, index.rarity)
            if scored is not None and scored[0] >= threshold:
                hits.append(Hit(hit.entry, min(hit.score, scored[0]), scored[1]))
        return ScreeningResult(query, tuple(hits))


@dataclass
class ImportScreening:
    """Screening for one import: counts the people's name skeletons (every batch of the file,
    before the first is screened: ``count``), weighs names with those counts (so a name common
    among these people counts for little), screens each batch and stores the common counts for
    later screenings. Hits are weighed against the namesakes of the whole register: this
    import's people and those of the same kind that earlier imports brought into the workspace
    (``Namesakes.of_register``). Called on a batch without ``count``, it counts the batch
    first, and the register is the people seen so far."""

    workspace: Workspace
    index: ScreeningIndex
    threshold: float = DEFAULT_THRESHOLD
    memory: frozenset[DecisionKey] = frozenset()
    counter: PopulationCounter = field(default_factory=PopulationCounter)
    count_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    workers: Workers = field(default_factory=Workers)

    def __post_init__(self) -> None:
        self.positions = entry_positions(self.index)
        self.namesakes: Namesakes | None = None  # the register's, once its kind is known
        self.counted_ahead = False  # whether ``count`` saw the whole file before screening
        self.people = 0  # how many people ``count`` was handed (the file's, when counted ahead)
        # the workers screening the batches, started with the first batch screened over them and
        # kept until ``close`` (their memos stay warm from one batch to the next)
        self.pool: ScreeningPool | None = None
        # Whether the people of the kind the workspace holds are all in its stored counts, so
        # that one imported again is left out of this import's (``new_people``).
        self.recounted = False

    def count(self, records: Sequence[NameRecord]) -> None:
        """Count one batch's people into the register (before any batch of the file is
        screened, when the importer hands over the whole file first)."""
        self.counted_ahead = True
        self.people += len(records)
        self._count(records)

    def _count(self, records: Sequence[NameRecord]) -> None:
        if not records:
            return
        kind = records[0].kind
        if self.namesakes is None:  # before this import's first count is stored
            self.namesakes = Namesakes.of_register(self.workspace, kind, self.counter)
            self.recounted = self.namesakes.held.people >= held_people(self.workspace, kind)
        fresh = new_people(self.workspace, records) if self.recounted else records
        batch = count_batch(self.index, fresh)
        self.counter.counts.update(batch.counts)
        self.counter.people += batch.people
        self.namesakes.add_years(r.birth_year for r in fresh)
        self.namesakes.add_places(registered_in(r.district_code) for r in fresh)
        save_counts(
            self.workspace,
            self.count_id,
            kind,
            self.counter,
            self.namesakes.born,
            self.namesakes.places,
        )

    def __call__(self, records: Sequence[NameRecord]) -> list[ScreeningHit]:
        """Screen one batch; a batch not counted ahead is counted first (the register is then
        the people seen so far)."""
        if not records:
            return []
        if not self.counted_ahead:
            self._count(records)
        pool = self._pool(len(records))
        # screened in this process: with a worker's collector, not one walking the memos
        with nullcontext() if pool is not None else screening_collector():
            return screen_batch(
                self.index,
                self.positions,
                records,
                self.threshold,
                self.memory,
                self.workers,
                self.namesakes,
                pool,
            )

    def _pool(self, people: int) -> ScreeningPool | None:
        """The workers for a batch of ``people``: those started for an earlier batch, or new
        ones when the import is large enough (the whole file's people, when counted ahead; the
        batch's otherwise); None to screen the batch in this process."""
        if self.pool is None:
            processes = self.workers.processes(self.people if self.counted_ahead else people)
            if processes == 1:
                return None
            self.pool = ScreeningPool(
                self.index, self.threshold, workers=processes, chunk=self.workers.chunk,
                conflicts=True,
            )  # fmt: skip
        return self.pool

    def close(self) -> None:
        """Stop the workers, once the import's last batch is screened."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def held_people(workspace: Workspace, kind: str) -> int:
    """How many people of ``kind`` the workspace holds (earlier imports, each person once)."""
    found = workspace.engine.query("SELECT count(*) AS n FROM people WHERE kind = ?", (kind,))
    return int(found.column("n")[0].as_py())


def new_people(workspace: Workspace, records: Sequence[NameRecord]) -> list[NameRecord]:
    """The people of ``records`` the workspace does not hold yet.

    A person imported again (a register sent anew with this month's changes) is in the stored
    counts already: counted again, everyone on both lists would be his own namesake. Only the
    people held when the stored counts already cover everyone held are left out
    (``ImportScreening.recounted``): people imported while no watchlist was loaded were never
    counted, and count now."""
    engine = workspace.engine
    engine.register("__screened_people", pa.table({"person_id": [r.person_id for r in records]}))
    try:
        held = engine.query(
            "SELECT p.person_id FROM people p JOIN __screened_people s USING (person_id)"
        ).column("person_id")
    finally:
        engine.register("__screened_people", pa.table({"person_id": pa.array([], pa.string())}))
    known = {str(i) for i in held.to_pylist()}
    return [r for r in records if r.person_id not in known]


def count_batch(index: ScreeningIndex, records: Sequence[NameRecord]) -> PopulationCounter:
    """Count a batch's people into ``index``'s rarity before the batch is screened: the first
    batch of an import already knows which names are common among these people."""
    batch = PopulationCounter()
    for record in records:
        batch.add_person(analyse(q.name, False) for q in queries(record, complete=False))
    index.rarity.add_counts(batch.counts, batch.people)
    return batch


def screen_batch(
    index: ScreeningIndex,
    positions: EntryPositions,
    records: Sequence[NameRecord],
    threshold: float = DEFAULT_THRESHOLD,
    memory: frozenset[DecisionKey] = frozenset(),
    workers: Workers = ONE_PROCESS,
    namesakes: Namesakes | None = None,
    pool: ScreeningPool | None = None,
) -> list[ScreeningHit]:
    """Screen the short queries; complete only the Perso-Arabic ones that hit.

    ``pool``: workers kept from batch to batch (``ImportScreening``); without it, workers are
    started for this batch when it is large enough (``workers``). Either way they weigh names
    with the counts ``count_batch`` has added to the index's rarity, as this process does."""
    completions = Completions(positions)
    for record in records:
        completions.add(record)
    wanted = (q for r in records for q in queries(r, complete=False))
    processes = workers.processes(len(records))
    chunk = workers.chunk
    return list(
        screen_queries(
            index, wanted, threshold, memory, completions, processes, chunk, namesakes, pool
        )
    )


def screening_hook(
    workspace: Workspace, threshold: float = DEFAULT_THRESHOLD, workers: Workers | None = None
) -> ScreeningHook | None:
    """The hook for ``PeopleImporter.with_screening``; None while no watchlist is loaded.
    ``workers``: how batches are screened (default: a large batch over one process per core)."""
    try:
        index = people_index(workspace)
    except MissingInput:
        return None
    memory = cleared(workspace)
    return ImportScreening(workspace, index, threshold, memory, workers=workers or Workers())
