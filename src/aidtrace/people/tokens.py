"""The token row of one person: the contract between the people importers and linkage.

``TOKEN_COLUMNS`` names every column of the ``person_tokens`` table and what it holds. It is a
superset of ``aidtrace.integrity.tokenshape.TOKEN_COLUMNS`` (same names, same meaning) so Splink
reads the table as it is. Tokens are 16 hex digits (64-bit truncated HMAC-SHA256 under the
workspace's linkage key, one domain per kind of value); NULL means "not recorded". Only rows with
the same ``token_key_id`` may be compared: a key rotation re-tokenises every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from aidtrace.privacy.bloom import BloomEncoder
from aidtrace.privacy.tokens import SOLAR_HIJRI_OFFSET, TokenDomain, Tokeniser

NAME_PARTS = ("given", "father", "grandfather", "family", "name_fa")
# The Bloom filter encodes the three names every Afghan record has, tagged by position.
BLOOM_PARTS = ("given", "father", "grandfather")
BLOOM_COLUMNS = tuple(f"name_bf{i}" for i in range(4))

# The plain (non-token) columns of the contract, copied from the record as they are.
PLAIN_COLUMNS = (
    "person_id",
    "kind",
    "record_id",
    "household_id",
    "list_id",
    "agency",
    "district",
    "gender",
    "enumerator_id",
    "registered_on",
)

TOKEN_COLUMNS: dict[str, str] = {
    "person_id": "'beneficiary:<member_id>' or 'staff:<staff_id>' (unique)",
    "kind": "beneficiary | staff",
    "token_key_id": "id of the linkage key the tokens were made with",
    "record_id": "the source record's id (member_id / staff_id)",
    "household_id": "household (the organisation, for payroll) the record belongs to",
    "list_id": "the list the record came from ('payroll:<org>' for staff)",
    "agency": "the registering organisation (the employer, for staff)",
    "district": "district code (not personal)",
    "gender": "recorded gender code",
    "enumerator_id": "who registered the record",
    "registered_on": "registration date (hiring date, for staff)",
    **{
        f"{part}_{what}": f"token of the {part} name's {meaning}"
        for part in NAME_PARTS
        for what, meaning in (
            ("tok", "normalised form"),
            ("key", "romanisation-variant key"),
            ("phon", "phonetic key"),
        )
    },
    **{
        c: "word of the hardened (balanced, keyed) Bloom filter of the names" for c in BLOOM_COLUMNS
    },
    "birth_year_tok": "token of the Gregorian birth year (Solar Hijri and ages converted)",
    "birth_pair_a": "token of birth_year // 2 (years a year apart share a or b)",
    "birth_pair_b": "token of (birth_year + 1) // 2",
    "age_round": "the age ends in 0 or 5 (age heaping)",
    "age_impossible": "the age is negative or above 110",
    "phone_tok": "token of the subscriber number (last nine digits)",
    "phone_suffix_tok": "token of the number's last six digits",
    "tazkira_tok": "token of the tazkira (national ID) digits",
    "tazkira_head_tok": "token of the first half of the tazkira digits",
    "tazkira_tail_tok": "token of the second half of the tazkira digits",
    "village_tok": "token of the normalised village name",
    "block_name_year": "blocking key: phonetic given + father's name + birth year",
    "block_key_district": "blocking key: variant keys of given + father's name + district",
    "block_fa_district": "blocking key: Perso-Arabic name + district",
}


def gregorian_birth_year(personal: Mapping[str, object], registered: date | None) -> int | None:
    """One Gregorian year from whichever of year, Solar Hijri year or age was recorded."""
    year, year_sh, age = (personal.get(k) for k in ("birth_year", "birth_year_sh", "age"))
    if isinstance(year, int):
        return year
    if isinstance(year_sh, int):
        return year_sh + SOLAR_HIJRI_OFFSET
    if isinstance(age, int) and registered is not None:
        return registered.year - age
    return None


def _age(personal: Mapping[str, object], year: int | None, registered: date | None) -> int | None:
    age = personal.get("age")
    if isinstance(age, int):
        return age
    if year is not None and registered is not None:
        return registered.year - year
    return None


def _text(personal: Mapping[str, object], name: str) -> str:
    value = personal.get(name)
    return value if isinstance(value, str) else ""


def name_columns(tok: Tokeniser, personal: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in NAME_PARTS:
        field = part if part == "name_fa" else f"{part}_name"
        exact, key, phon = tok.name(_text(personal, field))
        out |= {f"{part}_tok": exact, f"{part}_key": key, f"{part}_phon": phon}
    return out


def bloom_columns(
    tok: Tokeniser, bloom: BloomEncoder, personal: Mapping[str, object]
) -> dict[str, object]:
    bits: set[int] = set()
    for position, part in enumerate(BLOOM_PARTS):
        # Tagging by position: "Ahmad son of Karim" must differ from "Karim son of Ahmad".
        name = _text(personal, f"{part}_name")
        bits |= bloom.tagged_positions(str(position), name, tok.bigrams(name))
    words = bloom.encode_positions(bits)
    return dict(zip(BLOOM_COLUMNS, words, strict=True))


def token_row(
    tok: Tokeniser,
    bloom: BloomEncoder,
    public: Mapping[str, object],
    personal: Mapping[str, object],
) -> dict[str, object]:
    """The ``person_tokens`` row of one person (``public`` holds the contract's plain columns)."""
    registered = public.get("registered_on")
    registered = registered if isinstance(registered, date) else None
    year = gregorian_birth_year(personal, registered)
    age = _age(personal, year, registered)
    year_tok, pair_a, pair_b = tok.birth_year(year)
    phone, suffix = tok.phone(_text(personal, "phone"))
    tazkira, head, tail = tok.tazkira(_text(personal, "tazkira"))
    names = name_columns(tok, personal)
    given = tok.keys(_text(personal, "given_name"))
    father = tok.keys(_text(personal, "father_name"))
    district = str(public.get("district") or "")
    row: dict[str, object] = {**public, "token_key_id": tok.key_id, **names}
    row |= bloom_columns(tok, bloom, personal)
    row |= {
        "birth_year_tok": year_tok,
        "birth_pair_a": pair_a,
        "birth_pair_b": pair_b,
        "age_round": None if age is None else age % 5 == 0,
        "age_impossible": None if age is None else not 0 <= age <= 110,
        "phone_tok": phone,
        "phone_suffix_tok": suffix,
        "tazkira_tok": tazkira,
        "tazkira_head_tok": head,
        "tazkira_tail_tok": tail,
        "village_tok": tok.token(TokenDomain.PLACE, tok.keys(_text(personal, "village"))[0]),
        "block_name_year": tok.block(given[2], father[2], str(year or "")),
        "block_key_district": tok.block(given[1], father[1], district),
        "block_fa_district": tok.block(tok.keys(_text(personal, "name_fa"))[0], district),
    }
    return row
