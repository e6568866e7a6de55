"""``lists update``: download the official lists, then load each as a new snapshot.

Every file is fetched first, into a private temporary directory, before the store is touched:
a slow or hostile server then never holds the workspace's write lock. Each list is then loaded
all or nothing, through the same guards as ``lists load``. A list whose download, parse or
guards fail keeps its current snapshot, untouched; the others are still updated. The outcome
of every list is returned and recorded (``lists.checks``), failures included.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from aidtrace.errors import AidtraceError, NotFound
from aidtrace.ingest.memory import import_memory_limit, store_memory_limit
from aidtrace.watchlists.checks import Check, CheckStatus, record_check
from aidtrace.watchlists.download import (
    DEFAULT_POLICY,
    Clock,
    Downloaded,
    DownloadError,
    DownloadPolicy,
    download,
)
from aidtrace.watchlists.guards import SnapshotRefused
from aidtrace.watchlists.snapshots import (
    DEFAULT_RULES,
    LoadRules,
    LoadStatus,
    SnapshotResult,
    load_snapshot,
)
from aidtrace.watchlists.sources import ListSource, load_sources
from aidtrace.watchlists.store import current_snapshot
from aidtrace.workspace import Workspace

UpdateStatus = CheckStatus
_BY_LOAD = {
    LoadStatus.NEW: CheckStatus.UPDATED,
    LoadStatus.UNCHANGED: CheckStatus.UNCHANGED,
    LoadStatus.RESTORED: CheckStatus.RESTORED,
}


@dataclass(frozen=True)
class Fetched:
    """One source's files on local disk, or why they could not be fetched."""

    source: ListSource
    files: tuple[Downloaded, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class UpdateOutcome:
    source: str
    status: CheckStatus
    files: tuple[Downloaded, ...] = ()
    result: SnapshotResult | None = None
    error: str | None = None  # why the list was refused or failed; its current snapshot stands
    current: str | None = None  # the list's current snapshot after the update
    list_name: str | None = None

    @property
    def ok(self) -> bool:
        return self.status.confirms


def select_sources(
    sources: Mapping[str, ListSource], names: Iterable[str] | None
) -> list[ListSource]:
    """The named sources (default: every default source); ``NotFound`` for an unknown name."""
    if not names:
        return [s for s in sources.values() if s.default]
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise NotFound(f"unknown list source {unknown[0]!r} (known: {', '.join(sources)})")
    return [sources[n] for n in names]


def fetch_one(
    client: httpx.Client,
    source: ListSource,
    folder: Path,
    policy: DownloadPolicy,
    sleep: Callable[[float], None],
    clock: Clock,
) -> Fetched:
    """Every file of ``source`` into its own folder; a failure is returned, not raised."""
    target = folder / source.name
    target.mkdir()
    files: list[Downloaded] = []
    try:
        for filename, url in source.files:
            files.append(download(client, url, target / filename, policy, sleep, clock))
    except DownloadError as exc:
        return Fetched(source, tuple(files), str(exc))
    return Fetched(source, tuple(files))


@contextmanager
def fetched_lists(
    tmp_root: Path,
    sources: Sequence[ListSource],
    *,
    transport: httpx.BaseTransport | None = None,
    policy: DownloadPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    clock: Clock = time.monotonic,
) -> Iterator[list[Fetched]]:
    """Download every source under ``tmp_root`` (no store needed); removed again on exit."""
    tmp_root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="update-", dir=tmp_root))
    headers = {"User-Agent": "aidtrace-lists-update"}
    try:
        with httpx.Client(
            transport=transport, timeout=policy.timeout, follow_redirects=True, headers=headers
        ) as client:
            yield [fetch_one(client, s, folder, policy, sleep, clock) for s in sources]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _current_id(ws: Workspace, list_name: str) -> str | None:
    found = current_snapshot(ws, list_name)
    return found.snapshot_id if found else None


def _load_one(ws: Workspace, fetched: Fetched, rules: LoadRules) -> UpdateOutcome:
    source, files = fetched.source, fetched.files
    name = source.name
    if fetched.error is not None:
        return UpdateOutcome(
            name, CheckStatus.FAILED, files, error=fetched.error, current=_current_id(ws, name)
        )
    limit = ws.config.import_memory_limit
    try:
        # the same ceiling as `lists load` and `import`: one list never takes the whole machine
        with store_memory_limit(ws, limit), import_memory_limit(limit, files[0].path):
            result = load_snapshot(ws, files[0].path, source.format, source=source.url, rules=rules)
    except SnapshotRefused as exc:
        listed = exc.list_name or name
        return UpdateOutcome(
            name,
            CheckStatus.REFUSED,
            files,
            error="; ".join(exc.reasons),
            current=_current_id(ws, listed),
            list_name=listed,
        )
    except AidtraceError as exc:
        return UpdateOutcome(
            name, CheckStatus.FAILED, files, error=str(exc), current=_current_id(ws, name)
        )
    snap = result.snapshot
    return UpdateOutcome(
        name,
        _BY_LOAD[result.status],
        files,
        result,
        current=snap.snapshot_id,
        list_name=snap.list_name,
    )


def load_fetched(
    workspace: Workspace, fetched: Iterable[Fetched], rules: LoadRules = DEFAULT_RULES
) -> list[UpdateOutcome]:
    """Load what was fetched, list by list, and record each outcome."""
    outcomes = []
    for item in fetched:
        outcome = _load_one(workspace, item, rules)
        record_check(
            workspace,
            Check(
                workspace.clock(),
                outcome.source,
                outcome.list_name,
                outcome.status,
                outcome.current,
                outcome.error or "",
            ),
        )
        outcomes.append(outcome)
    return outcomes


def update_lists(
    workspace: Workspace,
    names: Iterable[str] | None = None,
    *,
    sources: Mapping[str, ListSource] | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: DownloadPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    rules: LoadRules = DEFAULT_RULES,
) -> list[UpdateOutcome]:
    """Update the named lists (default: every default source), each independently. (The CLI
    fetches before it opens the workspace; this does both, for library callers.)"""
    chosen = select_sources(sources if sources is not None else load_sources(workspace.path), names)
    with fetched_lists(
        workspace.tmp_dir, chosen, transport=transport, policy=policy, sleep=sleep
    ) as fetched:
        return load_fetched(workspace, fetched, rules)
