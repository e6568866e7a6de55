"""``lists update``: download the current official lists and load each as a new snapshot.

Each list is fetched into a private temporary directory and loaded all or nothing; if its
download or its parse fails, the list's previous snapshot stays in force, untouched, and the
other lists are still updated. The outcome of every list is returned, failures included.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from aidtrace.errors import AidtraceError, NotFound
from aidtrace.lists.download import DEFAULT_POLICY, Downloaded, DownloadPolicy, download
from aidtrace.lists.snapshots import SnapshotResult, load_snapshot
from aidtrace.lists.sources import ListSource, load_sources
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class UpdateOutcome:
    source: str
    files: tuple[Downloaded, ...] = ()
    result: SnapshotResult | None = None
    error: str | None = None  # why the list was not updated; its previous snapshot stands

    @property
    def ok(self) -> bool:
        return self.error is None


def _selected(sources: Mapping[str, ListSource], names: Iterable[str] | None) -> list[ListSource]:
    if not names:
        return [s for s in sources.values() if s.default]
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise NotFound(f"unknown list source {unknown[0]!r} (known: {', '.join(sources)})")
    return [sources[n] for n in names]


def update_one(
    workspace: Workspace,
    client: httpx.Client,
    source: ListSource,
    policy: DownloadPolicy,
    sleep: Callable[[float], None],
) -> UpdateOutcome:
    folder = Path(tempfile.mkdtemp(prefix=f"update-{source.name}-", dir=workspace.tmp_dir))
    files: list[Downloaded] = []
    try:
        for filename, url in source.files:
            files.append(download(client, url, folder / filename, policy, sleep))
        result = load_snapshot(workspace, files[0].path, source.format, source=source.url)
        return UpdateOutcome(source.name, tuple(files), result)
    except AidtraceError as exc:
        return UpdateOutcome(source.name, tuple(files), error=str(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def update_lists(
    workspace: Workspace,
    names: Iterable[str] | None = None,
    *,
    sources: Mapping[str, ListSource] | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: DownloadPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> list[UpdateOutcome]:
    """Update the named lists (default: every default source), each independently."""
    chosen = _selected(sources if sources is not None else load_sources(workspace.path), names)
    workspace.tmp_dir.mkdir(exist_ok=True)
    headers = {"User-Agent": "aidtrace-lists-update"}
    with httpx.Client(
        transport=transport, timeout=policy.timeout, follow_redirects=True, headers=headers
    ) as client:
        return [update_one(workspace, client, s, policy, sleep) for s in chosen]
