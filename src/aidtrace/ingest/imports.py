"""Import one file of a named kind — the one entry point the CLI, the web app and the demo use.

Importers of personal lists (beneficiaries, staff) can screen every person against the current
watchlists while the names are in memory, the only moment plaintext exists; this is where that
screening is connected, whenever a watchlist is loaded.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from aidtrace.errors import InputError
from aidtrace.ingest.people import ScreeningHook
from aidtrace.ingest.people_screening import screening_hook
from aidtrace.ingest.registry import Importer, ImportResult, get_importer
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace


@runtime_checkable
class ScreensAtImport(Protocol):
    def with_screening(self, screen: ScreeningHook) -> Importer:
        """A copy of the importer that screens each record with ``screen``."""


def import_file(
    workspace: Workspace,
    kind: str,
    path: Path,
    progress: Progress = no_progress,
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind``, all or nothing, screening people if a list is loaded.

    ``mapping`` names the file's column for each field (``{"amount": "Montant"}``) when the
    file has no HXL hashtag row; only tabular importers take one.
    """
    importer = get_importer(kind)
    if isinstance(importer, ScreensAtImport):
        hook = screening_hook(workspace)
        if hook is not None:
            importer = importer.with_screening(hook)
    if not mapping:
        return importer.load(workspace, path, progress)
    if "mapping" not in inspect.signature(importer.load).parameters:
        raise InputError(
            f"{kind} files have a fixed format; a column mapping does not apply", source=path
        )
    load: Callable[..., ImportResult] = importer.load
    return load(workspace, path, progress, mapping=mapping)


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["amount=Montant", "date=Jour"]`` → ``{"amount": "Montant", "date": "Jour"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise InputError(f"column mapping {pair!r} is not FIELD=HEADER")
        mapping[field.strip()] = header.strip()
    return mapping
