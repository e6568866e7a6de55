"""The consonant skeleton of a Latin-script name token: the key that bridges romanisation
variants (Mohammad, Muhammad, Mohammed → "mhmd") and Arabic script ("محمد" → "mhmd").

Letters that stand for one Arabic letter become one symbol (kh → x, sh → S, ch → c, zh/dj → j,
gh → g, q/c/ck → k, v → w, ph → f); vowels are dropped; w and y count only at the start of a
word; a final h is dropped (Abdullah/عبدالله, Fatimah/فاطمه); doubled letters collapse.

Some digraphs are ambiguous, so a token also has alternative skeletons: "sh" is one letter in
Shah but two in Ishaq (اسحاق), "th" is t, s or z depending on the romaniser (Thomas, Uthman,
Kathim for کاظم), "ch" is the English or the French sound (Chaudhry, Alouche).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import Final

MAX_VARIANTS: Final = 6

# digraph -> its readings, the usual one first; upper case marks a symbol already final
_DIGRAPHS: Final[dict[str, tuple[str, ...]]] = {
    "sch": ("S",),
    "dj": ("j",),
    "kh": ("X", "kh", "h"),  # Russian romanisers write خ/Х as kh, others as h (Akhmed/Ahmed)
    "sh": ("S", "sh"),
    "gh": ("g",),
    "ch": ("C", "S"),
    "zh": ("j", "zh"),
    "th": ("t", "s", "z"),
    "dh": ("z", "d"),
    "ph": ("f",),
    "ck": ("k",),
    "ou": ("u",),
    "ce": ("se", "ke"),  # French and English soft c (Lounici, Cecil)
    "ci": ("si", "ki"),
}
# one symbol for one (x, two symbols, is spelled out first); vowels, w and y out of the tail
_SINGLE: Final = str.maketrans("qcvXC", "kkwxc")
_SILENT: Final = str.maketrans("", "", "aeiouwy")
_NOT_LETTER: Final = re.compile(r"[^a-z]")


def latin_skeleton(token: str) -> str:
    """The usual consonant skeleton of one lower-case ASCII token ("" for only vowels)."""
    return latin_skeletons(token)[0]


@lru_cache(maxsize=200_000)
def latin_skeletons(token: str) -> tuple[str, ...]:
    """Every plausible skeleton of a token, the usual reading first."""
    choices = _readings(_NOT_LETTER.sub("", token))
    out: list[str] = []
    for combination in product(*choices):
        skeleton = _finish("".join(combination))
        if skeleton not in out:
            out.append(skeleton)
        if len(out) >= MAX_VARIANTS:
            break
    return tuple(out) if out else ("",)


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
            choices.append((text[i],))
            i += 1
    return choices


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
