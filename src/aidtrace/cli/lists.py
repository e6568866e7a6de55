"""``aidtrace lists``: load, show, diff, update and export watchlist snapshots."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from aidtrace.cli.app import State, app, edge, progress_bar, state
from aidtrace.cli.cases import default_actor
from aidtrace.errors import InputError, NotFound
from aidtrace.files import private_writer

# The lists library is imported inside each command: `aidtrace --help` imports none of it.
if TYPE_CHECKING:
    from rich.console import Console

    from aidtrace.watchlists.diff import ListDiff
    from aidtrace.watchlists.snapshots import LoadRules, SnapshotResult
    from aidtrace.watchlists.update import UpdateOutcome

lists_app = typer.Typer(help="Watchlists: versioned snapshots, diffs, updates, FtM export.")
app.add_typer(lists_app, name="lists")


def _summary(diff: ListDiff) -> str:
    return f"+{len(diff.added)} added, -{len(diff.removed)} removed, ~{len(diff.amended)} amended"


Force = Annotated[
    bool,
    typer.Option("--force", help="Load even a publication the guards refuse (recorded in audit)"),
]
MaxRemoved = Annotated[
    int | None,
    typer.Option(
        help="Refuse a publication removing more entries [default: lists.toml or 50]", min=0
    ),
]
MaxShare = Annotated[
    float | None,
    typer.Option(
        help="Refuse one removing more than this share of the list [default: lists.toml or 0.10]",
        min=0.0,
        max=1.0,
    ),
]
Actor = Annotated[
    str | None,
    typer.Option("--as", help="Who is acting [default: $AIDTRACE_USER or your login]"),
]


def _rules(
    workspace: Path, force: bool, max_removed: int | None, share: float | None, actor: str | None
) -> LoadRules:
    """The guards of ``lists.toml``, with any limit given on the command line instead."""
    from aidtrace.watchlists.guards import Guards, checked, load_guards
    from aidtrace.watchlists.snapshots import LoadRules

    guards = load_guards(workspace)
    guards = Guards(
        max_removed if max_removed is not None else guards.max_removed,
        share if share is not None else guards.max_removed_share,
        guards.removal_floor,
    )
    return LoadRules(checked(guards), force, actor or default_actor())


def _loaded(result: SnapshotResult) -> str:
    """One line saying what a load did to its list."""
    from aidtrace.watchlists.snapshots import LoadStatus

    snap, diff = result.snapshot, result.diff
    if result.status is LoadStatus.UNCHANGED:
        return f"already loaded as {snap.snapshot_id}, which is current: nothing to do"
    counts = f"vs {diff.old or 'nothing'}: {_summary(diff)}"
    forced = f" (forced past: {'; '.join(result.forced)})" if result.forced else ""
    if result.status is LoadStatus.RESTORED:
        return f"{snap.snapshot_id} is current again (it holds this publication); {counts}{forced}"
    return (
        f"{snap.snapshot_id} ({snap.entry_count:,} entries, published "
        f"{snap.published_at or 'unknown'}), now current; {counts}{forced}"
    )


@lists_app.command("load")
@edge
def load(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="List files, loaded in order")],
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Format name (default: sniffed)")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Where the file came from (URL)")] = None,
    list_name: Annotated[
        str | None,
        typer.Option("--list", help="Store under this list name (default: the format's own)"),
    ] = None,
    force: Force = False,
    max_removed: MaxRemoved = None,
    max_removed_share: MaxShare = None,
    actor: Actor = None,
) -> None:
    """Load list publications, each as the new current snapshot of its list.

    A publication that is empty, removes too many entries or is older than the current
    snapshot is refused unless --force; the current snapshot's own file again is a no-op."""
    from aidtrace.ingest.memory import import_memory_limit, store_memory_limit
    from aidtrace.watchlists.snapshots import load_snapshot

    st = state(ctx)
    rules = _rules(st.workspace, force, max_removed, max_removed_share, actor)
    with st.open() as ws, progress_bar(st) as report:
        limit = ws.config.import_memory_limit
        for path in files:
            with store_memory_limit(ws, limit), import_memory_limit(limit, path):
                result = load_snapshot(
                    ws, path, format, source, list_name=list_name, progress=report, rules=rules
                )
            st.console.print(f"{path}: {_loaded(result)}", soft_wrap=True)


@lists_app.command("rollback")
@edge
def rollback(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The stored snapshot to make current, e.g. un@1")],
    note: Annotated[str, typer.Option(help="Why (kept in the audit log)")] = "",
    actor: Actor = None,
) -> None:
    """Make a stored snapshot the current one of its list again (recorded in the audit log)."""
    from aidtrace.watchlists.current import rollback as rollback_to

    st = state(ctx)
    with st.open() as ws:
        done = rollback_to(ws, ref, actor or default_actor(), note)
    st.console.print(
        f"{done.snapshot.list_name}: current {done.previous.snapshot_id} → "
        f"{done.snapshot.snapshot_id} ({done.snapshot.entry_count:,} entries); "
        f"{_summary(done.diff)}",
        soft_wrap=True,
    )


@lists_app.command("show")
@edge
def show(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="A snapshot (un@2) or list (un); default: all")
    ] = None,
) -> None:
    """Show the stored snapshots, or one snapshot and the changes it brought."""
    from aidtrace.watchlists.store import get_snapshot, list_snapshots, stored_diff

    st = state(ctx)
    with st.open(read_only=True) as ws:
        if ref is None:
            table = Table(
                "snapshot", "current", "format", "entries", "published", "loaded", "sha256",
                "changes",
            )  # fmt: skip
            for s in list_snapshots(ws):
                table.add_row(
                    s.snapshot_id,
                    "current" if s.current else "",
                    s.format,
                    f"{s.entry_count:,}",
                    str(s.published_at or ""),
                    s.loaded_at.strftime("%Y-%m-%d %H:%M"),
                    s.content_sha256[:12],
                    f"+{s.added} -{s.removed} ~{s.amended}",
                )
            st.console.print(table)
            return
        snap = get_snapshot(ws, ref)
        for field, value in vars(snap).items():
            st.console.print(f"{field}: {value}", soft_wrap=True)
        _print_diff(st.console, stored_diff(ws, snap.snapshot_id), limit=20)


def _print_diff(console: Console, diff: ListDiff, limit: int | None = None) -> None:
    console.print(f"{diff.old or '(empty)'} → {diff.new}: {_summary(diff)}", soft_wrap=True)
    rows = diff.changes()
    for source_id, change, fields in rows[:limit] if limit else rows:
        suffix = f" ({', '.join(fields)})" if fields else ""
        console.print(f"  {change.value:8} {source_id}{suffix}", highlight=False, soft_wrap=True)
    if limit and len(rows) > limit:
        console.print(
            f"  … {len(rows) - limit} more (aidtrace lists diff {diff.old} {diff.new})",
            soft_wrap=True,
        )


@lists_app.command("entry")
@edge
def entry(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="A snapshot (un@2) or list (un)")],
    source_id: Annotated[str, typer.Argument(help="The list's own reference, e.g. TAi.002")],
    raw: Annotated[bool, typer.Option("--raw", help="Also print the source fragment")] = False,
) -> None:
    """One normalised entry as JSON (and, with --raw, the source fragment it came from)."""
    from aidtrace.watchlists.codec import to_dict
    from aidtrace.watchlists.store import get_snapshot, snapshot_entries

    st = state(ctx)
    with st.open(read_only=True) as ws:
        snap = get_snapshot(ws, ref)
        found = snapshot_entries(ws, snap.snapshot_id).get(source_id)
    if found is None:
        raise NotFound(f"{snap.snapshot_id} has no entry {source_id!r}")
    data = to_dict(found)
    fragment = data.pop("raw")
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    if raw:
        typer.echo(fragment)


@lists_app.command("diff")
@edge
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="Older snapshot, e.g. un@1")],
    new: Annotated[str, typer.Argument(help="Newer snapshot, e.g. un@2")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Entries added, removed and amended (with the fields that changed) between two snapshots."""
    from aidtrace.watchlists.snapshots import diff_snapshots

    st = state(ctx)
    with st.open(read_only=True) as ws:
        result = diff_snapshots(ws, old, new)
    if as_json:
        amended = [{"source_id": a.source_id, "fields": list(a.fields)} for a in result.amended]
        payload: dict[str, object] = {"old": result.old, "new": result.new}
        payload |= {"added": list(result.added), "removed": list(result.removed)}
        payload["amended"] = amended
        typer.echo(json.dumps(payload, indent=2))
        return
    _print_diff(st.console, result)


def _url_overrides(urls: list[str]) -> dict[str, str]:
    pairs = {}
    for item in urls:
        name, sep, url = item.partition("=")
        if not sep or not url:
            raise InputError(f"--url takes NAME=URL, got {item!r}")
        pairs[name] = url
    return pairs


@lists_app.command("update")
@edge
def update(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Lists to update (default: all default sources)")
    ] = None,
    url: Annotated[
        list[str] | None, typer.Option(help="Override a source's URL: NAME=URL (repeatable)")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds to connect or wait for one read", min=0.01)
    ] = 60.0,
    deadline: Annotated[
        float, typer.Option(help="Seconds one file may take in all, retries included", min=1.0)
    ] = 900.0,
    min_rate: Annotated[
        float, typer.Option(help="Abandon a transfer slower than this (bytes/s; 0: off)", min=0.0)
    ] = 1024.0,
    rate_window: Annotated[
        float, typer.Option(help="Seconds the rate is measured over", min=1.0)
    ] = 30.0,
    retries: Annotated[int, typer.Option(help="Retries of a failed download", min=0)] = 3,
    max_mb: Annotated[int, typer.Option(help="Refuse files larger than this (MiB)", min=1)] = 512,
    force: Force = False,
    max_removed: MaxRemoved = None,
    max_removed_share: MaxShare = None,
    actor: Actor = None,
) -> None:
    """Download the current official lists, then load each as a new snapshot.

    Everything is downloaded before the workspace is opened; each list succeeds or fails on
    its own, and the summary says what became of each and which snapshot is current."""
    from aidtrace.config import load_config
    from aidtrace.watchlists.download import DownloadPolicy
    from aidtrace.watchlists.sources import load_sources, with_urls
    from aidtrace.watchlists.update import fetched_lists, load_fetched, select_sources

    st = state(ctx)
    load_config(st.workspace)  # a workspace, before anything is fetched for it
    policy = DownloadPolicy(
        timeout=timeout,
        retries=retries,
        max_bytes=max_mb << 20,
        deadline=deadline,
        min_rate=min_rate,
        rate_window=rate_window,
    )
    rules = _rules(st.workspace, force, max_removed, max_removed_share, actor)
    sources = with_urls(load_sources(st.workspace), _url_overrides(url or []))
    chosen = select_sources(sources, names)
    # Downloads first: the store is opened (and locked) only once every file is on disk.
    with fetched_lists(st.workspace / "tmp", chosen, policy=policy) as fetched, st.open() as ws:
        outcomes = load_fetched(ws, fetched, rules)
    _report(st, outcomes)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(1)


def _outcome(outcome: UpdateOutcome) -> str:
    from aidtrace.watchlists.snapshots import LoadStatus

    result = outcome.result
    if result is None:
        return f"{outcome.status.value}: {outcome.error}"
    if result.status is LoadStatus.UNCHANGED:
        return "unchanged"
    if result.status is LoadStatus.RESTORED:
        return f"restored {result.snapshot.snapshot_id}; {_summary(result.diff)}"
    counts = f"{result.snapshot.entry_count:,} entries; {_summary(result.diff)}"
    return f"updated to {result.snapshot.snapshot_id}, {counts}"


def _report(st: State, outcomes: list[UpdateOutcome]) -> None:
    """The files fetched, then one line per list: what became of it and what is current."""
    for outcome in outcomes:
        for f in outcome.files:
            st.console.print(
                f"  {f.url}: {f.size:,} bytes, sha256 {f.sha256}", highlight=False, soft_wrap=True
            )
    for outcome in outcomes:
        current = f"current {outcome.current or '(none)'}"
        if outcome.ok:
            st.console.print(f"{outcome.source}: {_outcome(outcome)}; {current}", soft_wrap=True)
            continue
        st.err.print(
            f"[red]{outcome.source}: not updated[/red] ({_outcome(outcome)}); "
            f"the previous snapshot stays current ({outcome.current or 'none'})",
            soft_wrap=True,
            highlight=False,
        )


@lists_app.command("export")
@edge
def export(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (default: stdout)")] = None,
    snapshot: Annotated[
        str | None, typer.Option(help="One snapshot (default: the current version of every list)")
    ] = None,
) -> None:
    """Export list entries as FollowTheMoney JSON lines, for investigators' tools."""
    from aidtrace.watchlists.ftm import export_ftm
    from aidtrace.watchlists.snapshots import current_entries
    from aidtrace.watchlists.store import get_snapshot, snapshot_entries

    st = state(ctx)
    with st.open(read_only=True) as ws:
        entries = (
            list(snapshot_entries(ws, get_snapshot(ws, snapshot).snapshot_id).values())
            if snapshot
            else current_entries(ws)
        )
    if out is None:
        export_ftm(entries, sys.stdout)
        return
    with private_writer(out) as fh:
        count = export_ftm(entries, fh)
    st.err.print(f"{count:,} entries written to {out}", soft_wrap=True)


@lists_app.command("formats")
@edge
def formats(ctx: typer.Context) -> None:
    """The list formats `lists load` understands."""
    from aidtrace.watchlists.formats import all_formats

    st = state(ctx)
    table = Table("format", "what it reads")
    for name, fmt in all_formats().items():
        table.add_row(name, fmt.description)
    st.console.print(table)
