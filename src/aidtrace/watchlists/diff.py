"""What changed between two versions of a list: added, removed and amended entries.

The screening engineer rescreens on ``rescreen_ids`` (added plus amended): a removed entry can
only clear alerts, an added or amended one can raise them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from aidtrace.watchlists.codec import changed_fields
from aidtrace.watchlists.model import ListEntry


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    AMENDED = "amended"


@dataclass(frozen=True)
class Amendment:
    source_id: str
    fields: tuple[str, ...]  # the ListEntry fields whose values changed


@dataclass(frozen=True)
class ListDiff:
    """The changes from snapshot ``old`` (``None`` for a first load) to snapshot ``new``."""

    list_name: str
    old: str | None
    new: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    amended: tuple[Amendment, ...] = ()

    @property
    def amended_ids(self) -> tuple[str, ...]:
        return tuple(a.source_id for a in self.amended)

    @property
    def rescreen_ids(self) -> tuple[str, ...]:
        """Source ids whose entries may now match parties they did not match before."""
        return self.added + self.amended_ids

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.amended)

    def changes(self) -> list[tuple[str, Change, tuple[str, ...]]]:
        """Every change as ``(source_id, change, fields)``, in source-id order."""
        rows: list[tuple[str, Change, tuple[str, ...]]] = [
            (i, Change.ADDED, ()) for i in self.added
        ]
        rows += [(i, Change.REMOVED, ()) for i in self.removed]
        rows += [(a.source_id, Change.AMENDED, a.fields) for a in self.amended]
        return sorted(rows)


def diff_entries(
    list_name: str,
    old: Mapping[str, ListEntry],
    new: Mapping[str, ListEntry],
    old_id: str | None,
    new_id: str,
) -> ListDiff:
    """Compare two versions of a list keyed by source id (raw fragments are not compared)."""
    amended = []
    for source_id in sorted(old.keys() & new.keys()):
        fields = changed_fields(old[source_id], new[source_id])
        if fields:
            amended.append(Amendment(source_id, fields))
    return ListDiff(
        list_name=list_name,
        old=old_id,
        new=new_id,
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        amended=tuple(amended),
    )
