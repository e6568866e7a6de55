"""The saved screening index: its blocking structures load instead of being built again, a
file written by other code is built again, and writers building the same index at once never
leave a broken or mixed file."""

from __future__ import annotations

import gzip
import json
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from aidtrace.screening import Query, ScreeningIndex, build_index, parties, screen_names
from aidtrace.screening.parties import Kind, by_kind
from aidtrace.screening.persist import StaleIndex, load_index, save_index
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

# What ``Vocabulary.add_name`` derives from the names: all of it must come back as built.
DERIVED = (
    *("tokens", "ids", "keys", "holders", "name_tokens", "joined", "evidence_ids", "keyed_ids"),
    *("long_texts", "wholes", "runs", "initials", "weights", "evidence_weight"),
)


def test_kinds_load_as_built(un_index: ScreeningIndex, tmp_path: Path) -> None:
    built = by_kind(un_index)
    save_index(un_index, tmp_path / "index.json.gz")
    loaded = by_kind(load_index(tmp_path / "index.json.gz"))
    assert loaded is not built
    assert loaded.positions == built.positions
    assert loaded.firms == built.firms
    for kind in Kind:
        for name in DERIVED:
            got = getattr(loaded.vocabularies[kind], name)
            assert got == getattr(built.vocabularies[kind], name), (kind, name)


def test_a_loaded_index_screens_without_building_its_kinds(
    un_index: ScreeningIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_index(un_index, tmp_path / "index.json.gz")

    def refuse(index: ScreeningIndex) -> parties.KindVocabularies:
        raise AssertionError("the kinds were built again on load")

    monkeypatch.setattr(parties, "build_kinds", refuse)
    loaded = load_index(tmp_path / "index.json.gz")
    queries = [Query("عبدالغنی برادر"), Query("Wijijoko Santoso"), Query("Haji Sahab")]
    got = [r.as_dict() for r in screen_names(loaded, queries, 0.6)]
    monkeypatch.undo()
    assert got == [r.as_dict() for r in screen_names(un_index, queries, 0.6)]
    assert got[0]["hits"], "the loaded index finds the listed person"


def test_population_counted_after_loading_reweighs_the_loaded_kinds(
    un_index: ScreeningIndex, tmp_path: Path
) -> None:
    from aidtrace.names.analyze import analyse

    save_index(un_index, tmp_path / "index.json.gz")
    loaded = load_index(tmp_path / "index.json.gz")
    rebuilt = build_index(un_index.entries)
    people = [analyse("Abdul Ghani Mohammad"), analyse("Mohammad Gul")] * 500
    loaded.rarity.add(people)
    rebuilt.rarity.add(people)
    query = [Query("Mohammad Ghani Baradar")]
    assert screen_names(loaded, query, 0.5)[0].as_dict() == (
        screen_names(rebuilt, query, 0.5)[0].as_dict()
    )


def test_an_index_from_other_code_is_stale(un_index: ScreeningIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.json.gz"
    save_index(un_index, path)
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["code"] = "0" * 16
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    with pytest.raises(StaleIndex):
        load_index(path)


def _small_index(names: int) -> ScreeningIndex:
    entries = [
        ListEntry(
            list_name="test",
            source_id=f"T{i}",
            schema=EntitySchema.PERSON,
            names=(EntryName(f"Person{i} Khan Zazai{i}", NameQuality.STRONG),),
        )
        for i in range(names)
    ]
    return build_index(entries)


def _save_many(index: ScreeningIndex, path: Path, times: int) -> None:
    for _ in range(times):
        save_index(index, path)


def test_two_threads_saving_one_index(tmp_path: Path) -> None:
    """Before each writer had a temporary file of its own, the second writer truncated the
    first's, and one of them found its temporary file gone when renaming it."""
    path = tmp_path / "screening" / "index.json.gz"
    index = _small_index(300)
    with ThreadPoolExecutor(2) as pool:
        writers = [pool.submit(_save_many, index, path, 25) for _ in range(2)]
        for writer in writers:
            writer.result()  # raises what the writer raised
    assert len(load_index(path).names) == len(index.names)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_two_processes_saving_one_index(tmp_path: Path) -> None:
    path = tmp_path / "index.json.gz"
    index = _small_index(300)
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_save_many, args=(index, path, 25)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert [w.exitcode for w in writers] == [0, 0]
    assert len(load_index(path).names) == len(index.names)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
