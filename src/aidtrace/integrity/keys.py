"""Name and number keys for Afghan records: what two spellings of one person have in common.

Afghan registrations carry given, father's and grandfather's names (no surname), romanised by
whoever held the pen: Mohammad / Muhammad / Mohammed, Abdul Rahman / Abdurrahman, Qadir / Kadir.
The *variant key* is a consonant skeleton that those spellings share; the bigram set feeds the
Bloom-filter encoding compared by Dice similarity. Birth years arrive as Gregorian years, Solar
Hijri years or bare ages; all become a Gregorian year here, and the two *pair keys* make "within a
year" a token equality (two years a year apart always share one of ``y // 2`` and ``(y + 1) // 2``).
"""

from __future__ import annotations

import re
import unicodedata

# Solar Hijri year N starts on 21 March of Gregorian year N + 621.
SOLAR_HIJRI_OFFSET = 621

_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
# "Abd" + linking article in any romanisation (Abdul, Abdur, Abd al-, Abdel…) is one element.
_ABD = re.compile(r"\babd\s*(?:ul|ur|ud|us|un|al|el|u|a|e)?\s*")
# Letter groups that romanisations of one Perso-Arabic letter disagree on.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("dh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("v", "w"),
    ("j", "j"),
)
_DROP = set("aeiouy")
# A final h after a vowel is the silent Persian he: Farzana / Farzaneh, Fatima / Fatimah.
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")


def normalise_name(value: str | None) -> str:
    """Lower case, Latin letters and single spaces only; '' for a missing name."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_LETTER.sub(" ", text)).strip()


def variant_key(value: str | None) -> str:
    """The consonant skeleton romanisation variants of one name share ('' when none)."""
    text = _FINAL_H.sub("", _ABD.sub("abd", normalise_name(value)).replace(" ", ""))
    if not text:
        return ""
    for group, letter in _FOLDS:
        text = text.replace(group, letter)
    head, rest = text[0], text[1:]
    skeleton = [head if head not in _DROP else "a"]
    for ch in rest:
        if ch not in _DROP and ch != skeleton[-1]:
            skeleton.append(ch)
    return "".join(skeleton)


def name_bigrams(name: str | None) -> set[str]:
    """Padded letter bigrams of a name's variant key (the Bloom filter's input)."""
    key = variant_key(name)
    if not key:
        return set()
    padded = f"_{key}_"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def gregorian_birth_year(
    year: int | None, year_sh: int | None, age: int | None, reference_year: int | None
) -> int | None:
    """One Gregorian birth year from whichever of year, Solar Hijri year or age was recorded."""
    if year is not None:
        return year
    if year_sh is not None:
        return year_sh + SOLAR_HIJRI_OFFSET
    if age is not None and reference_year is not None:
        return reference_year - age
    return None


def digits(value: str | None) -> str:
    """Only the digits of a phone or ID number."""
    return "".join(ch for ch in value or "" if ch.isdigit())


def phone_key(value: str | None) -> str:
    """The national subscriber number: the last nine digits (drops +93 / 0093 / 0)."""
    number = digits(value)
    return number[-9:] if len(number) >= 7 else ""
