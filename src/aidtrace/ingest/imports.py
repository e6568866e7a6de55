"""Import one file of a named kind — the one entry point the CLI, the web app and the demo use.

Importers of personal lists (beneficiaries, staff) can screen every person against the current
watchlists while the names are in memory, the only moment plaintext exists; this is where that
screening is asked for, and the importer connects it whenever a watchlist is loaded.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from aidtrace.errors import InputError
from aidtrace.ingest.limits import InputLimits
from aidtrace.ingest.profiles import Profile, parse_pairs
from aidtrace.ingest.registry import Importer, ImportResult, all_importers, get_importer
from aidtrace.ingest.tabular import Checked, TableSpec, check_table
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace


@runtime_checkable
class ChecksWhole(Protocol):
    def check(self, workspace: Workspace, path: Path) -> Checked:
        """Read ``path`` in full and return every problem; nothing is stored."""


@runtime_checkable
class ScreensAtImport(Protocol):
    def screened(self, workspace: Workspace) -> Importer:
        """A copy of the importer that screens each record against the workspace's current
        watchlists, or the importer itself when no watchlist is loaded."""


def import_file(
    workspace: Workspace,
    kind: str,
    path: Path,
    progress: Progress = no_progress,
    mapping: Mapping[str, str] | None = None,
    profile: Profile | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind``, all or nothing, screening people if a list is loaded.

    ``mapping`` names the file's column for each field (``{"amount": "Montant"}``) when the
    file has no HXL hashtag row; ``profile`` adds fixed values and date orders (and a mapping
    of its own, under ``mapping``). Only tabular importers take either.
    """
    importer = get_importer(kind)
    if isinstance(importer, ScreensAtImport):
        importer = importer.screened(workspace)
    profile = _merged(mapping, profile)
    if profile is None:
        return importer.load(workspace, path, progress)
    _require_tabular(importer, kind, path)
    load: Callable[..., ImportResult] = importer.load
    return load(workspace, path, progress, profile=profile)


def check_file(
    workspace: Workspace,
    kind: str,
    path: Path,
    mapping: Mapping[str, str] | None = None,
    profile: Profile | None = None,
) -> Checked:
    """Read ``path`` as ``kind`` would be imported and return every problem; nothing is
    written. Tabular kinds return the rows too; published formats (FTS, HNO, IPC, IATI) list
    every bad record (a CSV's line, a JSON file's n-th flow or feature, an IATI activity)."""
    importer = get_importer(kind)
    spec = getattr(importer, "spec", None)
    options = _merged(mapping, profile)
    if isinstance(spec, TableSpec):
        return check_table(path, spec, None, InputLimits.of(workspace.config), options)
    if options is not None:
        _require_tabular(importer, kind, path)
    if not isinstance(importer, ChecksWhole):
        raise InputError(f"{kind} files cannot be checked without importing", source=path)
    return importer.check(workspace, path)


def tabular_kinds() -> list[str]:
    """The kinds read as tables, which take a mapping, a profile and ``--check``."""
    return [
        k for k, imp in all_importers().items() if isinstance(getattr(imp, "spec", None), TableSpec)
    ]


def _merged(mapping: Mapping[str, str] | None, profile: Profile | None) -> Profile | None:
    if not mapping and profile is None:
        return None
    return Profile(mapping=dict(mapping or {})).over(profile or Profile())


def _require_tabular(importer: Importer, kind: str, path: Path) -> None:
    if "profile" not in inspect.signature(importer.load).parameters:
        raise InputError(
            f"{kind} files have a fixed format; a column mapping, fixed values or date "
            "formats do not apply",
            source=path,
        )


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["amount=Montant", "date=Jour"]`` → ``{"amount": "Montant", "date": "Jour"}``."""
    return parse_pairs(pairs, "column mapping", "FIELD=HEADER")
