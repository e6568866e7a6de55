"""The checks a publication must pass before it replaces the current snapshot of its list.

A list that silently loses its entries is worse than a list that is a week old: screening then
clears everyone. So a publication is refused (nothing is written; the current snapshot stays)
when it holds no entries, removes more entries than the limits allow, or was published before
the current snapshot. ``--force`` loads it anyway, and the audit log says which guard it passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aidtrace.errors import AidtraceError, InputError
from aidtrace.watchlists.diff import ListDiff
from aidtrace.watchlists.sources import SOURCES_FILE, read_settings
from aidtrace.watchlists.store import Snapshot


class SnapshotRefused(AidtraceError):
    """A publication failed a guard; the list's current snapshot stays in force."""

    code = "refused"

    def __init__(
        self,
        message: str,
        reasons: tuple[str, ...],
        list_name: str | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message, **context)
        self.reasons = reasons
        self.list_name = list_name


@dataclass(frozen=True)
class Guards:
    """Limits on what one publication may remove. A publication may remove up to
    ``max_removed_share`` of the current entries, but never more than ``max_removed``, and
    always up to ``removal_floor`` (so that a list of 20 can lose 2 without a fuss)."""

    max_removed: int = 50
    max_removed_share: float = 0.10
    removal_floor: int = 5

    def removal_limit(self, current_count: int) -> int:
        share = math.floor(self.max_removed_share * current_count)
        return min(self.max_removed, max(self.removal_floor, share))


DEFAULT_GUARDS = Guards()


@dataclass(frozen=True)
class Proposal:
    """What a publication would make of its list if it became current."""

    diff: ListDiff  # from the current snapshot (``diff.old``) to the proposed entries
    entry_count: int
    published: datetime | None
    delta: bool = False  # a delta format: its file lists changes, not the whole list
    stored: Snapshot | None = None  # the stored snapshot it would make current again


def _utc(moment: datetime) -> datetime:
    # Publish dates without a zone are read as UTC (the stored ones come back zoned).
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _empty(p: Proposal, current: Snapshot | None) -> str | None:
    if p.entry_count:
        return None
    if p.delta and (current is None or not current.entry_count):
        return None  # an empty delta on an empty list changes nothing
    held = f" (the current {current.snapshot_id} holds {current.entry_count:,})" if current else ""
    return f"it holds no entries{held}"


def _removals(p: Proposal, current: Snapshot | None, guards: Guards) -> str | None:
    if current is None:
        return None
    removed, limit = len(p.diff.removed), guards.removal_limit(current.entry_count)
    if removed <= limit:
        return None
    return (
        f"it removes {removed:,} of the {current.entry_count:,} entries of {current.snapshot_id} "
        f"(limit {limit:,})"
    )


def _older(p: Proposal, current: Snapshot) -> str | None:
    if p.published is not None and current.published_at is not None:
        if _utc(p.published) >= _utc(current.published_at):
            return None
        return (
            f"it was published {_utc(p.published):%Y-%m-%d %H:%M}, before the current "
            f"{current.snapshot_id} ({_utc(current.published_at):%Y-%m-%d %H:%M})"
        )
    # Without both dates, only the stored history can tell: the publication of a snapshot
    # stored before the current one is a replay of an older list.
    if p.stored is not None and p.stored.version < current.version:
        return (
            f"it is the publication of {p.stored.snapshot_id}, older than the current "
            f"{current.snapshot_id} (use `aidtrace lists rollback {p.stored.snapshot_id}`)"
        )
    return None


def refusals(p: Proposal, current: Snapshot | None, guards: Guards = DEFAULT_GUARDS) -> list[str]:
    """Why ``p`` must not replace ``current`` (empty when it may).

    The date guard is skipped while the current snapshot is empty: it holds no listing that an
    older publication could undo."""
    emptied = _empty(p, current)
    if emptied:
        return [emptied]  # that it removes everything too goes without saying
    found = [_removals(p, current, guards)]
    if current is not None and current.entry_count:
        found.append(_older(p, current))
    return [reason for reason in found if reason]


def guards_from(table: dict[str, Any], source: Path) -> Guards:
    """Guards from the ``[guards]`` table of ``lists.toml`` (missing keys keep defaults)."""
    unknown = set(table) - set(Guards.__dataclass_fields__)
    if unknown:
        raise InputError(f"[guards] has unknown keys {sorted(unknown)}", source=source)
    try:
        found = Guards(
            max_removed=int(table.get("max_removed", DEFAULT_GUARDS.max_removed)),
            max_removed_share=float(
                table.get("max_removed_share", DEFAULT_GUARDS.max_removed_share)
            ),
            removal_floor=int(table.get("removal_floor", DEFAULT_GUARDS.removal_floor)),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"[guards]: {exc}", source=source) from exc
    return checked(found, source)


def checked(guards: Guards, source: str | Path | None = None) -> Guards:
    """``guards`` if its limits make sense, else an ``InputError``."""
    if guards.max_removed < 0 or guards.removal_floor < 0:
        raise InputError("removal limits cannot be negative", source=source)
    if not 0.0 <= guards.max_removed_share <= 1.0:
        raise InputError("max_removed_share is a fraction between 0 and 1", source=source)
    return guards


def load_guards(workspace_path: Path | None) -> Guards:
    """The workspace's guards: ``[guards]`` in its ``lists.toml``, else the defaults."""
    table = read_settings(workspace_path).get("guards")
    if table is None:
        return DEFAULT_GUARDS
    return guards_from(dict(table), Path(workspace_path or ".") / SOURCES_FILE)
