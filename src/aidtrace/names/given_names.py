"""Given names that stand for one another: nicknames and diminutives (Ted for Theodore, Bill
for William, Bibi for Benjamin) and one name's spellings in neighbouring languages (Sergejs,
Sergey).

Spelling and skeleton comparisons cannot see these: "Ted" and "Theodore" share one consonant.
Two sources of fact say which names are one: rigour's person-name catalogue (given-name items
from Wikidata and a nickname list, the data OpenSanctions' own matcher uses) and a small table
below of common diminutives the catalogue lacks. Both are about given names only; a family
name is never rewritten through them.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names import NameTypeTag, analyze_names

# Diminutive -> the full given names it is short for (lower-case Latin), where the catalogue
# has no shared symbol for the pair.
_DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "bibi": ("benjamin", "binyamin"),
    "benny": ("benjamin",),
    "ted": ("theodore", "edward"),
    "teddy": ("theodore", "edward"),
    "theo": ("theodore",),
    "kate": ("katherine", "catherine", "kathryn"),
    "katie": ("katherine", "catherine", "kathryn"),
    "liz": ("elizabeth",),
    "beth": ("elizabeth",),
    "betty": ("elizabeth",),
    "peggy": ("margaret",),
    "maggie": ("margaret",),
    "sasha": ("alexander", "aleksandr", "oleksandr", "alexandra", "aleksandra"),
    "sanya": ("alexander", "aleksandr"),
    "volodya": ("vladimir", "volodymyr"),
    "misha": ("mikhail", "michael"),
    "kolya": ("nikolai", "nikolay", "mykola"),
    "dima": ("dmitry", "dmitri", "dmytro"),
    "seryozha": ("sergey", "sergei", "serhiy"),
    "pepe": ("jose",),
    "paco": ("francisco",),
    "pancho": ("francisco",),
}
_CATEGORIES = frozenset({"NAME", "NICK"})


def same_given_name(a: str, b: str) -> bool:
    """True when two lower-case Latin tokens are known to be one given name (or its diminutive).

    A pure function of the two tokens, so callers may memoise it.
    """
    if a == b:
        return True
    if b in _DIMINUTIVES.get(a, ()) or a in _DIMINUTIVES.get(b, ()):
        return True
    return not _symbols(a).isdisjoint(_symbols(b))


@lru_cache(maxsize=50_000)
def _symbols(token: str) -> frozenset[str]:
    """The catalogue's given-name and nickname identifiers of one token (empty if unknown)."""
    if len(token) < 2 or not token.isalpha():
        return frozenset()
    names = analyze_names(NameTypeTag.PER, [token], consolidate=False, phonetics=False)
    return frozenset(
        f"{s.category.value}:{s.id}"
        for name in names
        for s in name.symbols
        if s.category.value in _CATEGORIES
    )
