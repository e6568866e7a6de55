"""The consonant skeleton of a Latin-script name token: the key that bridges romanisation
variants (Mohammad, Muhammad, Mohammed → "mhmd") and Arabic script ("محمد" → "mhmd").

Symbols follow ``arabic._SKELETON``: digraphs that stand for one Arabic letter become one symbol
(kh → x, sh → S, gh → g, ch → c, zh → j), q/c/ck → k, v → w, th → t, dh → z. Vowels are
dropped; w and y count only at the start of a word; a final h is dropped (Abdullah/عبدالله,
Fatimah/فاطمه); doubled letters collapse.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGRAPHS = (
    ("sch", "S"),
    ("kh", "x"),
    ("sh", "S"),
    ("gh", "g"),
    ("ch", "c"),
    ("zh", "j"),
    ("th", "t"),
    ("dh", "z"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
)
_SINGLE = str.maketrans({"q": "k", "c": "k", "v": "w", "x": "ks"})
_VOWELS = re.compile(r"[aeiou]")
_NOT_LATIN = re.compile(r"[^a-zSx]")


@lru_cache(maxsize=200_000)
def latin_skeleton(token: str) -> str:
    """Consonant skeleton of one lower-case ASCII token (empty for a token of only vowels)."""
    text = token.translate(_SINGLE)
    for digraph, symbol in _DIGRAPHS:
        text = text.replace(digraph, symbol)
    text = _NOT_LATIN.sub("", text)
    if not text:
        return ""
    head, tail = text[0], text[1:]
    tail = _VOWELS.sub("", tail).replace("w", "").replace("y", "")
    head = "" if head in "aeiou" else head
    skeleton = re.sub(r"(.)\1+", r"\1", head + tail)
    if len(skeleton) > 1 and skeleton.endswith("h"):
        skeleton = skeleton[:-1]
    return skeleton
