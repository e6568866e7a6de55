"""Every entry of the Dari and Pashto catalogues, read as a careful reviewer would: the same
placeholders as the English, Persian and Pashto letters (never the Arabic look-alikes), Latin
digits as the desk writes numbers, no English left, no fuzzy or empty entry, and the key terms
always translated the one way the glossary in ``docs/web.md`` ("Terms in Dari and Pashto") says.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from aidtrace.web.i18n import LOCALE_DIR

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
GLOSSARY_HEADING = "### Terms in Dari and Pashto"
TRANSLATED = ("fa_AF", "ps")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
TAG = re.compile(r"</?\w+>")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# Latin words a translation keeps as they are: the product, currencies, file formats, list and
# data-source acronyms, and the letters of a statistic's name.
KEPT = {
    "aidtrace", "US", "USD", "AFN", "CSV", "XLSX", "QR", "sha", "OFAC", "UN", "EU", "IATI", "FTS",
    "HDX", "OCHA", "SLA", "TOTP", "p", "q", "z",
}  # fmt: skip
# Arabic letters with a Persian or Pashto counterpart: Arabic kaf and alef maksura are never
# right; Arabic yeh (with its dots) is Pashto's own long-i letter at a word's end, and wrong in
# Dari anywhere.
NEVER = {"fa_AF": "كىيۀة", "ps": "كىۀة"}
PASHTO_MEDIAL_YEH = re.compile(r"ي(?=[^\W\d_]|\u200c)")  # ي followed by a letter
NOT_LATIN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
# Short vowel marks (fatha, damma, kasra, sukun…): not written in the desk's Dari or Pashto.
# Tanwin (ً) stays: it belongs to the spelling of words such as لطفاً.
VOWEL_MARKS = re.compile(r"[\u064c-\u0652\u0654\u0670]")
# English punctuation inside right-to-left text: Persian and Pashto write ، ؛ ؟.
LATIN_PUNCTUATION = re.compile(r"[,;?]")
# A zero-width non-joiner joins the parts of one word (می‌شود): never at a word's edge, never two.
STRAY_SPACING = re.compile(r"  |\u200c(?:\s|$|\u200c)|(?:^|\s)\u200c")


def _messages(code: str) -> list[Message]:
    with (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return [m for m in read_po(fh, locale=code) if m.id]


def _pairs(code: str) -> Iterator[tuple[Message, str, str]]:
    """Each (message, English, translation); a plural gives one pair per form."""
    for message in _messages(code):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (
            (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        )
        for index, string in enumerate(strings):
            yield message, ids[min(index, len(ids) - 1)], string


def _prose(text: str) -> str:
    """The words of a message, less its placeholders and markup."""
    return TAG.sub(" ", PLACEHOLDER.sub(" ", text))


def _latin_words(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(_prose(text)) if w not in KEPT]


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_and_markup_are_kept_exactly(code: str) -> None:
    wrong = [
        (english, string)
        for _, english, string in _pairs(code)
        if Counter(PLACEHOLDER.findall(english)) != Counter(PLACEHOLDER.findall(string))
        or Counter(TAG.findall(english)) != Counter(TAG.findall(string))
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_python_format_translation_has_no_stray_percent_sign(code: str) -> None:
    stray = re.compile(r"%(?!\(\w+\)[sd]|%)")
    wrong = [s for m, _, s in _pairs(code) if m.python_format and stray.search(s.replace("%%", ""))]
    assert not wrong, wrong


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(code: str) -> None:
    empty = [english for _, english, string in _pairs(code) if not string.strip()]
    fuzzy = [m.id for m in _messages(code) if m.fuzzy]
    assert not empty, empty
    assert not fuzzy, fuzzy


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_english_is_left_in_a_translation(code: str) -> None:
    same = [e for _, e, s in _pairs(code) if s == e and _latin_words(e)]
    english = [(e, s) for _, e, s in _pairs(code) if _latin_words(s)]
    assert not same, same
    assert not english, english


@pytest.mark.parametrize("code", TRANSLATED)
def test_letters_digits_and_punctuation_are_the_languages_own(code: str) -> None:
    problems = []
    for _, _, string in _pairs(code):
        prose = _prose(string)
        if any(letter in prose for letter in NEVER[code]):
            problems.append(("Arabic letter", string))
        if code == "ps" and PASHTO_MEDIAL_YEH.search(prose):
            problems.append(("ي inside a word (ی there)", string))
        if NOT_LATIN_DIGITS.search(prose):
            problems.append(("digits the desk does not write", string))
        if VOWEL_MARKS.search(prose):
            problems.append(("vowel mark", string))
        if LATIN_PUNCTUATION.search(prose):
            problems.append(("English punctuation", string))
        if STRAY_SPACING.search(string):
            problems.append(("double space or stray zero-width non-joiner", string))
    assert not problems, problems


def _glossary() -> list[tuple[re.Pattern[str], dict[str, list[str]]]]:
    """The glossary table of docs/web.md: an English pattern per row (its forms, separated by
    commas), and per language the accepted terms (separated by Persian commas)."""
    text = DOCS.read_text(encoding="utf-8")
    assert GLOSSARY_HEADING in text, f"{DOCS} has no {GLOSSARY_HEADING!r} section"
    section = text.split(GLOSSARY_HEADING, 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not line.startswith("|") or set(cells[0]) <= set("-: "):
            continue
        if cells[0] == "English":
            continue
        forms = [f.strip() for f in cells[0].split("(")[0].split(",") if f.strip()]
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")(?:s|es)?\b", re.I)
        rows.append((pattern, {"fa_AF": cells[1].split("،"), "ps": cells[2].split("،")}))
    assert len(rows) >= 15, rows
    return rows


def _stem(word: str) -> str:
    """A word less its final vowel letter, so an inflected form still contains it (دوسیه →
    دوسیې, کورنۍ → کورنیو, پلورونکی → پلورونکو)."""
    return word[:-1] if len(word) >= 3 and word[-1] in "هیېۍيوا" else word


def _uses(translation: str, term: str) -> bool:
    words = [w for w in term.split() if len(w) > 1]
    return all(_stem(w) in translation for w in words)


@pytest.mark.parametrize("code", TRANSLATED)
def test_key_terms_are_translated_as_the_glossary_says(code: str) -> None:
    glossary = _glossary()
    strays = []
    for _, english, string in _pairs(code):
        for pattern, terms in glossary:
            if pattern.search(_prose(english)) and not any(
                _uses(string, t.strip()) for t in terms[code]
            ):
                strays.append((pattern.pattern, english, string))
    assert not strays, strays


@pytest.mark.parametrize(
    ("translation", "term", "used"),
    [
        ("ټولې دوسیې", "دوسیه", True),
        ("د ولسوالیو ترمنځ", "ولسوالۍ", True),
        ("د بندیزونو په لېست کې", "د بندیزونو لېست", True),
        ("همه پرونده‌ها", "دوسیه", False),
        ("هشدار", "دفتر ثبت", False),
    ],
)
def test_the_glossary_check_follows_inflection(translation: str, term: str, used: bool) -> None:
    assert _uses(translation, term) is used
