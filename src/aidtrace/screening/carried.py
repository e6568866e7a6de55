"""Whether the name parts of a screening hit agree by the same name, or only resemble.

Both screening monitors (organisations, and people at import) raise a hit only when the
screened name carries the listed name part for part by the *same* names: exactly, as another
romanisation (Mohamad / Mohammad) or across scripts (عمر / Omar). A part that only resembles
the listed one does not count:

- an edit that could be a typo, or an initial: Qasim / Nasim and Tahir / Zahir are different
  names, not misspellings;
- two names the romanisation tables know as *different* names that happen to share their
  consonants: Ahmad / Hamid, Mahmud / Muhammad, Hassan / Hussain. The consonant skeleton
  cannot see the vowels (or, in Dari and Pashto, the alef of احمد against the ح of حمید) that
  tell them apart; the tables can. A name the tables do not know is still matched by its
  consonants (Sher / Shir, Rasheed / رشید).
"""

from __future__ import annotations

from typing import Final

from aidtrace.names.variants import spellings
from aidtrace.screening.match import TokenPair

# Ways a part may agree without being the same name.
RESEMBLES: Final = ("typo", "initial")
# Agreements by consonants alone, which two different known names may reach.
BY_SOUND: Final = ("skeleton", "cross-script")


def known_name(token: str) -> str | None:
    """The canonical spelling of the known name ``token`` spells (Latin or Arabic script), or
    None when the romanisation tables do not know it."""
    found = spellings(token)
    return found[0] if len(found) > 1 else None


def different_known_names(pair: TokenPair) -> bool:
    """Whether a pair agreeing by its consonants is two names the tables know apart."""
    if pair.how not in BY_SOUND:
        return False
    query, listed = known_name(pair.query), known_name(pair.listed)
    return query is not None and listed is not None and query != listed


def same_name(pair: TokenPair) -> bool:
    """Whether a matched pair of name parts is the same name, not only a resemblance."""
    if any(kind in pair.how for kind in RESEMBLES):
        return False
    return not different_known_names(pair)
