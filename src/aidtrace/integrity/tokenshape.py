"""The token table linkage reads, and a reference builder of it from plaintext.

Linkage never sees a name, phone or ID: it compares keyed tokens (HMAC-SHA256 of normalised
values, truncated to 16 hex digits) and a 256-bit Bloom filter of name bigrams held as four signed
64-bit integers, so that Dice similarity is ``bit_count`` arithmetic any SQL engine can do.
``TOKEN_COLUMNS`` is the contract; the privacy layer's importers produce it in production, and
``build_tokens`` here produces the same shape from plaintext for tests and benchmarks.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

import polars as pl

from aidtrace.integrity import keys

BLOOM_WORDS = 4
BLOOM_BITS = 64 * BLOOM_WORDS
BLOOM_HASHES = 2
NAME_FIELDS = ("given", "father", "grandfather")
BLOOM_COLUMNS = tuple(f"name_bf{i}" for i in range(BLOOM_WORDS))

# Column -> meaning. Tokens are keyed HMACs; NULL means "not recorded".
TOKEN_COLUMNS: dict[str, str] = {
    "record_id": "the source record's id (member_id / staff_id)",
    "household_id": "household (or organisation, for payroll) the record belongs to",
    "list_id": "the list the record came from",
    "agency": "the registering organisation",
    "district": "district code (not personal)",
    "gender": "recorded gender code",
    "enumerator_id": "who registered the record",
    "registered_on": "registration date",
    "given_tok": "token of the normalised given name",
    "father_tok": "token of the normalised father's name",
    "grandfather_tok": "token of the normalised grandfather's name",
    "given_key": "token of the given name's variant key",
    "father_key": "token of the father's name's variant key",
    "grandfather_key": "token of the grandfather's name's variant key",
    **{c: "Bloom-filter word of the three names' bigrams" for c in BLOOM_COLUMNS},
    "birth_year_tok": "token of the Gregorian birth year (Solar Hijri and ages converted)",
    "birth_pair_a": "token of birth_year // 2 (years a year apart share a or b)",
    "birth_pair_b": "token of (birth_year + 1) // 2",
    "age_round": "the age ends in 0 or 5 (for age heaping)",
    "age_impossible": "the age is negative or above 110",
    "phone_tok": "token of the subscriber number",
    "phone_suffix_tok": "token of the number's last six digits",
    "tazkira_tok": "token of the tazkira (national ID) digits",
    "tazkira_head_tok": "token of the first half of the tazkira digits",
    "tazkira_tail_tok": "token of the second half of the tazkira digits",
}


class Tokeniser:
    """Keyed tokens, each field in its own domain so equal values in two fields never collide."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._bigram_bits: dict[str, int] = {}

    def token(self, domain: str, value: str) -> str | None:
        if not value:
            return None
        message = f"{domain}\x1f{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:16]

    def bloom(self, bigrams: set[str]) -> int:
        """The OR of each bigram's keyed bit positions: a BLOOM_BITS-bit integer."""
        bits = 0
        for gram in bigrams:
            mask = self._bigram_bits.get(gram)
            if mask is None:
                digest = hmac.new(self._key, b"bloom\x1f" + gram.encode(), "sha256").digest()
                mask = 0
                for i in range(BLOOM_HASHES):
                    mask |= 1 << (int.from_bytes(digest[4 * i : 4 * i + 4], "big") % BLOOM_BITS)
                self._bigram_bits[gram] = mask
            bits |= mask
        return bits


def _signed_words(bits: int) -> list[int]:
    words = []
    for i in range(BLOOM_WORDS):
        word = (bits >> (64 * i)) & ((1 << 64) - 1)
        words.append(word - (1 << 64) if word >= 1 << 63 else word)
    return words


def _mapped(column: pl.Series, fn: Callable[[str], str | None]) -> pl.Series:
    # Few distinct names even among millions of records: compute per distinct value, then map.
    distinct = column.drop_nulls().unique().to_list()
    table = {v: fn(v) for v in distinct}
    return column.replace_strict(table, default=None, return_dtype=pl.String)


def _text(frame: pl.DataFrame, name: str) -> pl.Series:
    if name not in frame.columns:
        return pl.Series(name, [None] * frame.height, dtype=pl.String)
    return frame[name].cast(pl.String)


def _ints(frame: pl.DataFrame, name: str) -> pl.Series:
    if name not in frame.columns:
        return pl.Series(name, [None] * frame.height, dtype=pl.Int64)
    return frame[name].cast(pl.String).str.strip_chars().cast(pl.Int64, strict=False)


def _birth_years(frame: pl.DataFrame) -> pl.Series:
    registered = _text(frame, "registered_on").str.slice(0, 4).cast(pl.Int64, strict=False)
    parts = pl.DataFrame(
        {
            "y": _ints(frame, "birth_year"),
            "sh": _ints(frame, "birth_year_sh"),
            "age": _ints(frame, "age"),
            "ref": registered,
        }
    )
    return parts.select(
        pl.coalesce(
            pl.col("y"), pl.col("sh") + keys.SOLAR_HIJRI_OFFSET, pl.col("ref") - pl.col("age")
        )
    ).to_series()


def _age_flags(frame: pl.DataFrame, years: pl.Series) -> tuple[pl.Series, pl.Series]:
    registered = _text(frame, "registered_on").str.slice(0, 4).cast(pl.Int64, strict=False)
    parts = pl.DataFrame({"age": _ints(frame, "age"), "derived": registered - years})
    age = parts.select(pl.coalesce("age", "derived")).to_series()
    return (age % 5 == 0).alias("age_round"), ((age < 0) | (age > 110)).alias("age_impossible")


def _name_tokens(tok: Tokeniser, frame: pl.DataFrame) -> dict[str, pl.Series]:
    out: dict[str, pl.Series] = {}
    for field in NAME_FIELDS:
        raw = _text(frame, f"{field}_name")
        out[f"{field}_tok"] = _mapped(raw, lambda v: tok.token("name", keys.normalise_name(v)))
        out[f"{field}_key"] = _mapped(raw, lambda v: tok.token("nkey", keys.variant_key(v)))
    return out


def _bloom_words(tok: Tokeniser, frame: pl.DataFrame) -> dict[str, pl.Series]:
    words = [pl.Series(c, [0] * frame.height, dtype=pl.Int64) for c in BLOOM_COLUMNS]
    for position, field in enumerate(NAME_FIELDS):
        # Bigrams are tagged by position so "Ahmad son of Karim" differs from the reverse.
        raw = _text(frame, f"{field}_name").fill_null("")
        per_value = {
            v: _signed_words(tok.bloom({f"{position}{g}" for g in keys.name_bigrams(v)}))
            for v in raw.unique().to_list()
        }
        for i in range(BLOOM_WORDS):
            table = {v: w[i] for v, w in per_value.items()}
            words[i] = words[i] | raw.replace_strict(table, return_dtype=pl.Int64)
    return {c: w.alias(c) for c, w in zip(BLOOM_COLUMNS, words, strict=True)}


def _number_tokens(tok: Tokeniser, frame: pl.DataFrame) -> dict[str, pl.Series]:
    phone = _text(frame, "phone").map_elements(keys.phone_key, return_dtype=pl.String)
    tazkira = _text(frame, "tazkira").map_elements(keys.digits, return_dtype=pl.String)
    half = tazkira.str.len_chars() // 2
    head = pl.DataFrame({"t": tazkira, "h": half}).select(pl.col("t").str.slice(0, pl.col("h")))
    tail = pl.DataFrame({"t": tazkira, "h": half}).select(pl.col("t").str.slice(pl.col("h")))
    return {
        "phone_tok": _mapped(phone, lambda v: tok.token("phone", v)),
        "phone_suffix_tok": _mapped(phone, lambda v: tok.token("phone6", v[-6:])),
        "tazkira_tok": _mapped(tazkira, lambda v: tok.token("tazkira", v)),
        "tazkira_head_tok": _mapped(head.to_series(), lambda v: tok.token("tz-head", v)),
        "tazkira_tail_tok": _mapped(tail.to_series(), lambda v: tok.token("tz-tail", v)),
    }


def _year_tokens(tok: Tokeniser, years: pl.Series) -> dict[str, pl.Series]:
    as_text = years.cast(pl.String)
    return {
        "birth_year_tok": _mapped(as_text, lambda v: tok.token("year", v)),
        "birth_pair_a": _mapped((years // 2).cast(pl.String), lambda v: tok.token("year2", v)),
        "birth_pair_b": _mapped(
            ((years + 1) // 2).cast(pl.String), lambda v: tok.token("year2", v)
        ),
    }


def build_tokens(frame: pl.DataFrame, key: bytes, id_column: str = "member_id") -> pl.DataFrame:
    """The token table of plaintext person records (beneficiary or staff columns of
    ``docs/formats.md``). The plaintext never leaves this function."""
    tok = Tokeniser(key)
    years = _birth_years(frame)
    age_round, age_impossible = _age_flags(frame, years)
    columns: dict[str, pl.Series] = {
        "record_id": _text(frame, id_column),
        "household_id": _text(frame, "household_id"),
        "list_id": _text(frame, "list_id"),
        "agency": _text(frame, "agency_org_id"),
        "district": _text(frame, "district_code"),
        "gender": _text(frame, "gender"),
        "enumerator_id": _text(frame, "enumerator_id"),
        "registered_on": _text(frame, "registered_on"),
        **_name_tokens(tok, frame),
        **_bloom_words(tok, frame),
        **_year_tokens(tok, years),
        "age_round": age_round,
        "age_impossible": age_impossible,
        **_number_tokens(tok, frame),
    }
    return pl.DataFrame({name: columns[name].alias(name) for name in TOKEN_COLUMNS})
