"""OpenSanctions FtM entity files and delta files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.watchlists.codec import to_dict
from aidtrace.watchlists.formats import parse_file, sniff_format
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

OS = "watchlists/opensanctions"


def test_entity_files(shared_data: Path) -> None:
    t1 = list(parse_file(shared_data / OS / "yente_t1/entities.ftm.json"))
    assert len(t1) == 6  # 4 persons + 2 organisations; the Address entity is folded in
    assert sum(e.schema is EntitySchema.PERSON for e in t1) == 4
    zala = list(parse_file(shared_data / OS / "yente_zala/entities.ftm.json"))
    assert len(zala) == 14  # the targets: 8 companies and 6 persons
    person = next(e for e in zala if e.source_id == "NK-2Tbri3s6GgNtAwsSXh4qpL")
    assert person.primary_name == "Maria Aleksandrovna Osetrova"
    assert any(
        n.quality is NameQuality.ORIGINAL_SCRIPT and n.script == "Cyrillic" for n in person.names
    )
    assert person.birth_dates[0].exact
    assert person.nationalities == ("ru",)


def test_sniffing(shared_data: Path) -> None:
    assert sniff_format(shared_data / OS / "yente_t1/entities.ftm.json").name == "ftm_json"
    assert sniff_format(shared_data / OS / "yente_t2_deltas/delta.json").name == "ftm_delta"


def _replayed_by_hand(index: Path, out: Path) -> Path:
    """The final entity file, built from the deltas without aidtrace's code."""
    entities: dict[str, dict[str, object]] = {}
    for version in json.loads(index.read_text())["versions"]:
        for line in (index.parent / version / "entities.delta.json").read_text().splitlines():
            if line.strip():
                op = json.loads(line)
                if op["op"] == "DEL":
                    entities.pop(op["entity"]["id"], None)
                else:
                    entities[op["entity"]["id"]] = op["entity"]
    out.write_text("".join(json.dumps(e) + "\n" for e in entities.values()))
    return out


def _by_id(entries: list[ListEntry]) -> dict[str, dict[str, object]]:
    return {e.source_id: to_dict(e) for e in entries}


def test_deltas_in_order_equal_a_full_load(shared_data: Path, tmp_path: Path) -> None:
    index = shared_data / OS / "yente_t2_deltas/delta.json"
    full = _replayed_by_hand(index, tmp_path / "entities.ftm.json")
    from_full = _by_id(list(parse_file(full)))
    from_deltas = _by_id(list(parse_file(index)))
    assert from_deltas == from_full
    assert set(from_full) == {"NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL", "Q4365364"}
    assert from_full["NK-2T3S8Hu29ktYnKSTgQp2wL"]["names"][0]["full"] == "Foobar Foobargroup"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"op": "ADD", "entity": {"id": "x", "schema": "Person"', "not valid JSON"),
        ('{"op": "UPSERT", "entity": {"id": "x"}}', "ADD|MOD|DEL"),
        ("[1, 2]", "one JSON object per line"),
    ],
)
def test_bad_delta_lines(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "entities.delta.json"
    path.write_text('{"op": "DEL", "entity": {"id": "a"}}\n' + line + "\n")
    with pytest.raises(InputError, match=expected) as info:
        list(parse_file(path, format="ftm_delta"))
    assert info.value.record == "line 2"


def test_entity_without_schema(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{"id": "b"}\n')
    with pytest.raises(InputError, match="without an id or schema"):
        list(parse_file(path, format="ftm_json"))


def test_endless_line_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(
        '{"id": "a", "schema": "Person", "properties": {}}\n{"id": "' + "x" * (17 << 20)
    )
    with pytest.raises(InputError, match="line longer than 16777216 bytes") as info:
        list(parse_file(path, format="ftm_json"))
    assert info.value.record == "line 2"
