"""Titles and honorifics: words that say what a person is, not who.

Afghan and wider Muslim usage puts religious, pilgrimage, lineage and military titles in front of
names ("Mullah Abdul Ghani Baradar", "Maulavi Abdul Kabir", "Alhaj Khairullah"); a beneficiary
record may carry one and the list not, or the other way round. They are recognised, kept for the
explanation, and never counted as name evidence. Person prefixes known to ``rigour`` (Mr, Dr,
President…) join them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from rigour._core import person_name_prefixes_list

from aidtrace.names.arabic import fold_arabic

_LATIN_TITLES = """
mullah mulla molla mola mullo mawlawi maulavi maulvi moulavi mawlavi molvi molavi mowlawi
maulana mawlana moulana qari qary hafiz hafez hafiza mufti haji hajji hadji hajj alhaj
alhaji alhajj elhaj sheikh shaikh shaykh sheik shekh cheikh sayed sayyed sayyid syed sayid
seyed seyyed sayyad engineer eng engr dr doctor commander qomandan comandan kumandan general
gen colonel col brigadier major captain capt lieutenant lt mr mrs ms miss sir madam prof
professor amir emir mohtaram janab sahib saheb sahab ustad ostad pir wakil mir
pahlawan pahlavan pahlwan palwan
"""

_ARABIC_TITLES = """
ملا ملا مولوی مولانا قاری حافظ مفتی حاجی الحاج شیخ سید سيد انجنیر انجینیر مهندس داکتر دکتر
قوماندان جنرال امیر استاد جناب محترم پهلوان صاحب
"""

# "Mir" and "Amir" are also given names, "Sahib" the second part of one (Abdul Sahib); they
# count as titles only at the front or after another title ("Haji Sahib Rohullah").
AMBIGUOUS = frozenset(
    {"mir", "amir", "emir", "sayed", "syed", "sayyid", "pir", "sheikh", "sahib", "saheb", "sahab",
     fold_arabic("صاحب")}
)  # fmt: skip


# Titles that Afghan usage writes onto the name part that follows ("Amirkhan", "امیرخان" for
# Amir Khan, "Mirjan", "Amirgul"), and the parts so written: the short second parts of Afghan
# compound names, so that a name which merely begins with a title's letters (Mirwais,
# Hafizullah, Piroz) is never split. Mohammad, Ahmad and Ali are not among them: Amirmohammad,
# Amirali and Mirahmad are given names of their own, common in Iran, and read as a title and
# Mohammad they met listed Mohammads (nine more false alerts among the 50,000 names of the
# yente benchmark's negatives).
_GLUED_TITLES: Final = """
amir emir mir haji hajji mullah mulla sayed sayyed sayyid syed pir sheikh shaikh qari hafiz
امیر میر حاجی ملا سید پیر شیخ قاری حافظ
"""
_GLUED_PARTS: Final = """
khan jan gul shah
خان جان گل شاه
"""


@lru_cache(maxsize=1)
def _glued() -> tuple[tuple[str, ...], frozenset[str]]:
    """The titles that may be written onto a name (longest first) and the parts they may be
    written onto, in lower-case Latin and folded Arabic script."""
    heads = {fold_arabic(w) for w in _GLUED_TITLES.split()}
    parts = frozenset(fold_arabic(w) for w in _GLUED_PARTS.split())
    return tuple(sorted(heads, key=len, reverse=True)), parts


def unglued(token: str) -> tuple[str, str] | None:
    """A title written onto a common name part, read as the two words it is written apart
    ("amirkhan" -> "amir", "khan"; "امیرخان" -> "امیر", "خان"), else None."""
    heads, parts = _glued()
    for head in heads:
        if token.startswith(head) and token[len(head) :] in parts:
            return head, token[len(head) :]
    return None


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every title token, in lower-case Latin and folded Arabic script."""
    words = set(_LATIN_TITLES.split())
    words.update(fold_arabic(w) for w in _ARABIC_TITLES.split())
    for prefix in person_name_prefixes_list():
        if " " not in prefix and prefix.isascii():
            words.add(prefix.lower().rstrip("."))
    return frozenset(words)


def is_title(token: str) -> bool:
    """True for a title or honorific token (already normalised)."""
    return token in title_words()
