"""What is worked out from an index (its names by kind, a nationality's entries, the identifiers
listed) is kept with it, and worked out again once entries are added: a search never meets a
listed party through tables built before the party was added."""

from __future__ import annotations

import gc
import weakref

from aidtrace.screening import ScreeningIndex, build_index
from aidtrace.screening.evidence import country_of, id_key
from aidtrace.screening.index import add_entry
from aidtrace.screening.parties import (
    KindVocabularies,
    Nationals,
    by_kind,
    nationals,
    remember_kinds,
)
from aidtrace.screening.screen import listed_identifiers
from aidtrace.watchlists.model import ListEntry


def _split(entries: list[ListEntry]) -> tuple[list[ListEntry], ListEntry]:
    """The entries but the last one holding an identifier and a nationality, and that one."""
    late = max(k for k, e in enumerate(entries) if e.identifiers and e.nationalities and e.names)
    return entries[:late], entries[late]


def test_kept_while_the_index_is_unchanged(un_index: ScreeningIndex) -> None:
    index = build_index(un_index.entries[:200])
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert index.derived("key", build) == 1
    assert index.derived("key", build) == 1
    assert index.derived("other", build) == 2  # each key its own
    assert by_kind(index) is by_kind(index)
    assert listed_identifiers(index) is listed_identifiers(index)
    assert nationals(index, "AF") is nationals(index, "AF")
    assert nationals(index, "AF") is not nationals(index, "PK")


def test_worked_out_again_when_an_entry_is_added(un_index: ScreeningIndex) -> None:
    first, late = _split(un_index.entries)
    index = build_index(first)
    country = country_of(late.nationalities[0])
    assert country is not None
    kinds, listed, found = by_kind(index), listed_identifiers(index), nationals(index, country)
    before = len(index.names)
    number = late.identifiers[0].number
    assert late.source_id not in {e.source_id for e in index.entries}

    add_entry(index, late)

    assert len(index.names) > before
    again = by_kind(index)
    assert again is not kinds
    assert sum(len(p) for p in again.positions.values()) == len(index.names)
    assert listed_identifiers(index) > listed
    assert id_key(number) in listed_identifiers(index) - listed
    assert nationals(index, country).entries == found.entries | {len(index.entries) - 1}


def test_kinds_loaded_for_other_names_are_built_again(un_index: ScreeningIndex) -> None:
    index = build_index(un_index.entries[:200])
    stale = KindVocabularies({}, {}, size=len(index.names) - 1)
    remember_kinds(index, stale)
    assert by_kind(index) is not stale
    fitting = KindVocabularies({}, {}, size=len(index.names))
    remember_kinds(index, fitting)
    assert by_kind(index) is fitting


def test_dropped_with_the_index(un_index: ScreeningIndex) -> None:
    index = build_index(un_index.entries[:200])
    kinds: weakref.ref[KindVocabularies] = weakref.ref(by_kind(index))
    found: weakref.ref[Nationals] = weakref.ref(nationals(index, "AF"))
    del index
    gc.collect()
    assert kinds() is None
    assert found() is None


def test_a_value_built_while_names_were_added_is_built_again(un_index: ScreeningIndex) -> None:
    """Kept as the index was when its build began: a value that may have missed a name added
    meanwhile (another thread) is not taken as current."""
    first, late = _split(un_index.entries)
    index = build_index(first)
    builds: list[int] = []

    def build() -> int:
        builds.append(len(index.names))
        if len(builds) == 1:
            add_entry(index, late)  # as if added while this one was being built
        return len(builds)

    assert index.derived("key", build) == 1
    assert index.derived("key", build) == 2  # built again, on every name
    assert index.derived("key", build) == 2
    assert builds[0] < builds[1] == len(index.names)
