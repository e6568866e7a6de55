"""Keyed linkage tokens: equal inputs give equal tokens, but only the key holder can make one.

A token is ``HMAC-SHA256(linkage key, domain 0x1f value)`` truncated to 64 bits and written as 16
hex digits. Each kind of value has its own *domain*, so a phone number and an ID number with the
same digits never produce the same token. Values are normalised first (names by the injected
``NameKeys``, numbers to their digits), and a blank value has no token (NULL), never the token of
the empty string, so two missing phones never "agree".

Name handling is injected: ``NameKeys`` is the small protocol the names layer implements
(normalised form, romanisation-variant key, phonetic key, Bloom-filter bigrams).
``default_name_keys`` gives the names layer's (``names_keys.NamesLayerKeys``); ``RigourNameKeys``
is a plain fallback built on rigour alone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from enum import StrEnum
from typing import Any, Protocol

from rigour.names.tokenize import normalize_name, tokenize_name
from rigour.text import ascii_text, metaphone

TOKEN_BYTES = 8
# Solar Hijri year N starts on 21 March of Gregorian year N + 621.
SOLAR_HIJRI_OFFSET = 621


class TokenDomain(StrEnum):
    """What a token is of; part of the HMAC input."""

    NAME = "name"
    NAME_KEY = "nkey"
    PHONETIC = "phon"
    NAME_FA = "name-fa"
    YEAR = "year"
    YEAR_PAIR = "year2"
    PHONE = "phone"
    PHONE_SUFFIX = "phone6"
    TAZKIRA = "tazkira"
    TAZKIRA_HEAD = "tz-head"
    TAZKIRA_TAIL = "tz-tail"
    PLACE = "place"
    BLOCK = "block"


_PREFIX = {d: d.value.encode() + b"\x1f" for d in TokenDomain}


class NameKeys(Protocol):
    """The name functions tokens are built from (implemented by the names layer)."""

    def normalise(self, name: str) -> str:
        """The comparison form of a name in its own script ('' when nothing is left)."""

    def variant_key(self, name: str) -> str:
        """A key that romanisation variants (and, ideally, the Perso-Arabic spelling) share."""

    def phonetic(self, name: str) -> str:
        """A phonetic key of the name (space-separated per token)."""

    def bigrams(self, name: str) -> set[str]:
        """The letter bigrams a Bloom filter of this name encodes."""


# rigour's metaphone (rphonetic) looks each letter's neighbours up from the start of the token,
# so a long run of letters it skips (vowels, a repeated letter) costs time quadratic in the
# token's length: 3.6 s for a 300 kB token, 25 s for 1 MB. Real name tokens are a few dozen
# letters; keying a longer one on its first PHONETIC_CHARS keeps every real key as it was and
# the cost bounded (the code itself stops at 64 letters anyway).
PHONETIC_CHARS = 256


def phonetic_code(token: str) -> str:
    """The metaphone code of one token, in time linear in its length."""
    return metaphone(token[:PHONETIC_CHARS])


_VOWELS = frozenset("aeiouyw'?")


class RigourNameKeys:
    """Default name keys on rigour: NFKC/casefold normalisation, ASCII consonant skeletons,
    metaphone. Crude for Perso-Arabic script; ``aidtrace.names`` replaces it."""

    def normalise(self, name: str) -> str:
        return normalize_name(name) or ""

    def variant_key(self, name: str) -> str:
        return " ".join(filter(None, (_skeleton(t) for t in self._latin_tokens(name))))

    def phonetic(self, name: str) -> str:
        return " ".join(filter(None, (phonetic_code(t) for t in self._latin_tokens(name))))

    def bigrams(self, name: str) -> set[str]:
        key = self.variant_key(name).replace(" ", "")
        padded = f"_{key}_" if key else ""
        return {padded[i : i + 2] for i in range(len(padded) - 1)}

    def _latin_tokens(self, name: str) -> list[str]:
        return tokenize_name(ascii_text(self.normalise(name)).lower())


def _skeleton(token: str) -> str:
    # Drop vowels and vowel-like letters, collapse doubled consonants: Mohammad, Muhammad and
    # the ASCII of محمد all become "mhmd".
    out: list[str] = []
    for ch in token:
        if ch not in _VOWELS and ch.isalnum() and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def default_name_keys() -> NameKeys:
    """The names layer's keys (``names_keys.NamesLayerKeys``); rigour's if it cannot load."""
    try:
        from aidtrace.privacy.names_keys import NamesLayerKeys  # the names layer is optional
    except ImportError:
        return RigourNameKeys()
    return NamesLayerKeys()


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NOT_DIGIT = re.compile(r"[^0-9]+")


def digits(value: str) -> str:
    """Only the digits (ASCII, Persian and Arabic-Indic digits all count)."""
    return _NOT_DIGIT.sub("", value.translate(_DIGITS))


def phone_key(value: str) -> str:
    """The national subscriber number: the last nine digits (drops +93, 0093 and 0)."""
    number = digits(value)
    return number[-9:] if len(number) >= 7 else ""


class Tokeniser:
    """Makes tokens under one linkage key; ``key_id`` names that key in every token row."""

    def __init__(self, key: bytes, key_id: str, names: NameKeys | None = None) -> None:
        self._key = key
        self.key_id = key_id
        self.names = names or default_name_keys()
        # Few distinct names among millions of records: remember each name's tokens (in
        # memory only, for the life of one import).
        self._names: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._grams: dict[str, frozenset[str]] = {}
        self._keys: dict[str, tuple[str, str, str]] = {}

    def token(self, domain: TokenDomain, value: str) -> str | None:
        """The token of an already-normalised value, or None for a blank one."""
        if not value:
            return None
        message = _PREFIX[domain] + value.encode("utf-8")
        return hmac.digest(self._key, message, hashlib.sha256)[:TOKEN_BYTES].hex()

    def keys(self, value: str) -> tuple[str, str, str]:
        """(normalised form, variant key, phonetic key) of a name, computed once per value."""
        found = self._keys.get(value)
        if found is None:
            names = self.names
            found = (names.normalise(value), names.variant_key(value), names.phonetic(value))
            self._keys[_bounded(self._keys, value)] = found
        return found

    def name(self, value: str) -> tuple[str | None, str | None, str | None]:
        """(normalised-name token, variant-key token, phonetic token) of one name."""
        found = self._names.get(value)
        if found is None:
            normal, variant, phonetic = self.keys(value)
            found = (
                self.token(TokenDomain.NAME, normal),
                self.token(TokenDomain.NAME_KEY, variant),
                self.token(TokenDomain.PHONETIC, phonetic),
            )
            self._names[_bounded(self._names, value)] = found
        return found

    def bigrams(self, value: str) -> frozenset[str]:
        """The name's Bloom-filter bigrams (cached like ``name``)."""
        found = self._grams.get(value)
        if found is None:
            found = frozenset(self.names.bigrams(value))
            self._grams[_bounded(self._grams, value)] = found
        return found

    def phone(self, value: str) -> tuple[str | None, str | None]:
        """(subscriber-number token, last-six-digits token)."""
        number = phone_key(value)
        return self.token(TokenDomain.PHONE, number), self.token(
            TokenDomain.PHONE_SUFFIX, number[-6:]
        )

    def tazkira(self, value: str) -> tuple[str | None, str | None, str | None]:
        """(whole-number token, first-half token, second-half token) of an ID number."""
        number = digits(value)
        half = len(number) // 2
        return (
            self.token(TokenDomain.TAZKIRA, number),
            self.token(TokenDomain.TAZKIRA_HEAD, number[:half]),
            self.token(TokenDomain.TAZKIRA_TAIL, number[half:]),
        )

    def birth_year(self, year: int | None) -> tuple[str | None, str | None, str | None]:
        """(year token, pair-a token, pair-b token): two years one apart always share a pair."""
        if year is None:
            return None, None, None
        return (
            self.token(TokenDomain.YEAR, str(year)),
            self.token(TokenDomain.YEAR_PAIR, str(year // 2)),
            self.token(TokenDomain.YEAR_PAIR, str((year + 1) // 2)),
        )

    def block(self, *parts: str | None) -> str | None:
        """A compound blocking key: one token of several parts, None if any part is missing."""
        if any(not p for p in parts):
            return None
        return self.token(TokenDomain.BLOCK, "\x1e".join(p for p in parts if p))


_CACHE_LIMIT = 200_000


def _bounded(cache: dict[str, Any], key: str) -> str:
    # A crude bound: a file with more distinct names than this just starts afresh.
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    return key
