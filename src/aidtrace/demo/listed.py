"""A listed party reduced to what planting needs (from a real list or the synthetic one)."""

from __future__ import annotations

from dataclasses import dataclass

PREFERENCE = ("TAi", "TAe", "QDi", "QDe")  # Taliban regime first, then ISIL/Al-Qaida


@dataclass(frozen=True)
class Listed:
    ref: str
    person: bool
    parts: tuple[str, ...]  # Latin, title case: given, father, grandfather… (one part for entities)
    fa: str
    titles: tuple[str, ...]
    afghan: bool = False  # an Afghan national or on an Afghanistan programme
    born: int | None = None  # the year of birth the list gives (the middle of its range), if any
    born_in: str = ""  # the P-code of the Afghan district or province of birth the list gives

    @property
    def full(self) -> str:
        return " ".join(self.parts)


def relevance(item: Listed) -> tuple[int, str]:
    """Sort key: entries most relevant to Afghanistan first."""
    prefix = item.ref[:3]
    if prefix in PREFERENCE:
        return (PREFERENCE.index(prefix), item.ref)
    return (len(PREFERENCE) + (0 if item.afghan else 1), item.ref)
