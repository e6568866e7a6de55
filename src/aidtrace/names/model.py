"""The analysed form of a name that the index and the scorer work on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TokenRole(StrEnum):
    NAME = "name"  # a name part that identifies
    PARTICLE = "particle"  # bin, ibn, abu, al, de, van… (little evidence on its own)
    TITLE = "title"  # Mullah, Haji, Dr… (never evidence)
    ORG_TYPE = "org_type"  # Ltd, LLC, JSC… (little evidence)
    NUMBER = "number"  # digits or a roman numeral, which must agree exactly
    INITIAL = "initial"  # a single letter standing for a name part
    PLACE = "place"  # a country in an organisation's name: "Bank of China", "Santander Chile"


class Script(StrEnum):
    LATIN = "Latin"  # Latin, or a script rigour transliterates reliably (Cyrillic, Greek…)
    ARABIC = "Arabic"  # Perso-Arabic: Arabic, Dari, Pashto, Urdu
    OTHER = "Other"  # transliterated lossily (Han, Thai, Hebrew…)


@dataclass(frozen=True, slots=True)
class NameToken:
    """One token: ``text`` in its own (folded) script, ``form`` its Latin form, ``skeleton``
    its consonant skeleton, the bridge between romanisations and scripts."""

    text: str
    form: str
    skeleton: str
    role: TokenRole
    script: Script
    alternatives: tuple[str, ...] = ()  # other plausible skeletons (ambiguous letters)

    @property
    def skeletons(self) -> tuple[str, ...]:
        return (self.skeleton, *self.alternatives)

    @property
    def evidence(self) -> bool:
        return self.role in (TokenRole.NAME, TokenRole.NUMBER, TokenRole.PLACE)


@dataclass(frozen=True, slots=True)
class AnalysedName:
    original: str
    tokens: tuple[NameToken, ...]

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens if t.role is TokenRole.TITLE)

    @property
    def scored(self) -> tuple[NameToken, ...]:
        """The tokens that take part in scoring: everything but titles."""
        return tuple(t for t in self.tokens if t.role is not TokenRole.TITLE)

    @property
    def skeleton(self) -> str:
        """The skeleton of the whole name in written order, without particles or titles."""
        return "".join(t.skeleton for t in self.tokens if t.evidence)
