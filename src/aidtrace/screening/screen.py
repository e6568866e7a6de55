"""Screening: queries in, scored and explained hits out. The one function the CLI, the web API,
the import path and the monitor all call is ``screen_names``.
"""

from __future__ import annotations

import copyreg
import gc
import multiprocessing
import multiprocessing.pool
import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from itertools import islice
from operator import attrgetter
from typing import Any, Final

from aidtrace.names.analyze import analyse, load_tables, trade_words_demoted
from aidtrace.names.model import AnalysedName
from aidtrace.screening.conflict import EntryConflict
from aidtrace.screening.evidence import (
    Agreement,
    country_of,
    id_key,  # numbers looked up as compared
)
from aidtrace.screening.index import ScreeningIndex, is_organisation
from aidtrace.screening.parties import (
    PERSON_PARTS,
    SEARCHES,
    Kind,
    KindVocabularies,
    by_kind,
    kind_of,
    named_after_person,
    nationals,
)
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.score import (
    DEFAULT_THRESHOLD,
    DOB_CONFLICT_PENALTY,
    NAME_SHARE,
    BestName,
    Explanation,
    best_corroboration,
    best_name,
    combine,
)
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

BOUND_MARGIN: Final = 0.05
NAME_CACHE: Final = 100_000  # distinct names remembered within one batch
# Queries handed to a screening worker at a time: about a second's work. The last chunks keep
# one worker busy while the other waits, and a batch's first results print after the first.
CHUNK: Final = 1000


@dataclass(frozen=True)
class Hit:
    entry: ListEntry
    score: float
    explanation: Explanation

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.entry.list_name,
            "source_id": self.entry.source_id,
            "name": self.entry.primary_name,
            "schema": self.entry.schema.value,
            "programmes": list(self.entry.programmes),
            "score": round(self.score, 4),
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True)
class ScreeningResult:
    query: Query
    hits: tuple[Hit, ...]  # best first, at or above the threshold

    def as_dict(self) -> dict[str, object]:
        query = self.query
        return {"query": query.name, "subject": query.subject, "party": query.party.value,
                "hits": [h.as_dict() for h in self.hits]}  # fmt: skip


def screen_names(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
) -> list[ScreeningResult]:
    """Screen every query; each result keeps up to ``limit`` hits scoring ``threshold`` or more."""
    return list(iter_screen(index, queries, threshold, limit))


NameKey = tuple[str, PartyType, bool, float, float, str | None]
NameMatches = dict[NameKey, list[tuple[int, AnalysedName, BestName]]]


def iter_screen(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    cache: NameMatches | None = None,
    conflicts: bool = False,
) -> Iterator[ScreeningResult]:
    """``screen_names`` as a stream, for batches that should not sit in memory at once.

    The name comparison depends on the name only, so it is done once per distinct name in the
    batch (beneficiary lists repeat names a lot); dates and nationality are compared per query.
    ``cache`` carries the name comparisons from one call to the next (a screening worker's
    chunks); it must only ever meet the same index.

    ``conflicts``: hits that a conflicting birth date took under ``threshold`` matter too (the
    import raises a whole name chain whose birth year may be an estimate's error). A query with
    such a hit, down to ``threshold`` less ``DOB_CONFLICT_PENALTY``, has every hit down to
    there, as a screen at that lower threshold lists them; any other query its hits at
    ``threshold``. Such a hit has a name that reaches ``threshold`` once the conflict is set
    aside, so the names are searched as for ``threshold``, and only the few queries with one
    are searched again for the lower threshold (which reaches many more listed names).
    """
    entries = index.entries
    for query, scored in _scored(index, queries, threshold, limit, cache, conflicts):
        yield ScreeningResult(query, _hits(entries, scored))


# A hit as a worker sends it back: the entry by its position in the index the parent holds too,
# its score and explanation. A listed entry carries the verbatim source fragment (kilobytes of
# XML): pickled with every hit, it cost more than the hit's scoring.
Scored = tuple[tuple[int, float, Explanation], ...]


def _hits(entries: list[ListEntry], scored: Scored) -> tuple[Hit, ...]:
    return tuple(Hit(entries[position], score, why) for position, score, why in scored)


def _scored(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float,
    limit: int,
    cache: NameMatches | None,
    conflicts: bool = False,
) -> Iterator[tuple[Query, Scored]]:
    """Each query with its hits (best first, up to ``limit``) as ``Scored``, in query order
    (``conflicts``: as ``iter_screen`` says)."""
    cache = {} if cache is None else cache
    entries = index.entries
    listed = listed_identifiers(index)
    lower = threshold - DOB_CONFLICT_PENALTY
    for query in queries:
        held = bool(query.identifiers) and holds_listed(query, listed)
        if not conflicts:
            named = _named(index, query, threshold, held, cache)
            yield query, _ranked(entries, query, named, threshold, limit)
            continue
        # held: searched at a name floor of 0 whatever the threshold, so once, for the lower
        named = _named(index, query, lower if held else threshold, held, cache)
        hits = _ranked(entries, query, named, lower, limit)
        if held or not any(_conflicted(h, threshold) for h in hits):
            yield query, hits if held else tuple(h for h in hits if h[1] >= threshold)
            continue
        named = _named(index, query, lower, held, cache)
        yield query, _ranked(entries, query, named, lower, limit)


def _conflicted(hit: tuple[int, float, Explanation], threshold: float) -> bool:
    """A hit under ``threshold`` whose birth date conflicts with the listed one."""
    return hit[1] < threshold and hit[2].birth.agreement is Agreement.CONFLICT


def _named(
    index: ScreeningIndex, query: Query, threshold: float, held: bool, cache: NameMatches
) -> list[tuple[int, AnalysedName, BestName]]:
    """``_name_matches``, remembered in ``cache`` by what they depend on."""
    key = (query.name, query.party, held, best_corroboration(query), threshold, query.nationality)
    named = cache.get(key)
    if named is None:
        if len(cache) >= NAME_CACHE:
            cache.clear()
        named = cache[key] = _name_matches(index, query, threshold, held)
    return named


def _ranked(
    entries: list[ListEntry],
    query: Query,
    named: list[tuple[int, AnalysedName, BestName]],
    threshold: float,
    limit: int,
) -> Scored:
    """The name matches scored with the query's evidence: those at ``threshold`` or over, best
    first, up to ``limit``."""
    hits = []
    for position, analysed, best in named:
        score, explanation = combine(query, analysed, entries[position], best)
        if score >= threshold:
            hits.append((position, score, explanation))
    hits.sort(key=lambda h: (-h[1], entries[h[0]].list_name, entries[h[0]].source_id))
    return tuple(hits[:limit])


def screen_parallel(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    workers: int | None = None,
    chunk: int = CHUNK,
    conflicts: bool = False,
) -> Iterator[ScreeningResult]:
    """``iter_screen`` over ``workers`` processes (default: one per core), results in query order.

    The workers are forked after the index's vocabulary is built, so they share it instead of
    each loading its own; call this from a process that holds no open database connection.
    A caller screening batch after batch with the same index keeps its workers (and what they
    have come to remember) with a ``ScreeningPool``.
    """
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        yield from iter_screen(index, queries, threshold, limit, conflicts=conflicts)
        return
    with ScreeningPool(index, threshold, limit, workers, chunk, conflicts) as pool:
        yield from pool.screen(queries)


class ScreeningPool:
    """Worker processes screening against one index, kept from one call of ``screen`` to the
    next: an import's batches are screened by the same workers, whose memos (names, tokens,
    pairs) stay warm, where forking new workers for each batch began every batch cold.

    A worker weighs names with the rarity counts it was forked with. Should the index's rarity
    have changed since (a batch's names counted in after the workers started), the workers are
    forked again before the next call, so they weigh names as this process does: results are
    those of ``iter_screen`` in this process, in query order, either way. An import counts every
    batch before it screens the first, so its workers are started once.

    Close it (or use it as a context manager) when done: its workers live until then."""

    def __init__(
        self,
        index: ScreeningIndex,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
        workers: int | None = None,
        chunk: int = CHUNK,
        conflicts: bool = False,
    ) -> None:
        self.index = index
        self.threshold = threshold
        self.limit = limit
        self.workers = workers or os.cpu_count() or 1
        self.chunk = chunk
        self.conflicts = conflicts
        self.starts = 0  # how many times workers were forked (once, unless the rarity changed)
        self._pool: multiprocessing.pool.Pool | None = None
        self._weighed: RarityState | None = None  # the rarity the workers were forked with

    def __enter__(self) -> ScreeningPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def screen(self, queries: Iterable[Query]) -> Iterator[ScreeningResult]:
        """``iter_screen`` of ``queries`` over the workers, results in query order."""
        pool = self._started()
        entries = self.index.entries
        sent: deque[list[Query]] = deque()  # chunks handed out, in order, until their hits return
        done = False
        try:
            for scored in pool.imap(_screen_chunk, _chunks(queries, self.chunk, sent)):
                for query, hits in zip(sent.popleft(), scored, strict=True):
                    yield ScreeningResult(query, _hits(entries, hits))
            done = True
        finally:
            if not done:  # left early or failed: chunks may still be at work in the workers
                self.close(wait=False)

    def close(self, wait: bool = True) -> None:
        """Stop the workers (``wait``: once they have finished what they were handed)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if wait:
            pool.close()
        else:
            pool.terminate()
        pool.join()

    def _started(self) -> multiprocessing.pool.Pool:
        """The workers, forked anew when there are none yet or the rarity changed since."""
        state = rarity_state(self.index)
        if self._pool is not None and state != self._weighed:
            self.close()
        if self._pool is None:
            _prepare(self.index)
            job = (self.index, self.threshold, self.limit, self.conflicts)
            self._pool = _forked_pool(self.workers, job)
            self._weighed = state
            self.starts += 1
        return self._pool


# What a worker's weights depend on: the rarity's counts and totals
RarityState = tuple[int, int, dict[str, int]]


def rarity_state(index: ScreeningIndex) -> RarityState:
    """The index's rarity as the weights depend on it (a copy: the counts change in place)."""
    rarity = index.rarity
    return rarity.names, rarity.people, dict(rarity.counts)


def _prepare(index: ScreeningIndex) -> None:
    """Build once, before forking, what every worker would otherwise build for itself: the
    vocabularies by kind with the tables their search builds on first use, the territory names
    reading a firm's name looks up, the listed identifiers and the names by entry."""
    for vocabulary in by_kind(index).vocabularies.values():
        vocabulary.prepare()
    load_tables()
    listed_identifiers(index)
    if index.entries:
        index.names_of(0)


WorkerJob = tuple[ScreeningIndex, float, int, bool]


def _forked_pool(workers: int, job: WorkerJob) -> multiprocessing.pool.Pool:
    """``workers`` processes forked from this one to screen ``job``'s index, each with what it
    shares with this process frozen (``gc.freeze``): never garbage, so their collector need not
    walk it again in each, nor copy the pages it would touch (frozen objects are still freed
    when unreferenced).

    This process is frozen only for the fork and thawed again once the workers exist: a
    long-running process (the desk, an import of many batches) would otherwise freeze whatever
    it held at each call, garbage included, for good. A process that froze objects of its own
    keeps them frozen; its workers then freeze as they start."""
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    try:
        # a forked worker takes the job as it was at the fork (nothing is pickled)
        return multiprocessing.get_context("fork").Pool(workers, _start_worker, (job,))
    finally:
        if ours:
            gc.unfreeze()


_WORKER_JOB: WorkerJob | None = None
_WORKER_NAMES: NameMatches = {}  # a worker's name comparisons, kept from chunk to chunk
# allocations between young collections in a worker (default 700)
WORKER_GC_THRESHOLD: Final = 50_000


@contextmanager
def screening_collector() -> Iterator[None]:
    """The collector set for the body as a screening worker's (``WORKER_GC_THRESHOLD``), then
    as it was: for an import's batch screened in its own process (fewer people than start
    workers), whose memos the default threshold has the collector walk over and over. The
    threshold is the process's: for a command's main thread, not for one thread of many."""
    before = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _start_worker(job: WorkerJob) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    gc.freeze()  # what the parent left unfrozen (``_forked_pool``): it is shared all the same
    # A worker's memos grow to millions of small objects and hold no reference cycles worth
    # chasing often; the default threshold has the collector walk them about a sixth of the time.
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    _WORKER_NAMES.clear()


def _screen_chunk(queries: list[Query]) -> list[Scored]:
    """The hits of a chunk of queries, their entries by position (the queries and the index
    stay with the parent process, which holds them too)."""
    assert _WORKER_JOB is not None, "screening worker started without an index"
    index, threshold, limit, conflicts = _WORKER_JOB
    screened = _scored(index, queries, threshold, limit, _WORKER_NAMES, conflicts)
    hits = [scored for _, scored in screened]
    # what the worker has come to remember (names, tokens, pairs) lives as long as it does:
    # out of the collector's walks from now on, as the index is (frozen objects are still
    # freed when no longer referenced)
    gc.freeze()
    return hits


def _by_fields(result: Any) -> tuple[type[Any], tuple[object, ...]]:
    """A result pickled as its class and its fields. The workers send results back pickled, and
    the compiled (``aidtrace.compiled``) frozen dataclasses cannot be unpickled field by field."""
    kind = type(result)
    fields_of = _FIELDS.get(kind)
    if fields_of is None:  # looked up once per class: ``fields`` took a third of the pickling
        fields_of = _FIELDS[kind] = attrgetter(*(f.name for f in fields(result)))
    return kind, fields_of(result)


_FIELDS: dict[type[Any], attrgetter[Any]] = {}


for _sent_back in (Hit, Explanation, EntryConflict):
    copyreg.pickle(_sent_back, _by_fields)


def _chunks(queries: Iterable[Query], size: int, sent: deque[list[Query]]) -> Iterator[list[Query]]:
    it = iter(queries)
    while chunk := list(islice(it, size)):
        sent.append(chunk)
        yield chunk


def _analyses(query: Query) -> dict[bool, AnalysedName]:
    """The query read as a person's name, an organisation's, or both: an organisation's or an
    unknown party's name as a person's too when it may be one (a firm named after its owner
    meets the listed person)."""
    if query.party is PartyType.PERSON:
        return {False: analyse(query.name, False)}  # read as a firm's only for ``firms_named``
    analyses = {True: analyse(query.name, True)}
    if query.party is not PartyType.VESSEL:
        person = analyse(query.name, False)
        demoted = trade_words_demoted(person)
        # "Haji Idrees Money Exchange" names a firm by one given name: not enough to be a person;
        # nor is a name of one word (Akmad, Ltd) said to be an organisation's
        parts = sum(1 for t in demoted.tokens if t.evidence)
        unsaid = demoted is person and query.party is PartyType.ANY
        if unsaid or parts >= PERSON_PARTS:
            analyses[False] = demoted
    return analyses


def name_floor(threshold: float, corroboration: float = 1.0) -> float:
    """The lowest name score that can still end at ``threshold`` with ``corroboration``, the
    most ``combine`` can credit beside the name (``score.best_corroboration``)."""
    return (threshold - (1 - NAME_SHARE) * corroboration) / NAME_SHARE


def blocking_floor(floor: float) -> float:
    """The floor blocking prunes list names at: an entry's ``floor`` less a margin for where
    the bounds fall short (``blocking``)."""
    return max(0.0, floor - BOUND_MARGIN)


def listed_identifiers(index: ScreeningIndex) -> frozenset[str]:
    """Every identifier number ``index``'s entries hold, as ``compare_identifiers`` compares
    them; worked out once per index (and again when entries were added)."""
    return index.derived("identifiers listed", lambda: _identifiers(index))


def _identifiers(index: ScreeningIndex) -> frozenset[str]:
    return frozenset(id_key(ident.number) for entry in index.entries for ident in entry.identifiers)


def holds_listed(query: Query, listed: frozenset[str]) -> bool:
    """Whether some listed entry holds one of the query's identifier numbers."""
    return any(id_key(number) in listed for number in query.identifiers)


# A search of the listed names: the vocabularies searched, the name floor they are searched
# at, and the entries whose names it is meant for (None: every entry's).
Search = tuple[KindVocabularies, float, frozenset[int] | None]


def _searches(index: ScreeningIndex, query: Query, threshold: float, held: bool) -> list[Search]:
    """Where ``_name_matches`` looks, at which floors.

    The floor is the query's own: a name alone needs a name score of 0.75, a name with a date
    of birth or nationality that might agree a little less, an identifier a listed entry holds
    (``held``) none: a number in common lifts any name the search finds to a hit. An identifier
    no entry holds adds nothing to any score (``evidence.compare_identifiers``), so it leaves
    the floor alone: searched at 0, such a query cost a hundred times a name's search and found
    no more. Only an entry of the query's nationality can agree on it, so with a nationality
    the other entries are searched at the floor of the query's other evidence, higher, and the
    entries of its nationality apart, at its own (``parties.nationals``): an import's queries
    all carry one, and the lower floor reached many more of the list's names."""
    if held:
        return [(by_kind(index), 0.0, None)]
    floor = name_floor(threshold, best_corroboration(query))
    if not query.nationality:
        return [(by_kind(index), floor, None)]
    others = name_floor(threshold, best_corroboration(replace(query, nationality=None)))
    found = nationals(index, country_of(query.nationality))
    return [(by_kind(index), others, None), (found.kinds, floor, found.entries)]


def _name_matches(
    index: ScreeningIndex, query: Query, threshold: float, held: bool
) -> list[tuple[int, AnalysedName, BestName]]:
    """Every entry whose best name could still reach the threshold (at the floor of the
    ``_searches`` that may reach it), with that name. An entry whose reached names clear the
    floor is scored on all its names, in the index's order, so a short alias cannot hide a
    conflict its full name shows (``score.best_name``), and of two names scoring the same the
    first listed is shown, however the search met them."""
    analyses = _analyses(query)
    searches = _searches(index, query, threshold, held)
    by_entry: dict[int, list[tuple[AnalysedName, NameQuality]]] = defaultdict(list)
    reached: set[int] = set()  # a name the searches reach twice is scored once
    for kinds, floor, _ in searches:
        for org, kind in SEARCHES[query.party]:
            analysed = analyses.get(org)
            if analysed is None:
                continue
            for name_id in kinds.candidates(kind, analysed, blocking_floor(floor)):
                if name_id not in reached:
                    reached.add(name_id)
                    indexed = index.names[name_id]
                    by_entry[indexed.entry].append((indexed.name, indexed.quality))
    kinds = searches[0][0]
    firms = kinds.firms_named(analyses[False]) if query.party is PartyType.PERSON else ()
    if firms:  # a person's name meets these firms as their names are read: as a firm's
        analyses[True] = analyse(query.name, True)
    for name_id in firms:
        indexed = index.names[name_id]
        by_entry[indexed.entry].append((indexed.name, indexed.quality))
    matches = []
    for position, names in by_entry.items():
        entry = index.entries[position]
        analysed = analyses[is_organisation(entry.schema)]
        least = min(
            floor for _, floor, held_by in searches if held_by is None or position in held_by
        )
        everything = index.names_of(position)
        if len(everything) == len(names):
            names = everything  # all reached: scored in the index's order
        best = best_name(analysed, names, index.rarity)
        if best is not None and best[0] >= least and len(everything) > len(names):
            best = best_name(analysed, everything, index.rarity)
        if best is not None and best[0] >= least and _meets(query.party, entry.schema, best):
            matches.append((position, analysed, best))
    return matches


def _meets(party: PartyType, schema: EntitySchema, best: BestName) -> bool:
    """Whether a person meets this entry: a listed person, or a firm named after a person."""
    if party is not PartyType.PERSON or kind_of(schema) is Kind.PERSON:
        return True
    return named_after_person(best.listed.original, best.match)
