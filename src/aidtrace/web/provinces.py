"""Afghanistan's 34 provinces as the dashboard's map draws them: their real outlines
(``aidtrace.places.outlines``, simplified from the IPC's published polygons) and full names.

Figures arrive keyed by P-code or by a province's name in any usual spelling ("Herat",
"Helmand", "Sar-e Pol"); the gazetteer resolves either to one province, or to none.
"""

from __future__ import annotations

from functools import lru_cache

from aidtrace.places.gazetteer import PROVINCE, afghanistan
from aidtrace.places.outlines import Outline, outlines


@lru_cache(maxsize=1)
def by_code() -> dict[str, Outline]:
    return {o.code: o for o in outlines()}


def find_province(code: str | None, name: str | None = None) -> Outline | None:
    """The province given by P-code (or, failing that, by name in any usual spelling)."""
    if code and code.upper() in by_code():
        return by_code()[code.upper()]
    if not name:
        return None
    place = afghanistan().resolve(name, level=PROVINCE)
    return by_code().get(place.pcode) if place else None
