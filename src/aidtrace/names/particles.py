"""Name particles: the small words of Arabic, Pashto and European names, and the compounds
they form.

"Abdul Ghani", "Abd al-Ghani", "Abdulghani" and "عبدالغنی" are one name part, as are "Hafiz
Ullah"/"Hafizullah", "Ahmad Zai"/"Ahmadzai" and "Jalal ud Din"/"Jalaluddin". Writing joins or
splits them at will, so compounds are rebuilt before matching: a prefix (abd-, abu) joins the next
token, a suffix (-ullah, -uddin, -zai) the previous one, a linking "ul/ud/ur" both.
"""

from __future__ import annotations

import re
from typing import Final

from aidtrace.names.arabic import fold_arabic

# Spellings of the "servant of" prefix -> one form, so that the compounds compare equal.
_ABD = {"abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abdu", "abdou", "abdoul"}
_ABU = {"abu", "abou", "abo"}
_SUFFIXES = {
    **dict.fromkeys(("ullah", "ulla", "ulah", "allah", "ollah", "olah"), "ullah"),
    **dict.fromkeys(
        ("uddin", "udin", "uddeen", "addin", "eddin", "eddine", "eldin", "aldin", "uldin"), "uddin"
    ),
    **dict.fromkeys(("zai", "zay", "zoy"), "zai"),
    **dict.fromkeys(("zada", "zadah", "zadeh"), "zada"),
    **dict.fromkeys(("khel", "khail", "khil"), "khel"),
}
_ARTICLES = {"al", "el", "ul", "ar", "as", "ad", "ur", "us", "ال"}  # after abd-, abu
_DIN = {"din", "deen", "dine", "ddin"}  # "saif al din", "saif-ud-deen" -> "saifuddin"
_LINKS = {"ul", "ud", "ur", "us"}  # between two name parts

# Standalone particles: kept for scoring with little weight.
_LATIN_PARTICLE_WORDS = """
bin ibn bint binti ben ibnu abu abou al el ul ud ur de da di du del della der den van von la le
dos das do y e ould wuld walad the and of
"""
LATIN_PARTICLES = frozenset(_LATIN_PARTICLE_WORDS.split())
_ARABIC_PARTICLES = frozenset(fold_arabic(w) for w in ["بن", "ابن", "بنت", "ابو", "ال", "و", "ولد"])
_ARABIC_PREFIX = fold_arabic("عبد")
_ARABIC_ABU = fold_arabic("ابو")
_ARABIC_SUFFIXES = frozenset(
    fold_arabic(w) for w in ("الله", "الدین", "الدين", "زی", "زاده", "خیل")
)


_ARABIC_ARTICLE = fold_arabic("ال")
# Names that begin with the letters of the article without having one.
_NOT_ARTICLE = frozenset(fold_arabic(w) for w in ("الیاس", "الهام", "الماس", "الله", "الهه"))


def split_article(token: str) -> list[str]:
    """ "التکریتی" -> "ال" + "تکریتی": Latin writes the article apart (al-Tikriti). In Latin,
    an article written onto a name whose first consonant it doubles, as Arabic assimilates it
    to a sun letter, is split off too ("Elsseid" -> el + sseid, الصيد)."""
    if (
        token.startswith(_ARABIC_ARTICLE)
        and len(token) > 3
        and token not in _NOT_ARTICLE
        and token not in _ARABIC_SUFFIXES
    ):
        return [_ARABIC_ARTICLE, token[2:]]
    if _JOINED_ARTICLE.match(token) is not None:
        return [token[:2], token[2:]]
    return [token]


# al or el, then a sun letter doubled and a vowel: the article assimilated, written joined
_JOINED_ARTICLE: Final = re.compile(r"[ae]l([tdrzsn])\1[aeiouy]\w{2,}$")


def is_suffix(token: str) -> bool:
    """True for a piece that belongs to the previous token ("Hafiz Ullah" is one name)."""
    return token in _SUFFIXES or token in _ARABIC_SUFFIXES


def is_particle(token: str) -> bool:
    return token in LATIN_PARTICLES or token in _ARABIC_PARTICLES


def join_compounds(tokens: list[str]) -> list[str]:
    """Rebuild compound name parts from separately written pieces (Latin or Arabic script)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and (tok in _ABD or tok in _ABU or tok in (_ARABIC_PREFIX, _ARABIC_ABU)):
            head = "abdul" if tok in _ABD else "abu" if tok in _ABU else tok
            # "abd al ghani": the article belongs to the compound ("abdul" already spells it)
            if nxt in _ARTICLES and i + 2 < len(tokens):
                i += 1
                head += "" if head == "abdul" else nxt
                nxt = tokens[i + 1]
            out.append(head + nxt)
            i += 2
            continue
        if out and nxt in _DIN and (tok in _ARTICLES or tok in ("ud", "ed")):
            out[-1] += "uddin"
            i += 1
        elif out and (tok in _SUFFIXES or tok in _ARABIC_SUFFIXES):
            out[-1] += _SUFFIXES.get(tok, tok)
        elif out and tok in _LINKS and nxt is not None and nxt not in _SUFFIXES:
            out[-1] += tok + nxt  # "zia ul haq" -> "ziaulhaq"
            i += 1
        else:
            out.append(tok)
        i += 1
    return out
