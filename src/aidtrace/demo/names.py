"""Afghan given names built from the token pools, and how a person's name is written.

A given name is one of a few shapes: a plain name (Ahmad), "Mohammad X", "Ghulam X", "Abdul X"
(Abdur Rahman before a sun letter), "X-ullah" (Hekmatullah / Hikmatulah) or "X-uddin". Each has
one Perso-Arabic spelling and four Latin spellings; a *style* (0–3) picks the spelling, so one
enumerator's habit (Muhammad, -ulah) shows through a whole list, as on real lists.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from aidtrace.demo.namepool import ABDUL, FAMILY, FEMALE, MALE, TITLES, ULLAH, Token

STYLES = 4
ZWNJ = "\u200c"  # zero-width non-joiner: "حکمت‌الله" is written both with and without it
SUN_LETTERS = ("R", "S", "T", "Z", "N", "D", "L")
MOHAMMAD_X = "Nabi Yousuf Ishaq Omar Akbar Hashim Aslam Qasim Rafiq Dawood Ibrahim Ismail Naeem "
MOHAMMAD_X += "Tahir Zahir Nasir Karim Jan Gul Khan Ali Hassan Hussain Younus Sharif Aziz Nasim"
GHULAM_X = "Nabi Rasool Sakhi Sarwar Mohammad Ali Hussain Farid Haidar"
PAIRS = (
    "Noor Mohammad|Noor Ahmad|Noor Agha|Gul Ahmad|Gul Mohammad|Gul Agha|Sher Mohammad|Sher Ahmad|"
    "Sher Agha|Sher Khan|Gul Khan|Shah Mahmood|Shah Jan|Gul Jan|Ahmad Shah|Ahmad Jan|Ali Ahmad|"
    "Juma Khan|Din Mohammad|Khan Mohammad|Agha Mohammad"
)
UDDIN = (
    "جلال|Jalal,Jalal,Jalal,Jalal",
    "صلاح|Salah,Salah,Salah,Salah",
    "شمس|Shams,Shams,Shams,Shams",
    "کمال|Kamal,Kamal,Kamal,Kamal",
    "نظام|Nizam,Nezam,Nizam,Nizam",
    "ضیاء|Zia,Zia,Ziya,Zia",
    "معین|Moin,Moin,Mueen,Moin",
    "نجم|Najm,Najm,Najm,Najam",
    "فخر|Fakhr,Fakhr,Fakhar,Fakhr",
    "سراج|Siraj,Seraj,Siraj,Siraj",
    "ناصر|Nasir,Naser,Nasir,Nasser",
)


@dataclass(frozen=True)
class GivenName:
    fa: str
    latin: tuple[str, ...]  # one spelling per style

    def render(self, style: int) -> str:
        return self.latin[style % len(self.latin)]


def _join(tokens: Sequence[Token], sep_fa: str = " ") -> GivenName:
    fa = sep_fa.join(t.fa for t in tokens)
    return GivenName(fa, tuple(" ".join(t.latin[s] for t in tokens) for s in range(STYLES)))


def _abdul(t: Token) -> GivenName:
    head = t.latin[0]
    sun = head.startswith(SUN_LETTERS)
    article = f"Abdu{head[0].lower()}" if sun else "Abdul"
    forms = (
        f"Abdul {head}",
        f"Abdul{t.latin[1].lower()}",
        f"Abd al-{t.latin[2]}",
        f"{article} {head if sun else t.latin[3]}",
    )
    return GivenName(f"عبدال{t.fa}", forms)


def _ullah(t: Token, index: int) -> GivenName:
    fa = t.fa + (ZWNJ if index % 2 else " ") + "الله"
    s = t.latin
    return GivenName(fa, (f"{s[0]}ullah", f"{s[1]}ullah", f"{s[2]}ulah", f"{s[3]} Ullah"))


def _uddin(spec: str) -> GivenName:
    fa, latin = spec.split("|")
    s = latin.split(",")
    forms = (f"{s[0]}uddin", f"{s[1]}-ud-Din", f"{s[2]}udin", f"{s[3]} al-Din")
    return GivenName(fa + ZWNJ + "الدین", forms)


def _male_pool() -> list[tuple[GivenName, float]]:
    out: list[tuple[GivenName, float]] = []
    plain = [t for k, t in MALE.items() if k not in ("Jan", "Gul", "Khan", "Agha", "Din", "Ghulam")]
    out += [(_join([t]), 1.0) for t in plain]
    out += [(_join([MALE["Mohammad"], MALE[x]]), 1.8) for x in MOHAMMAD_X.split()]
    out += [(_join([MALE["Ghulam"], MALE[x]]), 0.9) for x in GHULAM_X.split()]
    out += [(_join([MALE[a] for a in pair.split()]), 0.8) for pair in PAIRS.split("|")]
    out += [(_abdul(t), 1.6) for t in ABDUL.values()]
    out += [(_ullah(t, i), 1.5) for i, t in enumerate(ULLAH.values())]
    out += [(_uddin(spec), 0.6) for spec in UDDIN]
    return out


def _zipf(pool: list[tuple[GivenName, float]]) -> list[tuple[GivenName, float]]:
    # Within each shape, earlier names are commoner: a gentle Zipf tail on the hand weights.
    return [(name, w / (1 + 0.06 * i)) for i, (name, w) in enumerate(pool)]


class NamePool:
    """Weighted draws of given names, father's names, family names and titles."""

    def __init__(self) -> None:
        male = _zipf(_male_pool())
        female = _zipf([(_join([t]), 1.0) for t in FEMALE.values()])
        self.male = [n for n, _ in male]
        self.female = [n for n, _ in female]
        self.family = [_join([t]) for t in FAMILY.values()]
        self.titles = [_join([t]) for t in TITLES.values()]
        self._male_cum = list(itertools.accumulate(w for _, w in male))
        self._female_cum = list(itertools.accumulate(w for _, w in female))
        self.male_index = {n.latin[0]: i for i, n in enumerate(self.male)}

    def male_name(self, rng: random.Random) -> int:
        return bisect.bisect(self._male_cum, rng.random() * self._male_cum[-1])

    def female_name(self, rng: random.Random) -> int:
        return bisect.bisect(self._female_cum, rng.random() * self._female_cum[-1])

    def given(self, index: int, female: bool) -> GivenName:
        return self.female[index] if female else self.male[index]


def title_case(name: str) -> str:
    """UN lists write names in capitals; registration lists do not."""
    return " ".join(part[:1].upper() + part[1:].lower() for part in name.split())
