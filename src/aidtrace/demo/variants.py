"""How a listed name turns up, altered, on a payroll, a vendor register or a beneficiary list.

The alterations are the ones that defeat exact matching in practice: another romanisation
(Mohammed → Muhammad, -ullah → -ulah, Abdul → Abd al-), an honorific added (Haji, Mullah),
a token dropped (the grandfather's name, a second given name), and the Perso-Arabic original in
place of, or beside, the Latin name.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum

from aidtrace.demo.listed import Listed
from aidtrace.demo.namepool import ABDUL, FAMILY, FEMALE, MALE, TITLES, ULLAH

# Any known Latin spelling of a token → every spelling of it.
SPELLINGS: dict[str, tuple[str, ...]] = {}
SCRIPT: dict[str, str] = {}  # any known Latin spelling → the Perso-Arabic spelling
for _table in (MALE, ABDUL, ULLAH, FEMALE, FAMILY, TITLES):
    for _token in _table.values():
        for _form in _token.latin:
            SPELLINGS.setdefault(_form.lower(), tuple(dict.fromkeys(_token.latin)))
            SCRIPT.setdefault(_form.lower(), _token.fa)
RULES = (
    (r"\bMohammed\b", "Muhammad"),
    (r"\bMuhammad\b", "Mohammad"),
    (r"\bMohammad\b", "Mohammed"),
    (r"ullah\b", "ulah"),
    (r"\bAbdul ", "Abd al-"),
    (r"\bAbdul", "Abdul "),
    (r"ee", "i"),
    (r"oo", "u"),
    (r"ou", "u"),
    (r"\bQ", "K"),
    (r"i\b", "y"),
    (r"u", "o"),
    (r"a", "e"),
)
SUFFIXES = (" Company", " Ltd", " Co.", " Hawala")


class Variation(StrEnum):
    ROMANISATION = "romanisation"
    TITLE_ADDED = "title_added"
    TOKEN_DROPPED = "token_dropped"
    PERSO_ARABIC = "perso_arabic"


@dataclass(frozen=True)
class Variant:
    listed: Listed
    parts: tuple[str, ...]  # given, father, grandfather (persons) or the name (entities)
    fa: str
    variations: tuple[Variation, ...]

    @property
    def full(self) -> str:
        return " ".join(p for p in self.parts if p)

    def planted(self, role: str) -> dict[str, object]:
        """The ground truth's detail of this variant planted as ``role`` (beneficiary, staff,
        vendor...): the listed name and how it was written."""
        return {
            "role": role,
            "listed_ref": self.listed.ref,
            "listed_name": self.listed.full,
            "written_name": self.full,
            "written_name_fa": self.fa,
            "variations": [x.value for x in self.variations],
        }


def romanise(text: str, rng: random.Random) -> str:
    """Another plausible romanisation of ``text`` (always different from it)."""
    words = text.split()
    for i in rng.sample(range(len(words)), len(words)):
        forms = [f for f in SPELLINGS.get(words[i].lower(), ()) if f.lower() != words[i].lower()]
        if forms:
            words[i] = rng.choice(forms)
            return " ".join(words)
    for pattern, repl in RULES:
        changed = re.sub(pattern, repl, text, count=1)
        if changed != text:
            return changed
    return text + "a"


def transliterate(text: str) -> str:
    """The Perso-Arabic spelling when every word is a known token, else "" (left blank)."""
    words = [SCRIPT.get(w.lower()) for w in text.split()]
    return " ".join(w for w in words if w) if all(words) else ""


def _person(listed: Listed, rng: random.Random, variations: list[Variation]) -> Variant:
    parts = list(listed.parts[:3])
    if Variation.TOKEN_DROPPED in variations:
        if len(parts) == 3:
            parts.pop()
        elif len(words := parts[1].split()) > 1:
            parts[1] = words[0]
        else:
            parts[0] = parts[0].split()[0] if " " in parts[0] else parts[0]
    if Variation.ROMANISATION in variations:
        i = rng.randrange(len(parts))
        parts[i] = romanise(parts[i], rng)
    if Variation.TITLE_ADDED in variations:
        first = parts[0].split()[0]
        options = [t for t in (*listed.titles, "Haji", "Mullah", "Maulavi") if t != first]
        title = options[0] if listed.titles and options[0] in listed.titles else rng.choice(options)
        parts[0] = f"{title} {parts[0]}"
    fa = listed.fa if Variation.PERSO_ARABIC in variations else ""
    return Variant(listed, tuple(parts), fa, tuple(variations))


def _entity(listed: Listed, rng: random.Random, variations: list[Variation]) -> Variant:
    name = listed.parts[0]
    if Variation.TOKEN_DROPPED in variations:
        trimmed = next((name[: -len(s)] for s in SUFFIXES if name.endswith(s)), "")
        name = trimmed or " ".join(name.split()[:-1]) or name
    if Variation.ROMANISATION in variations:
        name = romanise(name, rng)
    fa = listed.fa if Variation.PERSO_ARABIC in variations else ""
    return Variant(listed, (name,), fa, tuple(variations))


def make_variant(listed: Listed, rng: random.Random) -> Variant:
    """One or two alterations, chosen at random; never the listed name verbatim in Latin."""
    choices = (
        list(Variation) if listed.person else [Variation.ROMANISATION, Variation.TOKEN_DROPPED]
    )
    if listed.fa:
        choices.append(Variation.PERSO_ARABIC)
    picked = sorted(set(rng.sample(choices, rng.choice((1, 2)))))
    if picked == [Variation.PERSO_ARABIC]:
        picked = [Variation.ROMANISATION, Variation.PERSO_ARABIC]
    variations = [Variation(v) for v in picked]
    return (_person if listed.person else _entity)(listed, rng, variations)
