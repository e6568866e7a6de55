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


def _default(name: str) -> int:
    """The default of the ``input_max_<name>`` setting: each bound is written once, there."""
    return int(WorkspaceConfig.model_fields[f"input_max_{name}"].default)


@dataclass(frozen=True)
class InputLimits:
    """Upper bounds on one input file; each has a matching ``input_max_*`` config setting
    (:class:`~aidtrace.config.WorkspaceConfig` says what each bounds, and its default)."""

    cell_chars: int = _default("cell_chars")
    personal_chars: int = _default("personal_chars")
    xlsx_unzipped_mb: int = _default("xlsx_unzipped_mb")
    xlsx_ratio: int = _default("xlsx_ratio")
    xlsx_cells: int = _default("xlsx_cells")
    xml_depth: int = _default("xml_depth")
    xml_text_bytes: int = _default("xml_text_bytes")

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
