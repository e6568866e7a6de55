"""Resolve place names and P-codes to one place, whatever spelling a publisher used.

Names are compared after folding case, accents, punctuation and spacing (``Sar-e-Pul`` =
``sar e pul``, ``Deh Sabz`` = ``Dehsabz``), the Persian connectors ``-e-``/``-i-``
(``Dara-i-Suf-i-Bala`` = ``Dara-e-Suf-e-Bala``) and the Arabic-script letter variants (Dari
names: ``ي``/``ی``, ``ك``/``ک``), then looked up among the canonical names, the Dari names and
the known variants. A district name several provinces share (Kohistan, Arghandab) resolves only
within a province. A name that matches nothing, or several places, is never guessed at:
:meth:`Gazetteer.require` raises an :class:`~aidtrace.errors.InputError` naming the file,
record and column, and :meth:`Gazetteer.resolve` returns ``None`` for the caller to
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
        return province_of(self.pcode)


def province_of(pcode: str) -> str:
    """The P-code of the province a P-code's place lies in (itself, for a province's)."""
    return pcode[:4]


_ARABIC = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ۀ": "ه", "ة": "ه", "\u200c": " "})
_CONNECTORS = frozenset({"e", "i", "ye", "yi"})  # Persian ezafe: Sar-e-Pul, Dara-i-Nur


def fold(name: str) -> str:
    """A name reduced to lower-case letters (no accents) and single spaces, for comparison."""
    text = unicodedata.normalize("NFKD", name.translate(_ARABIC))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _keys(name: str) -> set[str]:
    """The lookup keys of a name: squeezed, and squeezed without its ezafe connectors."""
    words = fold(name).split()
    return {"".join(words), "".join(w for w in words if w not in _CONNECTORS)} - {""}


class Gazetteer:
    """Places of one country, by P-code and by every known spelling."""

    def __init__(
        self,
        places: Iterable[Place],
        variants: Iterable[tuple[str, str]],
        superseded: Mapping[str, str] | None = None,
    ) -> None:
        self.places = {p.pcode: p for p in places}
        self._superseded = dict(superseded or {})
        spellings = [(p.name, p.pcode) for p in self.places.values()] + list(variants)
        self._names: dict[tuple[int, str], list[str]] = {}
        for spelling, pcode in spellings:
            for key in _keys(spelling):
                codes = self._names.setdefault((self.places[pcode].level, key), [])
                if pcode not in codes:
                    codes.append(pcode)
        spelled = {fold(s): c for s, c in spellings if self.places[c].level == PROVINCE}
        spelled = {s: c for s, c in spelled.items() if s.isascii()}
        self._in_text = _mention_pattern(spelled)
        self._spelled = spelled

    def provinces(self) -> list[Place]:
        return sorted((p for p in self.places.values() if p.level == PROVINCE), key=_code)

    def districts(self, province_code: str | None = None) -> list[Place]:
        """Every district, or those of one province, in P-code order."""
        return sorted(
            (
                p
                for p in self.places.values()
                if p.level == DISTRICT and province_code in (None, p.province_code)
            ),
            key=_code,
        )

    def by_code(self, pcode: str) -> Place | None:
        code = pcode.strip().upper()
        return self.places.get(self._superseded.get(code, code))

    def named(self, name: str, level: int, within: str | None = None) -> list[Place]:
        """Every place of ``level`` that ``name`` (or a P-code) may denote, within one
        province if ``within`` is its P-code; exact spellings before ezafe-folded ones."""
        by_code = self.by_code(name)
        if by_code is not None and by_code.level == level:
            found = [by_code]
        else:
            words = fold(name).split()
            exact = "".join(words)
            loose = "".join(w for w in words if w not in _CONNECTORS)
            codes = self._names.get((level, exact)) or self._names.get((level, loose), [])
            found = [self.places[c] for c in codes]
        return [p for p in found if within is None or p.province_code == within]

    def resolve(
        self, name: str, level: int | None = None, within: str | None = None
    ) -> Place | None:
        """The one place ``name`` (or P-code) denotes, provinces before districts; ``None``
        if nothing matches or the name is shared by several places."""
        for lvl in (PROVINCE, DISTRICT) if level is None else (level,):
            found = self.named(name, lvl, within)
            if len(found) == 1:
                return found[0]
            if found:
                return None
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
        if known is not None and name and known not in self.named(name, level):
            raise InputError(
                f"column {column!r}: {pcode!r} is {known.name}, but the row names {name!r}",
                source=source,
                record=record,
            )
        return known or Place(code, name or code, DISTRICT)

    def locate(self, text: str) -> Place | None:
        """The one province or district a free-form location names ("Herat Province",
        "Jalalabad, Nangarhar", "Kabul city", "ولسوالی پغمان"); ``None`` when it names none
        (a country, an unknown village), several, or a name that is shared and not tied down.

        The text is read in parts (split at commas, slashes, brackets and spaced dashes) with
        the generic words left out; a part naming a province is that province unless a word
        like "city" or "district" says otherwise, and the other parts are looked up as
        districts of that province."""
        parts = [_bare(p) for p in _PARTS.split(text)]
        parts = [(name, hint) for name, hint in parts if name]
        provinces = {
            found.pcode
            for name, hint in parts
            if hint != DISTRICT and (found := self.resolve(name, PROVINCE)) is not None
        }
        if len(provinces) > 1:
            return None
        within = next(iter(provinces), None)
        districts = {
            found.pcode
            for name, hint in parts
            if (hint == DISTRICT or self.resolve(name, PROVINCE) is None)
            and (found := self.resolve(name, DISTRICT, within)) is not None
        }
        codes = districts or provinces
        return self.places[codes.pop()] if len(codes) == 1 else None

    def mentioned(self, text: str) -> list[Place]:
        """The provinces a free text names, each once, in P-code order."""
        found = {self._spelled[m] for m in self._in_text.findall(fold(text))}
        return sorted((self.places[c] for c in found), key=_code)


# Where a location's text divides into names: "Jalalabad, Nangarhar", "Kabul / Paghman",
# "Nangarhar - Jalalabad" (a dash inside a name, Pul-e-Khumri, is not a divide).
_PARTS = re.compile(r"[,;/()|]|\s[-–—]\s")
# Words that say what kind of place a name is, not which; they are left out before looking up.
_TO_DISTRICT = frozenset({"city", "district", "woluswali", "ولسوالی", "شهر", "centre", "center"})
_TO_PROVINCE = frozenset({"province", "wilayat", "ولایت"})
# "Hirat Urban" (an IPC area) lies in Hirat province; which district is not said.
_GENERIC = _TO_DISTRICT | _TO_PROVINCE | {"afghanistan", "افغانستان", "urban", "of", "the"}


def _bare(part: str) -> tuple[str, int | None]:
    """A part's name without its generic words, and the level those words point to."""
    words = fold(part).split()
    hint = (
        DISTRICT if _TO_DISTRICT & set(words) else PROVINCE if _TO_PROVINCE & set(words) else None
    )
    return " ".join(w for w in words if w not in _GENERIC), hint


def _code(place: Place) -> str:
    return place.pcode


def _mention_pattern(spelled: Mapping[str, str]) -> re.Pattern[str]:
    longest_first = sorted(spelled, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in longest_first) + r")\b")


@lru_cache(maxsize=1)
def afghanistan() -> Gazetteer:
    """The Afghan gazetteer (built once; it is small and immutable)."""
    places = [Place(code, name, PROVINCE) for code, name, _ in data.PROVINCES]
    variants = [(v, code) for code, _, spellings in data.PROVINCES for v in spellings]
    variants += [(name, code) for code, name in data.PROVINCES_FA.items()]
    for code, name, name_fa, spellings in data.districts():
        places.append(Place(code, name, DISTRICT))
        # "خوست (متون)": the name outside the brackets and the one inside are both in use.
        fa_names = {name_fa, *(n.strip() for n in re.split(r"[()]", name_fa) if n.strip())}
        variants += [*((n, code) for n in fa_names), *((s, code) for s in spellings)]
    superseded = {old: new for old, (_, new) in data.SUPERSEDED.items()}
    return Gazetteer(places, variants, superseded)


@lru_cache(maxsize=4096)
def places_named(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The P-codes of the Afghan districts or provinces ``texts`` name, each read by
    ``Gazetteer.locate`` (a text naming no one place, or a place abroad, is left out): a
    watchlist entry's places of birth, read once per entry."""
    gazetteer = afghanistan()
    return tuple(found.pcode for text in texts if (found := gazetteer.locate(text)) is not None)
