"""What every XML list format shares, so a format module holds only what its schema says.

An official XML list is one file per publication, recognised by a few bytes near its top, read one
party at a time (safely: ``aidtrace.ingest.xmlsafe`` refuses DTDs, deep nesting and huge text)
and turned into one normalised entry per party. A format names its root and record tags and the
bytes that mark its files, says how its header and its records read, and inherits the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import records
from aidtrace.watchlists.formats.registry import ListHeader
from aidtrace.watchlists.model import ListEntry


class XmlListFormat(ABC):
    """A list published as one XML file whose ``record_tags`` elements are one party each."""

    name: str
    description: str
    roots: tuple[str, ...]  # the tags the root element may have
    record_tags: tuple[str, ...]
    markers: tuple[bytes, ...]  # every file of the format holds all of these in its head

    def sniff(self, path: Path, head: bytes) -> bool:
        return all(marker in head for marker in self.markers)

    def members(self, path: Path) -> tuple[Path, ...]:
        return (path,)

    @abstractmethod
    def header(self, path: Path) -> ListHeader:
        """The publication's list name and publish date."""

    @abstractmethod
    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        """The entry of one record; ``InputError`` naming the record when it cannot be read."""

    def parse(self, path: Path) -> Iterator[ListEntry]:
        for elem in records(path, self.roots, self.record_tags):
            yield self.entry(elem, path)

    def first(self, path: Path, tag: str) -> ET.Element | None:
        """The first ``tag`` element under the root (a header element before the records)."""
        return next(records(path, self.roots, (tag,)), None)


def timestamp(
    value: str, path: Path, field: str, pattern: str | None = None, *, expected: str = ""
) -> datetime | None:
    """``value`` read as ISO 8601 (or with ``pattern``); None when empty, ``InputError`` when not
    a timestamp."""
    if not value:
        return None
    try:
        if pattern is None:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        return datetime.strptime(value, pattern)
    except ValueError as exc:
        message = f"{field} {value!r} is not {expected or 'a timestamp'}"
        raise InputError(message, source=path) from exc
