"""Chinese names in two romanisations: Wade–Giles ("Hsi Chin-ping", "Mao Tse-tung") and pinyin
("Xi Jinping", "Mao Zedong").

Older lists, the press before 1979 and Taiwan write Wade–Giles; mainland sources write pinyin.
The two spell the same syllables differently but systematically: Wade–Giles "hs" is pinyin
"x", "ch" is "zh", "j" or "q", "ts"/"tz" is "z" or "c", unaspirated "k", "p", "t" are "g",
"b", "d", and the finals "-ung", "-ieh", "-ien", "-ih" are "-ong", "-ie", "-ian", "-i". Without
the apostrophes that mark aspiration (usually dropped) some of those are ambiguous, so both
romanisations are reduced to one key that merges exactly the sounds they disagree on.

The key is used only between tokens that read entirely as Chinese syllables and where one of
them shows a spelling that belongs to one system and not the other; elsewhere "Tina" and
"Dina" would be the same name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

_INITIAL: Final = r"(?:hs|ch|sh|zh|ts|tz|sz|ss|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL: Final = (
    r"(?:iung|iang|iong|uang|ueng|ieh|ien|ian|iao|ing|ang|eng|ong|ung|uai|uan|uei|ueh|uen"
    r"|erh|uo|ai|ao|an|ei|en|er|ia|ie|in|iu|ih|ou|ua|ui|un|ue|a|e|i|o|u)"
)
_SYLLABLES: Final = re.compile(rf"(?:{_INITIAL}{_FINAL}){{1,3}}")

# Spellings one system has and the other lacks.
_WADE_GILES: Final = re.compile(
    r"hs|ts|tz|sz|ss|ung|ieh|ien|ueh|uei|ih(?![aeiou])|chi(?=ng|n|a|e|u)"
)
_PINYIN: Final = re.compile(r"x|q|zh|ong|(?<![tsc])z|c(?!h)")

# Finals first (they contain letters the initials rewrite), then the initials.
_FINALS: Final = (
    ("ung", "ong"),
    ("ieh", "ie"),
    ("ien", "ian"),
    ("ueh", "ue"),
    ("uei", "ui"),
    ("erh", "er"),
)
_SYLLABIC: Final = re.compile(r"(?:tz|sz|ss)u|ih(?![aeiou])")
_AFFRICATE: Final = re.compile(r"zh|ch|ts|tz|[jqzc]")
_UNASPIRATED: Final = str.maketrans("ptk", "bdg")


def same_syllables(a: str, b: str) -> bool:
    """True when two lower-case Latin tokens are one Chinese name in two romanisations."""
    if a == b or not (_looks_chinese(a) and _looks_chinese(b)):
        return False
    marked = _WADE_GILES.search(a) or _WADE_GILES.search(b) or _PINYIN.search(a)
    return bool(marked or _PINYIN.search(b)) and _key(a) == _key(b)


def syllable_key(token: str) -> str | None:
    """What two tokens must share to be one Chinese name in two romanisations
    (``same_syllables``), for blocking; None for a token that does not look Chinese."""
    return _key(token) if _looks_chinese(token) else None


def _looks_chinese(token: str) -> bool:
    known = _LOOKS_CHINESE.get(token)
    if known is None:
        if len(_LOOKS_CHINESE) >= MEMO_SIZE:
            _LOOKS_CHINESE.clear()
        known = _LOOKS_CHINESE[token] = _SYLLABLES.fullmatch(token) is not None
    return known


# A pure memo, a plain dictionary that compiled callers (``aidtrace.compiled``) reach without
# a Python-level call: the matcher asks about the same tokens over and over.
MEMO_SIZE: Final = 50_000
_LOOKS_CHINESE: Final[dict[str, bool]] = {}


@lru_cache(maxsize=50_000)
def _key(token: str) -> str:
    """The token with the sounds the two systems spell differently merged."""
    for wade_giles, pinyin in _FINALS:
        token = token.replace(wade_giles, pinyin)
    token = _SYLLABIC.sub(_syllabic_i, token)
    token = token.replace("hs", "x").replace("sz", "s").replace("ss", "s")
    token = _AFFRICATE.sub("z", token)
    return token.translate(_UNASPIRATED)


def _syllabic_i(match: re.Match[str]) -> str:
    """Wade–Giles writes pinyin's buzzed "-i" as "-ih" (shih, chih) or "-u" (tzu, szu)."""
    text = match.group(0)
    return text[:-2] + "i" if text.endswith("ih") else text[:-1] + "i"
