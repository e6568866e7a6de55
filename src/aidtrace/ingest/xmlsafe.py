"""Reading untrusted XML (official lists, IATI activity files) safely, one record at a time.

Official lists are plain XML without a DTD, so any DTD, entity declaration or external reference
is refused outright (defusedxml), which stops external-entity and entity-expansion attacks.

Two bounds hold *while* the file is parsed, so a hostile file is refused before it costs memory:
no more than ``xml_depth`` elements open at once (a record nested thousands deep would otherwise
overflow the recursion of whatever walks it), and no more than ``xml_text_bytes`` bytes read
without the parser reaching a tag (one giant text node, attribute list or comment is buffered
whole by the parser before anything sees it). Every parser failure becomes one ``InputError``
naming the file, the record and the line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from aidtrace.errors import InputError
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits

MAX_TEXT = DEFAULT_LIMITS.xml_text_bytes  # no field of any official list comes near 1 MiB
_EVENTS: tuple[Literal["start"], Literal["end"]] = ("start", "end")


def local(tag: str) -> str:
    """The tag without its ``{namespace}`` (OFAC and UK files use default namespaces)."""
    return tag.rsplit("}", 1)[-1]


class _Metered:
    """A binary file that refuses to hand the parser more than ``limit`` bytes between tags.

    The parser reads ahead in chunks and queues the events of each; the consumer calls
    :meth:`tag_seen` on every event, so the count is the bytes read since the last tag (plus at
    most one chunk), which bounds what the parser can be holding as one piece of text.
    """

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._since_tag = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._since_tag += len(data)
        if self._since_tag > self._limit:
            raise InputError(
                f"a text node, attribute list or comment exceeds {self._limit:,} bytes "
                "(more than that was read without reaching a tag)"
            )
        return data

    def tag_seen(self) -> None:
        self._since_tag = 0


def _events(
    path: Path, limits: InputLimits = DEFAULT_LIMITS, defused: bool = True
) -> Iterator[tuple[str, ET.Element]]:
    """Start and end events, bounded as the module says.

    ``defused=False`` reads with the standard library's C parser, for callers that have already
    made sure the file has no DTD (it is several times faster than defusedxml's parser).
    """
    try:
        with path.open("rb") as raw:
            source = _Metered(raw, limits.xml_text_bytes)
            parsed = (
                iterparse(source, events=_EVENTS, forbid_dtd=True)
                if defused
                else ET.iterparse(source, events=_EVENTS)
            )
            for event in parsed:
                source.tag_seen()
                yield event
    except DefusedXmlException as exc:
        raise InputError(f"hostile XML refused ({type(exc).__name__})", source=path) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"malformed XML at line {line}, column {column}: {exc}", source=path
        ) from exc
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except UnicodeError as exc:
        raise InputError(f"wrong text encoding: {exc}", source=path) from exc


def root_element(path: Path, roots: Iterable[str]) -> ET.Element:
    """The root element, with its attributes only; refuses a file whose root is not in ``roots``."""
    allowed = set(roots)
    for _, elem in _events(path):
        if local(elem.tag) not in allowed:
            raise InputError(
                f"root element <{local(elem.tag)}> is not one of {sorted(allowed)}", source=path
            )
        return elem
    raise InputError("empty XML document", source=path)


def records(
    path: Path,
    roots: Iterable[str],
    tags: Iterable[str],
    limits: InputLimits = DEFAULT_LIMITS,
    defused: bool = True,
) -> Iterator[ET.Element]:
    """Each complete element whose local name is in ``tags``; freed once the consumer moves on.

    Errors name the record by its position (the n-th record of the file).
    """
    wanted = set(tags)
    allowed = set(roots)
    stack: list[ET.Element] = []
    count = 0
    try:
        for event, elem in _events(path, limits, defused):
            if event == "start":
                if not stack and local(elem.tag) not in allowed:
                    raise InputError(
                        f"root element <{local(elem.tag)}> is not one of {sorted(allowed)}",
                        source=path,
                    )
                stack.append(elem)
                if len(stack) > limits.xml_depth:
                    raise InputError(_too_deep(limits.xml_depth))
                continue
            stack.pop()
            if elem.text is not None and len(elem.text) > limits.xml_text_bytes:
                raise InputError(
                    f"text node of <{local(elem.tag)}> exceeds {limits.xml_text_bytes} characters"
                )
            if local(elem.tag) in wanted:
                count += 1
                yield elem
                elem.clear()
                if stack:
                    stack[-1].remove(elem)
    except InputError as exc:
        if exc.record is not None:
            raise
        raise InputError(exc.message, source=path, record=count + 1) from exc


def _too_deep(depth: int) -> str:
    return f"elements nested more than {depth} deep (official lists and IATI nest under 10)"


def text(elem: ET.Element | None) -> str:
    """The element's text with whitespace collapsed; empty when absent."""
    if elem is None or elem.text is None:
        return ""
    return " ".join(elem.text.split())


def child(elem: ET.Element, name: str) -> ET.Element | None:
    for sub in elem:
        if local(sub.tag) == name:
            return sub
    return None


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [sub for sub in elem if local(sub.tag) == name]


def child_text(elem: ET.Element, name: str) -> str:
    return text(child(elem, name))


def values(elem: ET.Element, name: str, item: str = "VALUE") -> tuple[str, ...]:
    """The non-empty ``<item>`` texts under every ``<name>`` child (UN's ``<X><VALUE>`` lists)."""
    found: list[str] = []
    for sub in children(elem, name):
        found.extend(v for v in (text(x) for x in children(sub, item)) if v)
    return tuple(found)


def fragment(elem: ET.Element) -> str:
    """The record as XML text, for evidence (without the whitespace that followed it)."""
    elem.tail = None
    return ET.tostring(elem, encoding="unicode")


def descendants(elem: ET.Element, name: str) -> list[ET.Element]:
    """Every element below ``elem`` (at any depth) with this local name."""
    return [sub for sub in elem.iter() if sub is not elem and local(sub.tag) == name]


def descendant_texts(elem: ET.Element, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in (text(e) for e in descendants(elem, name)) if t))
