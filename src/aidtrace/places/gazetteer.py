"""Resolve place names and P-codes to one place, whatever spelling a publisher used.

Names are compared after folding case, accents and punctuation (``Sar-e-Pul`` = ``sar e pul``),
then looked up among the canonical names and the known variants. A name that matches nothing is
never guessed at: :meth:`Gazetteer.require` raises an :class:`~aidtrace.errors.InputError` naming
the file, record and column, and :meth:`Gazetteer.resolve` returns ``None`` for the caller to
flag. :meth:`Gazetteer.mentioned` finds the provinces a free text names ("cash for food in Ghor
Province"), the only place where most published flows say where the money goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.places import afghanistan as data

PROVINCE, DISTRICT = 1, 2


@dataclass(frozen=True)
class Place:
    """A province (level 1) or district (level 2) with its P-code and official name."""

    pcode: str
    name: str
    level: int

    @property
    def province_code(self) -> str:
        """The province a place lies in (P-codes nest: AF0101 is in AF01)."""
        return self.pcode[:4]


def fold(name: str) -> str:
    """A name reduced to lower-case ASCII letters and single spaces, for comparison."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _squeezed(name: str) -> str:
    return fold(name).replace(" ", "")


class Gazetteer:
    """Places of one country, by P-code and by every known spelling."""

    def __init__(self, places: Iterable[Place], variants: Mapping[str, str]) -> None:
        self.places = {p.pcode: p for p in places}
        self._names: dict[tuple[int, str], str] = {}
        for place in self.places.values():
            self._names[(place.level, _squeezed(place.name))] = place.pcode
        for variant, pcode in variants.items():
            self._names[(self.places[pcode].level, _squeezed(variant))] = pcode
        spelled = {fold(p.name): p.pcode for p in self.provinces()}
        spelled |= {fold(v): c for v, c in variants.items() if self.places[c].level == PROVINCE}
        self._in_text = _mention_pattern(spelled)
        self._spelled = spelled

    def provinces(self) -> list[Place]:
        return sorted((p for p in self.places.values() if p.level == PROVINCE), key=_code)

    def by_code(self, pcode: str) -> Place | None:
        return self.places.get(pcode.strip().upper())

    def resolve(self, name: str, level: int | None = None) -> Place | None:
        """The place ``name`` (or P-code) denotes, provinces before districts; ``None`` if
        nothing matches."""
        by_code = self.by_code(name)
        if by_code is not None and (level is None or by_code.level == level):
            return by_code
        key = _squeezed(name)
        for lvl in (PROVINCE, DISTRICT) if level is None else (level,):
            pcode = self._names.get((lvl, key))
            if pcode is not None:
                return self.places[pcode]
        return None

    def require(
        self, name: str, *, source: str | Path, record: int, column: str, level: int = PROVINCE
    ) -> Place:
        """The place ``name`` denotes, or an error naming where the unknown name was read."""
        place = self.resolve(name, level)
        if place is None:
            kind = "province" if level == PROVINCE else "district"
            raise InputError(
                f"column {column!r}: {name!r} is not a known {kind} of Afghanistan "
                "(see docs/real-data.md for the gazetteer and its spellings)",
                source=source,
                record=record,
            )
        return place

    def check_code(
        self, pcode: str, name: str | None, *, source: str | Path, record: int, column: str
    ) -> Place:
        """A P-code read beside a name: the code's province must exist, a known code's name
        must match it; a district code the gazetteer does not list keeps the file's name."""
        code = pcode.strip().upper()
        province = self.by_code(code[:4])
        if not re.fullmatch(r"AF\d{2}(\d{2})?", code) or province is None:
            raise InputError(
                f"column {column!r}: {pcode!r} is not an Afghan province or district P-code",
                source=source,
                record=record,
            )
        known = self.by_code(code)
        level = PROVINCE if len(code) == 4 else DISTRICT
        if known is not None and name and self.resolve(name, level) != known:
            raise InputError(
                f"column {column!r}: {pcode!r} is {known.name}, but the row names {name!r}",
                source=source,
                record=record,
            )
        return known or Place(code, name or code, DISTRICT)

    def mentioned(self, text: str) -> list[Place]:
        """The provinces a free text names, each once, in P-code order."""
        found = {self._spelled[m] for m in self._in_text.findall(fold(text))}
        return sorted((self.places[c] for c in found), key=_code)


def _code(place: Place) -> str:
    return place.pcode


def _mention_pattern(spelled: Mapping[str, str]) -> re.Pattern[str]:
    longest_first = sorted(spelled, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in longest_first) + r")\b")


@lru_cache(maxsize=1)
def afghanistan() -> Gazetteer:
    """The Afghan gazetteer (built once; it is small and immutable)."""
    places = [Place(code, name, PROVINCE) for code, name, _ in data.PROVINCES]
    places += [Place(code, name, DISTRICT) for code, name in data.DISTRICTS]
    variants = {v: code for code, _, spellings in data.PROVINCES for v in spellings}
    return Gazetteer(places, variants)
