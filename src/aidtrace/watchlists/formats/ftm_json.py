"""OpenSanctions / FollowTheMoney entity files (``entities.ftm.json``, one entity per line).

The whole file is read first because parties are described by several entities (a Sanction or
an Address points at its Person); each target party then becomes one entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError
from aidtrace.watchlists.formats.ftm_entity import LIST_NAME, is_party, linked_by_party, to_entry
from aidtrace.watchlists.formats.jsonlines import objects
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.model import ListEntry


def first_object(head: bytes) -> dict[str, Any] | None:
    """The first line of ``head`` as a JSON object, if it is one (used for sniffing)."""
    line = head.split(b"\n", 1)[0].strip()
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def read_entities(path: Path) -> dict[str, dict[str, Any]]:
    entities: dict[str, dict[str, Any]] = {}
    for line, entity in objects(path):
        if not isinstance(entity.get("id"), str) or not isinstance(entity.get("schema"), str):
            raise InputError(
                "FtM entity without an id or schema", source=path, record=f"line {line}"
            )
        entities[entity["id"]] = entity
    return entities


class FtmJson:
    name = "ftm_json"
    description = "OpenSanctions FollowTheMoney entities (JSON lines)"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = first_object(head)
        return first is not None and "schema" in first and "id" in first

    def members(self, path: Path) -> tuple[Path, ...]:
        return (path,)

    def header(self, path: Path) -> ListHeader:
        return ListHeader(LIST_NAME)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        entities = read_entities(path)
        linked = linked_by_party(entities)
        for entity_id, entity in entities.items():
            if is_party(entity):
                yield to_entry(entity, linked.get(entity_id, ()))


register(FtmJson())
