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
from aidtrace.ingest.limits import InputLimits
from aidtrace.ingest.people import ScreeningHook
from aidtrace.ingest.people_screening import screening_hook
from aidtrace.ingest.profiles import Profile, parse_pairs
from aidtrace.ingest.registry import Importer, ImportResult, all_importers, get_importer
from aidtrace.ingest.tabular import Checked, TableSpec, check_table
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
    profile: Profile | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind``, all or nothing, screening people if a list is loaded.

    ``mapping`` names the file's column for each field (``{"amount": "Montant"}``) when the
    file has no HXL hashtag row; ``profile`` adds fixed values and date orders (and a mapping
    of its own, under ``mapping``). Only tabular importers take either.
    """
    importer = get_importer(kind)
    if isinstance(importer, ScreensAtImport):
        hook = screening_hook(workspace)
        if hook is not None:
            importer = importer.with_screening(hook)
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
    """Read ``path`` as ``kind`` would be imported and return its rows and every problem;
    nothing is written. Only tabular kinds can be checked."""
    importer = get_importer(kind)
    spec = getattr(importer, "spec", None)
    if not isinstance(spec, TableSpec):
        raise InputError(
            f"{kind} files cannot be checked without importing (--check reads tabular kinds: "
            f"{', '.join(tabular_kinds())})",
            source=path,
        )
    limits = InputLimits.of(workspace.config)
    return check_table(path, spec, None, limits, _merged(mapping, profile))


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
