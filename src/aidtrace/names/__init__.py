"""Names: normalisation, the Perso-Arabic layer, romanisation variants, titles, particles,
token rarity and the consonant skeleton that bridges spellings and scripts."""

from aidtrace.names.analyze import analyse
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity

__all__ = ["AnalysedName", "NameToken", "Script", "TokenRarity", "TokenRole", "analyse"]
