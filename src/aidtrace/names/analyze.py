"""From a raw name string to an ``AnalysedName``: normalised, tokenised, titles marked,
compounds rebuilt, every token given a Latin form and a consonant skeleton.

Latin, Cyrillic, Greek, Armenian and Georgian go through rigour's transliteration; Perso-Arabic
script goes through our own layer (``arabic``); other scripts (Han, Thai, Hebrew…) get rigour's
lossy ASCII and are marked as such so the scorer trusts them less.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.names import replace_org_types_compare, tokenize_name
from rigour.territories import lookup_territory
from rigour.text.scripts import is_modern_alphabet
from rigour.text.translit import ascii_text

from aidtrace.names import particles, titles
from aidtrace.names.arabic import arabic_skeletons, fold_arabic, is_arabic_script
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.numbers import numbers_as_digits
from aidtrace.names.particles import join_compounds
from aidtrace.names.skeleton import latin_skeletons
from aidtrace.names.variants import canonical_latin, romanise


@lru_cache(maxsize=1)
def _org_type_words() -> frozenset[str]:
    words = "ltd llc jsc ojsc pjsc cjsc inc corp co plc gmbh ag sa srl sarl bv nv ooo oao zao"
    return frozenset(words.split())


@lru_cache(maxsize=1)
def _trade_words() -> frozenset[str]:
    """Words that say what a firm does, not whose it is: in "Obaidullah Sher Ahmed Trading
    Company" only the owner's names identify, and "Money Exchange" or "Construction" shared by
    two firms says nothing. English as registered in Afghanistan, and Dari/Pashto."""
    latin = (
        "trading company companies construction exchange money hawala brothers services "
        "logistics transport transportation import export enterprise enterprises group"
    )
    perso_arabic = "شرکت تجارتی ساختمانی ساختمان صرافی حواله برادران خدمات لوژستیک ترانسپورت"
    return frozenset(latin.split()) | frozenset(fold_arabic(w) for w in perso_arabic.split())


def trade_words_demoted(name: AnalysedName) -> AnalysedName:
    """A name that may be a firm's, read as a person's: the trade words in it ("Trading
    Company", "شرکت تجارتی") are legal-form-like words, not name parts, so a firm named after
    a listed person still meets that person, and "Trading" never conflicts with a father's name."""
    trade = _trade_words()
    if not any(t.role is TokenRole.NAME and t.text in trade for t in name.tokens):
        return name
    tokens = tuple(
        make_token(t.text, TokenRole.ORG_TYPE)
        if t.role is TokenRole.NAME and t.text in trade
        else t
        for t in name.tokens
    )
    return AnalysedName(name.original, tokens)


def analyse(name: str, organisation: bool = False) -> AnalysedName:
    """Analyse one name; ``organisation`` turns on legal-form normalisation (Ltd, LLC, ООО…)."""
    return _analyse(name, organisation)


@lru_cache(maxsize=100_000)
def _analyse(name: str, organisation: bool) -> AnalysedName:
    text = unicodedata.normalize("NFKC", name)
    text = (_split_glued_legal_form(text) if organisation else text).casefold()
    if is_arabic_script(text):
        text = fold_arabic(text)
    if organisation:
        text = replace_org_types_compare(text, generic=True)
    else:
        text = _given_name_first(text)
    raw = numbers_as_digits(tokenize_name(text))
    raw = [_to_latin_if_possible(t) for t in raw]
    raw = [part for t in raw if t for part in particles.split_article(t)]
    raw = _unglue_titles(raw)
    roles = _title_roles(raw)
    kept = [t for t, r in zip(raw, roles, strict=True) if r is not TokenRole.TITLE]
    tokens = [make_token(t, TokenRole.TITLE) for t, r in zip(raw, roles, strict=True) if r]
    for tok in join_compounds(kept):
        tokens.append(make_token(tok, _role(tok, organisation)))
    return AnalysedName(name, tuple(tokens))


_GLUED_FORM = re.compile(r"(?<=[a-z])([A-Z][A-Za-z]{1,4})$")


def _split_glued_legal_form(text: str) -> str:
    """ "SiemensAG" as "Siemens AG": a capitalised legal form written onto the name."""
    match = _GLUED_FORM.search(text)
    if match is None or match.group(1).lower() not in _org_type_words():
        return text
    return f"{text[: match.start()]} {match.group(1)}"


def _given_name_first(text: str) -> str:
    """ "KAMMOUN, MEHDI" (the lists' "SURNAME, Given" order) as "MEHDI KAMMOUN"."""
    family, comma, given = text.partition(",")
    if not comma or "," in given or not family.strip() or not given.strip():
        return text
    return f"{given.strip()} {family.strip()}"


def _to_latin_if_possible(token: str) -> str:
    if is_arabic_script(token):
        return token
    if token.isascii():
        return _unleet(token)
    if is_modern_alphabet(token):
        return ascii_text(token).lower().replace("'", "")
    return token


def _unleet(token: str) -> str:
    """ "I9or Sech1n": digits inside a word are letters typed as look-alikes."""
    if token.isalpha() or token.isdigit() or not any(c.isalpha() for c in token):
        return token
    return token.translate(_LEET)


def _unglue_titles(tokens: list[str]) -> list[str]:
    """A title written onto the name part after it ("Amirkhan Muttaqi", "امیرخان متقی") is read
    as written apart, where a title would be read as one (first, or after another title) and
    another name part follows: the joined name then scores as the spaced one does."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        where = i + 1 < len(tokens) and (not out or titles.is_title(out[-1]))
        split = titles.unglued(tok) if where else None
        out.extend(split or (tok,))
    return out


def _title_roles(tokens: list[str]) -> list[TokenRole | None]:
    """Titles are marked while at least one other token remains to be the name."""
    roles: list[TokenRole | None] = [None] * len(tokens)
    remaining = len(tokens)
    for i, tok in enumerate(tokens):
        if remaining <= 1 or not titles.is_title(tok):
            continue
        if tok in titles.AMBIGUOUS and i != 0 and roles[i - 1] is not TokenRole.TITLE:
            continue  # "Mir" mid-name is a name; after a title it is one more ("Amir Sayyid")
        if i + 1 < len(tokens) and particles.is_suffix(tokens[i + 1]):
            continue  # "Hafiz Ullah" is the name Hafizullah, not a title
        roles[i] = TokenRole.TITLE
        remaining -= 1
    return roles


_ROMAN = frozenset(["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"])
# In a person's name these are a name (the surname Xi, the given name Vi) or an initial.
_NAME_LIKE_ROMAN = frozenset(["v", "x", "vi", "xi"])
_LEET = str.maketrans("013457@$9", "oieastasg")


@lru_cache(maxsize=50_000)
def _is_country(token: str) -> bool:
    if len(token) < 4 or not token.isascii():
        return False
    territory = lookup_territory(token)
    return territory is not None and territory.code != "zz"


def load_tables() -> None:
    """Load the territory names that ``_is_country`` looks up, which are read on first use (a
    second of CPU): a process about to fork screening workers loads them once for all of them."""
    lookup_territory("afghanistan")


def _role(token: str, organisation: bool) -> TokenRole:
    if token.isdigit() or (token in _ROMAN and (organisation or token not in _NAME_LIKE_ROMAN)):
        return TokenRole.NUMBER  # "Fund IX", "Solutions II"; a lone "V." is an initial
    if len(token) == 1 and token.isascii() and token.isalpha():
        return TokenRole.INITIAL
    if particles.is_particle(token):
        return TokenRole.PARTICLE
    if organisation and (token in _org_type_words() or token in _trade_words()):
        return TokenRole.ORG_TYPE
    if organisation and _is_country(token):
        return TokenRole.PLACE
    return TokenRole.NAME


@lru_cache(maxsize=200_000)
def make_token(text: str, role: TokenRole) -> NameToken:
    """One normalised token with its Latin form and skeletons (also for tokens the matcher
    builds by joining two that one writer split: "Khudai Rahim" / "خدایرحیم")."""
    if is_arabic_script(text):
        first, *others = arabic_skeletons(text)
        return NameToken(text, romanise(text), first, role, Script.ARABIC, tuple(others))
    if text.isascii():
        first, *others = latin_skeletons(text)
        return NameToken(text, canonical_latin(text), first, role, Script.LATIN, tuple(others))
    form = "".join(c for c in ascii_text(text).lower() if c.isalnum())
    first, *others = latin_skeletons(form)
    return NameToken(text, form, first, role, Script.OTHER, tuple(others))
