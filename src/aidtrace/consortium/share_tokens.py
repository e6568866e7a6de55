"""What an agency shares of one person: consortium-keyed tokens and a hardened Bloom filter.

Values are normalised exactly as the workspace's own tokens are (``privacy.tokens.Tokeniser``
with the names layer's keys, ``people.tokens`` for birth years and the Bloom filter's
tagged bigrams), but every token and filter is keyed by the *consortium round's* secret, never
the workspace's keys: a file links with other members' files of the same round and with nothing
else.

Hardening against frequency attacks, beyond the key:

* **No single-name tokens.** Names are shared only as compound tokens: all three names, or two
  names salted with the birth year or the district. Their frequencies are those of such
  *combinations*, far flatter than the frequency of "Mohammad" among given names.
* **The Bloom filter** is keyed, position-tagged and balanced (``privacy.bloom``), and then
  *randomised*: each stored bit is flipped with probability ``FLIP`` (BLIP, Schnell and Borgs
  2016; Alaggan et al. 2012), from fresh randomness on every export. Two records of one name
  almost never give the same filter, so whole-filter frequencies vanish, while Dice similarity
  of the same name stays about ``1 - 2 * FLIP``.
"""

from __future__ import annotations

import hmac
import math
import random
import secrets
from collections.abc import Mapping, Sequence
from datetime import date

import pyarrow as pa

from aidtrace.consortium.secret import derive
from aidtrace.people.tokens import bloom_columns, gregorian_birth_year
from aidtrace.privacy.bloom import BloomEncoder
from aidtrace.privacy.tokens import TOKEN_BYTES, TokenDomain, Tokeniser

FLIP = 0.02
BLOOM_COLUMNS = tuple(f"bloom{i}" for i in range(4))
NAME_TOKENS = (
    "names_tok",
    "names_key",
    "names_phon",
    "gf_year_a",
    "gf_year_b",
    "gf_place",
    "fg_year",
)
OTHER_TOKENS = (
    "year_tok",
    "year_pair_a",
    "year_pair_b",
    "phone_tok",
    "phone_suffix_tok",
    "tazkira_tok",
    "tazkira_head_tok",
    "tazkira_tail_tok",
    "district_tok",
    "gender_tok",
)
TOKEN_COLUMNS = NAME_TOKENS + OTHER_TOKENS

# What each shared column holds (the file format's documentation, and ``docs/consortium.md``).
COLUMN_MEANING: dict[str, str] = {
    "record_id": "the agency's opaque id of the record, new every export",
    "names_tok": "token of the normalised given, father's and grandfather's names together",
    "names_key": "token of the three names' romanisation-variant keys together",
    "names_phon": "token of the three names' phonetic keys together",
    "gf_year_a": "token of the given and father's names' variant keys with birth_year // 2",
    "gf_year_b": "token of the given and father's names' variant keys with (birth_year + 1) // 2",
    "gf_place": "token of the given and father's names' phonetic keys with the district",
    "fg_year": "token of the father's and grandfather's names' variant keys with the birth year",
    "year_tok": "token of the Gregorian birth year",
    "year_pair_a": "token of birth_year // 2 (years one apart share a or b)",
    "year_pair_b": "token of (birth_year + 1) // 2",
    "phone_tok": "token of the subscriber number (last nine digits)",
    "phone_suffix_tok": "token of the number's last six digits",
    "tazkira_tok": "token of the tazkira digits",
    "tazkira_head_tok": "token of the first half of the tazkira digits",
    "tazkira_tail_tok": "token of the second half of the tazkira digits",
    "district_tok": "token of the district code",
    "gender_tok": "token of the recorded gender",
    **{
        c: "word of the keyed, balanced, randomised Bloom filter of the names"
        for c in BLOOM_COLUMNS
    },
}
_WORD = (1 << 64) - 1
_BLOCK = TokenDomain.BLOCK.value.encode() + b"\x1f"  # as ``Tokeniser.token`` prefixes a block
_PARTS = ("given_name", "father_name", "grandfather_name")


class ShareEncoder:
    """Turns decrypted people into shared rows under one consortium round's secret."""

    def __init__(self, secret: bytes, check: str, *, flip: float = FLIP, seed: int | None = None):
        self._token_key = derive(secret, "tokens")
        self.tok = Tokeniser(self._token_key, check)
        self.bloom = BloomEncoder(derive(secret, "bloom"))
        self.flip = flip
        # Fresh randomness per export unless a test pins it: the flips must not be predictable.
        self._rng = random.Random(secrets.randbits(256) if seed is None else seed)
        self._years: dict[int | None, tuple[str | None, str | None, str | None]] = {}
        self._districts: dict[str, str | None] = {}
        self._genders: dict[str, str | None] = {}

    def _compound(self, label: str, values: Sequence[str]) -> str | None:
        """``self.tok.block(label, *values)``, without its layers of calls (the hottest code
        of an export: seven compound tokens a person)."""
        if not label or not all(values):
            return None
        message = _BLOCK + "\x1e".join((label, *values)).encode("utf-8")
        return hmac.digest(self._token_key, message, "sha256")[:TOKEN_BYTES].hex()

    def names(
        self, personal: Mapping[str, object], year: int | None, district: str
    ) -> dict[str, str | None]:
        """The compound name tokens; those of two names are salted with the birth year or the
        district, so their frequency is that of (two names, year) or (two names, place)."""
        keys = [self.tok.keys(_text(personal, p)) for p in _PARTS]
        normal, variant, phon = ([k[i] for k in keys] for i in range(3))
        pair_a, pair_b = ("", "") if year is None else (str(year // 2), str((year + 1) // 2))
        return {
            "names_tok": self._compound("names", normal),
            "names_key": self._compound("names-key", variant),
            "names_phon": self._compound("names-phon", phon),
            "gf_year_a": self._compound("gf-year", [*variant[:2], pair_a]),
            "gf_year_b": self._compound("gf-year", [*variant[:2], pair_b]),
            "gf_place": self._compound("gf-place", [*phon[:2], district]),
            "fg_year": self._compound("fg-year", [*variant[1:], str(year or "")]),
        }

    def row(
        self, public: Mapping[str, object], personal: Mapping[str, object]
    ) -> dict[str, object]:
        """The shared columns of one person (``public``: district_code, gender, registered_on)."""
        return self.randomised(self.plain_row(public, personal))

    def plain_row(
        self, public: Mapping[str, object], personal: Mapping[str, object]
    ) -> dict[str, object]:
        """The shared columns before the Bloom words are randomised: the same for the same
        person under the same secret, so workers may compute them in any order; ``randomised``
        then draws the flips, in the file's order."""
        registered = public.get("registered_on")
        year = gregorian_birth_year(personal, registered if isinstance(registered, date) else None)
        year_tok, pair_a, pair_b = self._year(year)
        phone, suffix = self.tok.phone(_text(personal, "phone"))
        tazkira, head, tail = self.tok.tazkira(_text(personal, "tazkira"))
        plain = bloom_columns(self.tok, self.bloom, personal).values()
        district = str(public.get("district_code") or "")
        return {
            **self.names(personal, year, district),
            "year_tok": year_tok,
            "year_pair_a": pair_a,
            "year_pair_b": pair_b,
            "phone_tok": phone,
            "phone_suffix_tok": suffix,
            "tazkira_tok": tazkira,
            "tazkira_head_tok": head,
            "tazkira_tail_tok": tail,
            "district_tok": self._district(district),
            "gender_tok": self._gender(str(public.get("gender") or "")),
            **dict(zip(BLOOM_COLUMNS, (int(str(w)) for w in plain), strict=True)),
        }

    def randomised(self, plain: Mapping[str, object]) -> dict[str, object]:
        """``plain`` with its Bloom words randomised (each bit flipped with ``flip``)."""
        words = randomise([int(str(plain[c])) for c in BLOOM_COLUMNS], self.flip, self._rng)
        return {**plain, **dict(zip(BLOOM_COLUMNS, words, strict=True))}

    # Values with few distinct forms (a few hundred districts, two genders, a century of birth
    # years) are tokenised once each: the same HMAC, not recomputed for every person.
    def _year(self, year: int | None) -> tuple[str | None, str | None, str | None]:
        if year not in self._years:
            self._years[year] = self.tok.birth_year(year)
        return self._years[year]

    def _district(self, district: str) -> str | None:
        if district not in self._districts:
            self._districts[district] = self.tok.token(TokenDomain.PLACE, district)
        return self._districts[district]

    def _gender(self, gender: str) -> str | None:
        if gender not in self._genders:
            self._genders[gender] = self._compound("gender", [gender])
        return self._genders[gender]

    def table(self, ids: Sequence[str], rows: Sequence[Mapping[str, object]]) -> pa.Table:
        """The shared table: opaque ids, then every shared column."""
        columns = {"record_id": pa.array(ids, pa.string())}
        for c in TOKEN_COLUMNS:
            columns[c] = pa.array([r[c] for r in rows], pa.string())
        for c in BLOOM_COLUMNS:
            columns[c] = pa.array([r[c] for r in rows], pa.int64())
        return pa.table(columns)


def flip_mask(bits: int, flip: float, rng: random.Random) -> int:
    """A mask with each of ``bits`` bits set independently with probability ``flip`` (BLIP).

    Drawn by geometric skips (a handful of draws per filter, not one per bit)."""
    if flip <= 0:
        return 0
    mask, log_keep, position = 0, math.log1p(-flip), -1
    while True:
        position += 1 + int(math.log(1.0 - rng.random()) / log_keep)
        if position >= bits:
            return mask
        mask |= 1 << position


def randomise(words: Sequence[int], flip: float, rng: random.Random) -> list[int]:
    """The filter's signed 64-bit words with each bit flipped with probability ``flip``."""
    mask = flip_mask(64 * len(words), flip, rng)
    out = []
    for i, word in enumerate(words):
        part = (mask >> (64 * i)) & _WORD
        # Back to a signed word: XOR of two's-complement values stays in range.
        out.append(word ^ (part - (1 << 64) if part >> 63 else part))
    return out


def _text(personal: Mapping[str, object], name: str) -> str:
    value = personal.get(name)
    return value if isinstance(value, str) else ""
