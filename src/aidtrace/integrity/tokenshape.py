"""The token columns linkage reads, and tokens of plaintext rows for tests and what-if runs.

Linkage never sees a name, phone or ID: it compares keyed tokens (HMAC-SHA256 of normalised
values, 16 hex digits) and the privacy layer's balanced Bloom filter of the three names, held as
four signed 64-bit words so that Dice similarity is ``bit_count`` arithmetic any SQL engine can
do. The importers write these columns to ``person_tokens`` (the authoritative, wider contract is
``aidtrace.people.tokens.TOKEN_COLUMNS``); ``tokens_of_rows`` produces the same rows from
plaintext with the same function, without a workspace, for tests and benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pyarrow as pa

from aidtrace.people.layout import BENEFICIARIES, STAFF, PeopleLayout
from aidtrace.people.tokens import token_row
from aidtrace.privacy.bloom import BloomEncoder
from aidtrace.privacy.tokens import Tokeniser

BLOOM_COLUMNS = tuple(f"name_bf{i}" for i in range(4))

# Column -> meaning: what linkage and the ghost indicators read. NULL means "not recorded".
TOKEN_COLUMNS: dict[str, str] = {
    "person_id": "unique id: 'beneficiary:<member_id>' or 'staff:<staff_id>'",
    "kind": "beneficiary | staff",
    "record_id": "the source record's id (member_id / staff_id)",
    "household_id": "household (the organisation, for payroll) the record belongs to",
    "list_id": "the list the record came from",
    "agency": "the registering organisation",
    "district": "district code (not personal)",
    "gender": "recorded gender code",
    "enumerator_id": "who registered the record",
    "registered_on": "registration date",
    "given_tok": "token of the normalised given name",
    "given_key": "token of the given name's romanisation-variant key",
    "given_phon": "token of the given name's phonetic key",
    "father_tok": "token of the normalised father's name",
    "father_key": "token of the father's name's variant key",
    "father_phon": "token of the father's name's phonetic key",
    "grandfather_tok": "token of the normalised grandfather's name",
    "grandfather_key": "token of the grandfather's name's variant key",
    "grandfather_phon": "token of the grandfather's name's phonetic key",
    "name_fa_key": "token of the Perso-Arabic full name's variant key",
    **{c: "word of the balanced, keyed Bloom filter of the three names" for c in BLOOM_COLUMNS},
    "birth_year_tok": "token of the Gregorian birth year (Solar Hijri and ages converted)",
    "birth_pair_a": "token of birth_year // 2 (years a year apart share a or b)",
    "birth_pair_b": "token of (birth_year + 1) // 2",
    "age_round": "the age ends in 0 or 5 (age heaping)",
    "age_impossible": "the age is negative or above 110",
    "phone_tok": "token of the subscriber number",
    "phone_suffix_tok": "token of the number's last six digits",
    "tazkira_tok": "token of the tazkira (national ID) digits",
    "tazkira_head_tok": "token of the first half of the tazkira digits",
    "tazkira_tail_tok": "token of the second half of the tazkira digits",
}

LAYOUTS: dict[str, PeopleLayout] = {"beneficiary": BENEFICIARIES, "staff": STAFF}
_INTS = ("birth_year", "birth_year_sh", "age")
_DATES = ("registered_on", "hired_on")


def _typed(row: Mapping[str, object]) -> dict[str, object]:
    # CSV readers hand over text; the token function expects integers and dates.
    out = {k: (None if v == "" else v) for k, v in row.items()}
    for name in _INTS:
        value = out.get(name)
        out[name] = int(str(value)) if value is not None else None
    for name in _DATES:
        value = out.get(name)
        if isinstance(value, str):
            out[name] = date.fromisoformat(value)
    return out


def tokens_of_rows(
    rows: Iterable[Mapping[str, object]], key: bytes, *, kind: str = "beneficiary"
) -> pa.Table:
    """``person_tokens`` rows of plaintext records (columns of ``docs/formats.md``), made by
    the importers' own token function under ``key``. The plaintext stays in this call."""
    layout = LAYOUTS[kind]
    tok, bloom = Tokeniser(key, "adhoc"), BloomEncoder(key)
    out = []
    for raw in rows:
        row = _typed(raw)
        pid = layout.person_id(row)
        out.append(token_row(tok, bloom, layout.contract(pid, row), layout.personal(row)))
    return pa.Table.from_pylist(out)
