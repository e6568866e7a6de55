"""The registry of watchlist formats: one module per official format, each registered by name.

A format knows how to recognise its files (``sniff``), which files make up one publication
(``members``: the OFAC CSV set is four files), what the publication says about itself
(``header``: list name and publish date) and how to read its parties (``parse``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from aidtrace.errors import InputError
from aidtrace.registry import Registry
from aidtrace.watchlists.model import ListEntry

SNIFF_BYTES = 4096


@dataclass(frozen=True)
class ListHeader:
    """What a publication says about itself, read before (and without) parsing its entries."""

    list_name: str
    published: datetime | None = None
    record_count: int | None = None


class ListFormat(Protocol):
    name: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether ``path`` (whose first bytes are ``head``) looks like this format."""

    def members(self, path: Path) -> tuple[Path, ...]:
        """Every file that belongs to the publication named by ``path`` (itself first)."""

    def header(self, path: Path) -> ListHeader:
        """The publication's list name and publish date."""

    def parse(self, path: Path) -> Iterator[ListEntry]:
        """One normalised entry per listed party; ``InputError`` on anything malformed."""


@runtime_checkable
class DeltaFormat(ListFormat, Protocol):
    """A format whose files are changes to a list rather than the whole list."""

    def ops(self, path: Path) -> Iterator[tuple[str, ListEntry | None]]:
        """``(source_id, entry)`` in order; ``None`` deletes the entry."""


# Modules that register a format when imported; sniffing tries them in this order.
FORMAT_MODULES: tuple[str, ...] = (
    "aidtrace.watchlists.formats.un_xml",
    "aidtrace.watchlists.formats.ofac_csv",
    "aidtrace.watchlists.formats.ofac_xml",
    "aidtrace.watchlists.formats.ofac_advanced",
    "aidtrace.watchlists.formats.eu_xml",
    "aidtrace.watchlists.formats.uk_xml",
    "aidtrace.watchlists.formats.ofsi_csv",
    "aidtrace.watchlists.formats.ftm_delta",
    "aidtrace.watchlists.formats.ftm_json",
)


FORMATS: Registry[ListFormat] = Registry(
    "watchlist format", FORMAT_MODULES, name_of=lambda fmt: fmt.name
)
register = FORMATS.register
all_formats = FORMATS.all
get_format = FORMATS.get


def sniff_format(path: Path) -> ListFormat:
    """The format of ``path``, recognised from its name and first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=path) from exc
    for fmt in all_formats().values():
        if fmt.sniff(path, head):
            return fmt
    raise InputError(
        "not a watchlist format aidtrace recognises; name one with --format "
        f"({', '.join(all_formats())})",
        source=path,
    )


def resolve_format(path: Path, format: str | None) -> ListFormat:
    return get_format(format) if format else sniff_format(path)


def parse_file(path: Path | str, format: str | None = None) -> Iterator[ListEntry]:
    """Parse a watchlist file; the format is sniffed when not named."""
    path = Path(path)
    return resolve_format(path, format).parse(path)
