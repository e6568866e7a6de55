"""The Perso-Arabic layer: fold Arabic, Persian (Dari), Pashto and Urdu letter variants to one
spelling, and map the folded letters onto the consonant skeleton shared with Latin names.

Arabic script writes consonants and long vowels but (almost always) leaves short vowels out, so
"محمد" is m-h-m-d whether it is romanised Mohammad, Muhammad or Mohammed. The skeleton keeps
exactly that: consonants, with vowels and vowel-like letters dropped, on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product
from typing import Final

from aidtrace.names.skeleton import MAX_VARIANTS, collapse

# Letter variants that different keyboards, countries and languages use for the same sound.
_FOLD = {
    # yeh: Arabic, Persian, alef maksura, Pashto/Urdu forms, yeh with hamza
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ے": "ی", "ۓ": "ی", "ٸ": "ی",
    # kaf: Arabic and Persian, swash kaf, Pashto gaf
    "ك": "ک", "ڪ": "ک", "ګ": "گ",
    # heh and teh marbuta; heh with yeh above; Urdu heh goal and do-chashmi
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ۂ": "ه", "ە": "ه",
    # alef with hamza, madda, wasla
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    # waw with hamza
    "ؤ": "و", "ٶ": "و",
    # Pashto and Urdu retroflex and extra letters, folded onto the nearest Persian letter
    "ټ": "ت", "ٹ": "ت", "ډ": "د", "ڈ": "د", "ړ": "ر", "ڑ": "ر", "ږ": "ژ", "ښ": "ش",
    "ڼ": "ن", "ں": "ن", "ځ": "ز", "څ": "س", "ڄ": "ج", "ڤ": "ف", "ڨ": "ق",
}  # fmt: skip

# Urdu's two-eyed heh after a stop marks it as aspirated (دھ, Latin "dh"), which Latin
# spellings read as the consonant alone; elsewhere (at the start of a word, after a vowel letter
# or a sonorant) it is the plain heh that many Arabic keyboards type (الطاھر, Taher; مھدی, Mahdi)
_TWO_EYED_HEH: Final = "ھ"
_ASPIRABLE: Final = frozenset("بپتٹثجچدڈذکكگګڑق")

# Dropped outright: hamza on the line, tatweel, ZWNJ/ZWJ (Persian intra-word joins), marks.
_DROP = {"ء", "ـ", "\u200c", "\u200d", "\u200f", "\u200e"}

# Folded letter -> skeleton symbol(s), aligned with ``skeleton.latin_skeletons``; letters that
# romanisers render differently (ض as z or d, ث as s or th, ق as q or g) have alternatives, and
# so does kaf, which Arabic keyboards without gaf also type for it (كل for گل, Gul).
_SKELETON: dict[str, tuple[str, ...]] = {
    "ب": ("b", "p"), "پ": ("p",), "ت": ("t",), "ط": ("t",), "ث": ("s", "t"), "س": ("s",),
    "ص": ("s",), "ج": ("j", "g"), "ژ": ("j",), "چ": ("c",), "ح": ("h",), "ه": ("h",), "خ": ("x",),
    "غ": ("g",), "گ": ("g",), "د": ("d",), "ذ": ("z", "d"), "ز": ("z",), "ض": ("z", "d"),
    "ظ": ("z", "d"), "ر": ("r",), "ش": ("S",), "ع": ("",), "ف": ("f",), "ق": ("k", "g"),
    "ک": ("k", "g"), "ل": ("l",), "م": ("m",), "ن": ("n",), "ا": ("",), "و": ("w",), "ی": ("y",),
}  # fmt: skip

# letter → the letters whose symbols it may share (and so merge with, side by side); letters
# that may leave no symbol are not listed
_MAY_MERGE: Final = {
    a: "".join(b for b in _SKELETON if set(_SKELETON[a]) & set(_SKELETON[b]))
    for a in _SKELETON
    if "" not in _SKELETON[a]
}

# A plain romanisation letter by letter: the short vowels are unknown, long ones are guessed.
_LATIN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s",
    "ج": "j", "ژ": "zh", "چ": "ch", "ح": "h", "ه": "h", "خ": "kh", "غ": "gh", "گ": "g",
    "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ش": "sh", "ع": "",
    "ف": "f", "ق": "q", "ک": "k", "ل": "l", "م": "m", "ن": "n", "ا": "a", "و": "u", "ی": "i",
}  # fmt: skip

_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


_UDDIN = "الدین"


def is_arabic_script(text: str) -> bool:
    """True when the text contains any Perso-Arabic letter."""
    return _ARABIC_RANGE.search(text) is not None


def fold_arabic(text: str) -> str:
    """One spelling for every keyboard's and language's variant of the same Arabic-script name."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    out: list[str] = []
    before = ""  # the last letter kept, unfolded
    for char in text:
        if char in _DROP or unicodedata.category(char) == "Mn":
            continue  # harakat, shadda, superscript alef, Quranic marks
        if char == _TWO_EYED_HEH:
            out.append("" if before in _ASPIRABLE else "ه")
        else:
            out.append(_FOLD.get(char, char))
        before = char
    return "".join(out)


def arabic_skeleton(token: str) -> str:
    """The usual consonant skeleton of one folded Arabic-script token."""
    return arabic_skeletons(token)[0]


@lru_cache(maxsize=100_000)
def arabic_skeletons(token: str) -> tuple[str, ...]:
    """Every plausible skeleton of a folded token, the usual reading first.

    Waw and yeh are consonants only at the start of a word; a final heh is silent in most Persian
    names (Fatema, Zakia) and romanisations of a final hah vary (Salih, Saleh), so the final h
    is dropped here as ``latin_skeletons`` drops it.
    """
    return _skeletons(token, True)


def _skeletons(token: str, drop_h: bool) -> tuple[str, ...]:
    if token.endswith(_UDDIN) and len(token) > len(_UDDIN) + 1:
        # "-uddin": Latin assimilates the article (Saifuddin), so the skeleton drops its l too;
        # the h of the head is no longer final (محی الدین, Muhyiuddin)
        return tuple(collapse(s + "dn") for s in _skeletons(token[: -len(_UDDIN)], False))
    choices: list[tuple[str, ...]] = []
    for i, char in enumerate(token):
        readings = _SKELETON.get(char, ("",))
        if readings in (("w",), ("y",)) and i > 0:
            continue
        if drop_h and i == len(token) - 1 and char in "هح" and i > 0:
            # a final heh is silent in most Persian names (Fatema) but sounded in others
            # (Taha, Allah); drop it first, keep it as the alternative
            readings = ("", "h")
        elif char == "ه" and 0 < i < len(token) - 1 and token[i - 1] in "وا":
            # after a long vowel Urdu writes an h that Latin spellings move or leave out
            # (چوہدری, Chaudhry)
            readings = ("h", "")
        choices.append(readings)
    out: list[str] = []
    for combination in product(*choices):
        skeleton = collapse("".join(combination))
        if skeleton not in out:
            out.append(skeleton)
        if len(out) >= MAX_VARIANTS:
            break
    return tuple(out) if out else ("",)


def shortest_skeleton(token: str) -> int:
    """A length no skeleton of ``token`` (``arabic_skeletons``) falls below, found without
    reading it: every letter that always leaves a symbol counts, except where it could leave
    the symbol of the letter before (doubled symbols collapse)."""
    if _UDDIN in token:
        return 0  # the article's own reading (``_skeletons``): no bound is worth its rules
    count = 0
    last = ""
    end = len(token) - 1
    for i, char in enumerate(token):
        alike = _MAY_MERGE.get(char)
        if alike is None or (i > 0 and char in "وی"):
            continue  # no symbol, or waw and yeh after the first letter
        if i == end and i > 0 and char in "هح":
            continue  # a final heh or hah may be silent
        if char == "ه" and 0 < i < end and token[i - 1] in "وا":
            continue  # so may a heh after a long vowel (``_skeletons``)
        if not last or last not in alike:
            count += 1
        last = char
    return count


def romanise_letters(token: str) -> str:
    """A letter-by-letter romanisation of a folded token (used when no lexicon spelling exists).

    Waw and yeh read as consonants at the start of a word or after a long alef, else as vowels;
    a short "a" is guessed between two consonants so the result stays pronounceable.
    """
    out: list[str] = []
    prev_consonant = False
    for i, char in enumerate(token):
        latin = _LATIN.get(char)
        if latin is None:
            continue
        if char in "اع" and i == 0:
            latin = "a"  # a word-initial alef or ain carries the opening vowel
        if char in "وی" and (i == 0 or token[i - 1] == "ا"):
            latin = "w" if char == "و" else "y"
        vowel = latin in ("a", "u", "i", "")
        if not vowel and prev_consonant:
            out.append("a")
        out.append(latin)
        prev_consonant = not vowel
    return "".join(out)
