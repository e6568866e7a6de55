"""Import one file of a named kind — the one entry point the CLI, the web app and the demo use.

Importers of personal lists (beneficiaries, staff) can screen every person against the current
watchlists while the names are in memory, the only moment plaintext exists; this is where that
screening is connected, whenever a watchlist is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

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
    workspace: Workspace, kind: str, path: Path, progress: Progress = no_progress
) -> ImportResult:
    """Import ``path`` as ``kind``, all or nothing, screening people if a list is loaded."""
    importer = get_importer(kind)
    if isinstance(importer, ScreensAtImport):
        hook = screening_hook(workspace)
        if hook is not None:
            importer = importer.with_screening(hook)
    return importer.load(workspace, path, progress)
