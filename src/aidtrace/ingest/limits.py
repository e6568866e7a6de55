"""The bounds every input is held to before and while it is parsed.

A file that breaks a bound is refused whole with one :class:`~aidtrace.errors.InputError` naming
the file, the record and the bound (and the setting that changes it); nothing is imported. The
defaults are far above anything a real ledger, beneficiary list, IATI file or official watchlist
holds, and far below what would let a small hostile file take the machine's memory or hold the
workspace locked for minutes. ``docs/safety/inputs.md`` lists them for users.

A workspace may change the programme-data bounds in ``aidtrace.toml`` (the ``input_max_*``
settings, read by :meth:`InputLimits.of`); watchlists are read with the defaults.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

from aidtrace.config import WorkspaceConfig

MIB = 1 << 20


@dataclass(frozen=True)
class InputLimits:
    """Upper bounds on one input file; each has a matching ``input_max_*`` config setting."""

    # Characters in one cell of a CSV/XLSX table, header rows included.
    cell_chars: int = 64 * 1024
    # Characters in one cell of a personal field (names, phone, ID…): no real name comes near.
    personal_chars: int = 4 * 1024
    # Bytes an XLSX workbook may inflate to, all its zip members together.
    xlsx_unzipped_mb: int = 256
    # Inflated : stored size of any XLSX member above 1 MiB (real sheets measure 5–30 : 1).
    xlsx_ratio: int = 100
    # Cells (rows × widest row) an XLSX sheet may spread over, empty ones included.
    xlsx_cells: int = 20_000_000
    # Elements open at once in an XML file (IATI and every official list nest under 10).
    xml_depth: int = 64
    # Bytes of one XML text node, attribute list or comment (official list fields are < 64 KiB).
    xml_text_bytes: int = MIB

    @classmethod
    def of(cls, config: WorkspaceConfig) -> InputLimits:
        """The workspace's bounds: its ``input_max_*`` settings, defaults for the rest."""
        return cls(**{f.name: getattr(config, f"input_max_{f.name}") for f in fields(cls)})


DEFAULT_LIMITS = InputLimits()


def too_long(what: str, length: int, limit: int, setting: str) -> str:
    """The one wording every length refusal uses."""
    return (
        f"{what} is {length:,} characters long, over the limit of {limit:,} "
        f"({setting} in aidtrace.toml)"
    )


@contextmanager
def csv_field_limit(chars: int) -> Iterator[None]:
    """Let Python's ``csv`` module read fields of at most ``chars`` characters, for a while.

    The limit is process-wide in the ``csv`` module, so it is restored on the way out; inside,
    a longer field raises ``csv.Error`` instead of being read whole.
    """
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def field_too_long(exc: csv.Error) -> bool:
    """Whether ``exc`` is the ``csv`` module refusing a field over its size limit."""
    return "field larger than field limit" in str(exc)
