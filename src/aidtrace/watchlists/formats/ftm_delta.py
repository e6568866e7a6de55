"""OpenSanctions delta files: ``entities.delta.json`` ops and the ``delta.json`` version index.

Each line of a delta file is ``{"op": "ADD" | "MOD" | "DEL", "entity": {...}}``; ``ADD`` and
``MOD`` carry the whole entity, ``DEL`` only its id. The index lists versions in order, each
stored beside it as ``<version>/entities.delta.json``. Applying every version in order to an
empty list gives the same entries as a full load of the final entity file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.watchlists.formats.ftm_entity import LIST_NAME, SCHEMAS, is_party, to_entry
from aidtrace.watchlists.formats.jsonlines import objects, read_document
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.model import ListEntry

DELTA_FILE = "entities.delta.json"


class Op(StrEnum):
    ADD = "ADD"
    MOD = "MOD"
    DEL = "DEL"


def _is_index(path: Path, head: bytes = b"") -> bool:
    return b'"versions"' in (head or path.read_bytes()[:4096])


def version_files(index: Path) -> list[Path]:
    """The delta file of every version the index lists, in the index's order."""
    versions = read_document(index).get("versions")
    if not isinstance(versions, dict):
        raise InputError('delta index without a "versions" object', source=index)
    files = [index.parent / str(v) / DELTA_FILE for v in versions]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise InputError(f"delta version file missing: {missing[0]}", source=index)
    return files


def delta_ops(path: Path) -> Iterator[tuple[str, ListEntry | None]]:
    """``(entity id, entry)`` per op of one delta file; ``None`` deletes."""
    for line, row in objects(path):
        where = f"line {line}"
        op, entity = row.get("op"), row.get("entity")
        if op not in Op.__members__ or not isinstance(entity, dict) or "id" not in entity:
            raise InputError("expected {op: ADD|MOD|DEL, entity: {id…}}", source=path, record=where)
        if op == Op.DEL:
            yield str(entity["id"]), None
        elif entity.get("schema") in SCHEMAS:
            if is_party(entity):
                yield str(entity["id"]), to_entry(entity)
            else:
                yield str(entity["id"]), None  # a party no longer targeted leaves the list


class FtmDelta:
    name = "ftm_delta"
    description = "OpenSanctions delta file or delta.json version index (ADD/MOD/DEL ops)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if _is_index(path, head):
            return True
        return b'"op"' in head.split(b"\n", 1)[0]

    def members(self, path: Path) -> tuple[Path, ...]:
        return (path, *version_files(path)) if _is_index(path) else (path,)

    def header(self, path: Path) -> ListHeader:
        if not _is_index(path):
            return ListHeader(LIST_NAME)
        updated = read_document(path).get("updated_at")
        try:
            published = (
                datetime.fromisoformat(str(updated).replace("Z", "+00:00")) if updated else None
            )
        except ValueError as exc:
            raise InputError(f"updated_at {updated!r} is not a timestamp", source=path) from exc
        return ListHeader(LIST_NAME, published)

    def ops(self, path: Path) -> Iterator[tuple[str, ListEntry | None]]:
        for delta in version_files(path) if _is_index(path) else [path]:
            yield from delta_ops(delta)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        """The list that results from applying every op, in order, to an empty list."""
        entries: dict[str, ListEntry] = {}
        for entity_id, entry in self.ops(path):
            if entry is None:
                entries.pop(entity_id, None)
            else:
                entries[entity_id] = entry
        yield from entries.values()


register(FtmDelta())
