"""The consonant skeleton of a Latin-script name token: the key that bridges romanisation
variants (Mohammad, Muhammad, Mohammed → "mhmd") and Arabic script ("محمد" → "mhmd").

Letters that stand for one Arabic letter become one symbol (kh → x, sh → S, ch → c, zh/dj → j,
gh → g, q/c/ck → k, v → w, ph → f); vowels are dropped; w and y count only at the start of a
word; a final h is dropped (Abdullah/عبدالله, Fatimah/فاطمه); doubled letters collapse.

Some digraphs are ambiguous, so a token also has alternative skeletons: "sh" is one letter in
Shah but two in Ishaq (اسحاق), "th" is t, s or z depending on the romaniser (Thomas, Uthman,
Kathim for کاظم), "ch" is the English or the French sound (Chaudhry, Alouche) or kh (Barich
for بريخ). A c is read as ç may be, where its cedilla was dropped: s before e and i (French) or
ch (Turkish Çelik, Italian Luciano), and s between a vowel and a, o or u (French Fayçal, فيصل);
a Turkish c is an English j (Cemal / Jamal), and Turkish writes a final b or d as p or t
(Recep / رجب, Ahmet / Ahmad). Where a v is all that stands between two such consonants, the
skeleton that drops it (as و is dropped) keeps too little to tell the names apart, so a token
with a Turkish c and a v is also read with the v kept (``turkish_skeleton``: Cavit / Javid).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations, product
from typing import Final

MAX_VARIANTS: Final = 6

# digraph -> its readings, the usual one first; upper case marks a symbol already final
_DIGRAPHS: Final[dict[str, tuple[str, ...]]] = {
    "sch": ("S",),
    "dzh": ("j",),  # Russian дж (Redzhep for Recep, Dzhamal for Jamal)
    "dj": ("j",),
    "kh": ("X", "kh", "h"),  # Russian romanisers write خ/Х as kh, others as h (Akhmed/Ahmed)
    "sh": ("S", "sh"),
    "gh": ("g",),
    "ch": ("C", "S", "X"),  # also kh, as German and Slavic romanisers write خ (Barich)
    "zh": ("j", "zh"),
    "th": ("t", "s", "z"),
    "dh": ("z", "d"),
    "ph": ("f",),
    "ck": ("k",),
    "ou": ("u",),
    # French and English soft c (Lounici, Cecil), the Italian and Turkish one read ch
    # (Luciano; Çelik written Celik, Челик), and Turkish c, English j (Cemal, Jamal, جمال)
    "ce": ("se", "ke", "Ce", "je"),
    "ci": ("si", "ki", "Ci", "ji"),
}
# one symbol for one (x, two symbols, is spelled out first); vowels, w and y out of the tail
_SINGLE: Final = str.maketrans("qcvXC", "kkwxc")
_SILENT: Final = str.maketrans("", "", "aeiouwy")
_VOWELS: Final = "aeiouy"
_NOT_LETTER: Final = re.compile(r"[^a-z]")
# every symbol a letter may leave in some reading (its digraphs included); vowels, h, w, y and
# v (read w, which only a first letter keeps) may leave none and are not listed
_LETTER_SYMBOLS: Final = {
    "b": "b", "c": "kcsSj", "d": "dzj", "f": "f", "g": "g", "j": "j", "k": "kxh", "l": "l",
    "m": "m", "n": "n", "p": "pfb", "q": "k", "r": "r", "s": "sS", "t": "tszd", "x": "ks",
    "z": "zj",
}  # fmt: skip
# letter → the letters whose symbols it may share (and so merge with, side by side)
_MAY_MERGE: Final = {
    a: "".join(b for b in _LETTER_SYMBOLS if set(_LETTER_SYMBOLS[a]) & set(_LETTER_SYMBOLS[b]))
    for a in _LETTER_SYMBOLS
}


def latin_skeleton(token: str) -> str:
    """The usual consonant skeleton of one lower-case ASCII token ("" for only vowels)."""
    return latin_skeletons(token)[0]


@lru_cache(maxsize=200_000)
def latin_skeletons(token: str) -> tuple[str, ...]:
    """Every plausible skeleton of a token, the usual reading first."""
    choices = _readings(_NOT_LETTER.sub("", token))
    out: list[str] = []
    for combination in _fewest_changes_first(choices):
        skeleton = _finish("".join(combination))
        if skeleton not in out:
            out.append(skeleton)
        if len(out) >= MAX_VARIANTS:
            break
    return tuple(out) if out else ("",)


def _fewest_changes_first(choices: list[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Readings of the token, those departing least from the usual one first (at most
    ``MAX_READINGS``), so that ``MAX_VARIANTS`` keeps each ambiguous letter's own alternatives
    (Recep read Rejep) before the combinations of several; but the Turkish reading comes
    second (``_turkish_reading``: Recep read Rejeb, two departures a cap of single ones would
    drop)."""
    usual = tuple(c[0] for c in choices)
    ambiguous = [k for k, c in enumerate(choices) if len(c) > 1]
    yield usual
    tried = 1
    turkish = _turkish_reading(choices)
    if turkish is not None:
        yield turkish
        tried += 1
    for departures in range(1, len(ambiguous) + 1):
        for where in combinations(ambiguous, departures):
            for others in product(*(choices[k][1:] for k in where)):
                reading = list(usual)
                for k, other in zip(where, others, strict=True):
                    reading[k] = other
                yield tuple(reading)
                tried += 1
                if tried >= MAX_READINGS:
                    return


MAX_READINGS: Final = 64  # readings tried for a token at most, however many letters are ambiguous


def _readings(text: str) -> list[tuple[str, ...]]:
    """The token as a sequence of choices: a letter, or a digraph's readings."""
    choices: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        for size in (3, 2):
            readings = _DIGRAPHS.get(text[i : i + size])
            if readings is not None:
                choices.append(readings)
                i += size
                break
        else:
            choices.append(_letter_readings(text, i))
            i += 1
    return choices


def _letter_readings(text: str, i: int) -> tuple[str, ...]:
    """A single letter's readings: itself, and for a c between a vowel and a, o or u also s,
    the French ç its cedilla was dropped from (Faycal for Fayçal, فيصل); a c before a vowel or
    after one is also the Turkish c, English j (Cafer / Jafar, Vecdi / Wajdi); a final p or t
    is also the b or d that Turkish writes voiceless (Recep / رجب, Ahmet / Ahmad)."""
    letter = text[i]
    last = i == len(text) - 1
    if letter == "c" and not last:
        after_vowel = i > 0 and text[i - 1] in _VOWELS
        if after_vowel and text[i + 1] in "aou":
            return ("c", "s", "j")
        if after_vowel or text[i + 1] in "au":
            return ("c", "j")
    if last and i >= 2 and letter in _DEVOICED and text[i - 1] in _VOWELS:
        return (letter, _DEVOICED[letter])
    return (letter,)


_DEVOICED: Final = {"p": "b", "t": "d"}
_VOICED: Final = frozenset(_DEVOICED.values())
_TURKISH_C: Final = frozenset({"j", "je", "ji"})  # c read as the j of Arabic and English


def _turkish_reading(choices: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The token read as Turkish spelling means it, where that changes a c and a final letter
    at once: every c that may be a j read so, and a final p or t read b or d (Recep / Rajab,
    Necip / Najib, Mecit / Majid, Cüneyt / Junayd). None for any other token (a c alone is a
    single departure, read anyway; two c's as j, "Cecilia" read "Jejilia", is no Turkish
    name)."""
    voiced = [c for c in choices[-1][1:] if c in _VOICED] if choices else []
    if not voiced:
        return None
    head = choices[:-1]
    soft = tuple(next((c for c in choice[1:] if c in _TURKISH_C), choice[0]) for choice in head)
    if all(c == choice[0] for c, choice in zip(soft, head, strict=True)):
        return None
    return (*soft, voiced[0])


def _finish(text: str) -> str:
    text = text.replace("x", "ks").translate(_SINGLE)
    if not text:
        return ""
    head, tail = text[0], text[1:]
    tail = tail.translate(_SILENT)
    head = "" if head in "aeiou" else head
    skeleton = collapse(head + tail)
    # only a written final h (Abdullah, Fatimah), not one a vowel follows (Abdulhai)
    return drop_final_h(skeleton) if text.endswith("h") else skeleton


def shortest_skeleton(token: str) -> int:
    """A length no skeleton of ``token`` (``latin_skeletons``) falls below, found without
    reading it: every letter that always leaves a symbol counts, except where it could leave
    the symbol its neighbour leaves (doubled symbols collapse, "ck" and "sch" are one), and a
    final h may be dropped."""
    count = 0
    last = ""
    final_h = False
    for letter in token:
        if "a" <= letter <= "z":
            final_h = letter == "h"
        alike = _MAY_MERGE.get(letter)
        if alike is None:
            continue
        if not last or last not in alike:
            count += 1
        last = letter
    return count - 1 if final_h and count else count


def collapse(text: str) -> str:
    """Doubled symbols once: shadda and Latin double letters disagree about gemination."""
    known = _COLLAPSED.get(text)
    if known is None:
        if len(_COLLAPSED) >= COLLAPSE_MEMO:
            _COLLAPSED.clear()
        kept = []
        last = ""
        for symbol in text:
            if symbol != last:
                kept.append(symbol)
                last = symbol
        known = _COLLAPSED[text] = "".join(kept)
    return known


# A pure memo, a plain dictionary so that compiled callers (``aidtrace.compiled``) reach it
# without a Python-level call: the matcher collapses the same forms over and over.
COLLAPSE_MEMO: Final = 500_000
_COLLAPSED: Final[dict[str, str]] = {}


def drop_final_h(skeleton: str) -> str:
    return skeleton[:-1] if len(skeleton) > 1 and skeleton.endswith("h") else skeleton


def turkish_skeleton(token: str) -> str | None:
    """The skeleton of a Latin token with a v in it read as Turkish spelling means it, every
    consonant kept: a c that may be the Turkish c read j, a final p or t after a vowel read b or
    d, and the v kept as a consonant (written f, which no such token's own f is told from):
    Cavit and Javid both "jfd", Cevat and Javad "jfd". The usual skeletons drop the v as they
    drop و, leaving two consonants that too many names share to count. None for a token
    without a v."""
    if "v" not in token or not token.isascii():
        return None
    letters = [_turkish_letter(token, i) for i in range(len(token))]
    return latin_skeleton("".join(letters).replace("v", "f"))


def turkish_c(token: str) -> bool:
    """Whether ``token`` has a c that may be the Turkish c (an English j)."""
    if "c" not in token:
        return False  # most names: no c to read
    return any(_may_be_j(token, i) for i in range(len(token)))


def _may_be_j(token: str, i: int) -> bool:
    """A c that some reading takes as j: before e or i (``_DIGRAPHS``), or beside a vowel
    (``_letter_readings``)."""
    if token[i] != "c":
        return False
    return token[i + 1 : i + 2] in ("e", "i") or "j" in _letter_readings(token, i)


def _turkish_letter(token: str, i: int) -> str:
    if _may_be_j(token, i):
        return "j"
    voiced = _letter_readings(token, i)[-1]
    if voiced not in _VOICED or voiced in token[:i].rstrip(_VOWELS)[-1:]:
        return token[i]  # no final b or d written p or t, or one the skeleton would merge
    return voiced
