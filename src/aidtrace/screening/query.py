"""What is screened: a name with whatever else is known about the party."""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.lists.model import DateInterval


@dataclass(frozen=True)
class Query:
    """One party to screen. ``subject`` identifies it in alerts and decisions (a party id, a
    beneficiary's keyed pseudonym); ``organisation`` is None when unknown."""

    name: str
    subject: str = ""
    birth_date: DateInterval | None = None
    nationality: str | None = None
    identifiers: tuple[str, ...] = ()
    organisation: bool | None = None
