"""Romanisation variants of the names that dominate Afghan, Pakistani and Arab watchlists.

Each family lists the Latin spellings seen on lists and in aid data, and the Arabic-script
spellings (Arabic, Dari, Pashto) that read the same. A family gives a token its canonical Latin
form (used for display and exact agreement) and its plausible alternatives; tokens outside the
families are romanised letter by letter and matched through the consonant skeleton.
"""

from __future__ import annotations

from functools import lru_cache

from aidtrace.names.arabic import fold_arabic, romanise_letters

# canonical: (other Latin spellings, Arabic-script spellings)
_FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mohammad": (("muhammad", "mohammed", "muhammed", "mohamed", "mohamad", "mahomed",
                  "mehmet", "mohd", "muhamad", "mohammod"), ("محمد",)),
    "ahmad": (("ahmed", "ahmat", "ehmad"), ("احمد",)),
    "mahmoud": (("mahmood", "mahmud", "mehmood", "mahmut"), ("محمود",)),
    "abdul": (("abdel", "abdal", "abdol", "abdoul", "abd al", "abd el", "abdu"), ("عبد", "عبدال")),
    "abdullah": (("abdulla", "abdallah", "abdollah", "abdulah", "abdalla"), ("عبدالله",)),
    "ullah": (("ulla", "ulah", "allah", "ollah", "olah"), ("الله",)),
    "rahman": (("rehman", "rahaman", "rahmon"), ("رحمن", "رحمان")),
    "ghani": (("gani", "ghany"), ("غنی",)),
    "hassan": (("hasan", "hassen", "hasson"), ("حسن",)),
    "hussain": (("hussein", "husain", "hosein", "hossein", "husayn", "hosain"), ("حسین",)),
    "ali": (("aly",), ("علی",)),
    "omar": (("umar", "omer", "umer"), ("عمر",)),
    "osman": (("usman", "uthman", "othman", "osmon"), ("عثمان",)),
    "yousuf": (("yusuf", "yousef", "yusef", "yosuf", "yousaf", "youssef"), ("یوسف",)),
    "karim": (("kareem", "karem"), ("کریم",)),
    "rahim": (("raheem", "rahem"), ("رحیم",)),
    "gul": (("gol", "gull"), ("گل",)),
    "khan": (("kahn",), ("خان",)),
    "akhund": (("akhoond", "akhond", "akhwand"), ("اخوند",)),
    "akhundzada": (("akhunzada", "akhundzadah", "akhoondzada"), ("اخوندزاده",)),
    "haqqani": (("haqani", "haqqany", "hakkani"), ("حقانی",)),
    "mansour": (("mansoor", "mansur", "mansoer"), ("منصور",)),
    "jalaluddin": (("jalaludin", "jalal uddin", "jalal ud din"), ("جلال‌الدین", "جلالالدین")),
    "sirajuddin": (("sirajudin", "siraj uddin", "siraj ud din"), ("سراج‌الدین", "سراجالدین")),
    "nasrullah": (("nasrulla", "nasrallah", "nasrollah"), ("نصرالله",)),
    "hamid": (("hameed", "hamed"), ("حمید",)),
    "mustafa": (("mostafa", "moustafa", "mustapha"), ("مصطفی",)),
    "ibrahim": (("ebrahim", "ibraheem", "ibragim"), ("ابراهیم",)),
    "ismail": (("esmail", "ismael", "ismoil"), ("اسماعیل",)),
    "yaqub": (("yakub", "yacoub", "yaqoob", "yaqoub"), ("یعقوب",)),
    "zabihullah": (("zabiullah", "zabihulla", "zabihollah"), ("ذبیح‌الله", "ذبیحالله")),
    "noor": (("nur", "nour"), ("نور",)),
    "fazl": (("fazal", "fadl", "fazel"), ("فضل",)),
    "qasim": (("qasem", "kasim", "qassim", "qassem"), ("قاسم",)),
    "said": (("saeed", "sayeed", "saed"), ("سعید",)),
    "amir": (("ameer", "emir"), ("امیر",)),
    "jan": (("jaan",), ("جان",)),
    "shah": (("sha",), ("شاه",)),
    "zai": (("zay",), ("زی",)),
    "baradar": (("biradar", "beradar"), ("برادر",)),
}  # fmt: skip


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    latin: dict[str, str] = {}
    arabic: dict[str, str] = {}
    for canonical, (spellings, scripts) in _FAMILIES.items():
        for spelling in (canonical, *spellings):
            latin[spelling.replace(" ", "")] = canonical
        for script in scripts:
            arabic[fold_arabic(script)] = canonical
    return latin, arabic


def canonical_latin(token: str) -> str:
    """The family's canonical spelling for a Latin token, or the token itself."""
    return _tables()[0].get(token, token)


_PREFIX = fold_arabic("عبدال")
_SUFFIX = fold_arabic("الله")


def romanise(folded: str) -> str:
    """The most plausible Latin form of one folded Arabic-script token."""
    known = _tables()[1].get(folded)
    if known is not None:
        return known
    if folded.startswith(_PREFIX) and len(folded) > len(_PREFIX) + 1:
        return "abdul" + romanise(folded[len(_PREFIX) :])
    if folded.endswith(_SUFFIX) and len(folded) > len(_SUFFIX) + 1:
        return romanise(folded[: -len(_SUFFIX)]) + "ullah"
    return romanise_letters(folded)


def spellings(token: str) -> tuple[str, ...]:
    """Every plausible Latin spelling of a token (Latin or folded Arabic), canonical first."""
    canonical = romanise(token) if not token.isascii() else canonical_latin(token)
    family = _FAMILIES.get(canonical)
    if family is None:
        return (canonical,)
    return (canonical, *family[0])
