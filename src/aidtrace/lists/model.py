"""The normalised watchlist entry, under its older name (it lives in ``aidtrace.watchlists``)."""

from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

__all__ = [
    "DateInterval",
    "EntitySchema",
    "EntryName",
    "Identifier",
    "ListEntry",
    "NamePart",
    "NameQuality",
]
