"""Tables of the people importers: public fields, sealed personal fields, linkage tokens.

``person_tokens`` is the contract the integrity monitor (Splink) reads; its columns and their
meaning are ``aidtrace.people.tokens.TOKEN_COLUMNS`` and the manual (docs/privacy.md,
"The token table").
No table here has a column that holds a personal value in plaintext.
"""

from aidtrace.store.migrations import Migration, register

_TOKEN_TABLE = (
    "CREATE TABLE person_tokens (person_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
    "token_key_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, household_id VARCHAR, "
    "list_id VARCHAR, agency VARCHAR, district VARCHAR, gender VARCHAR, enumerator_id VARCHAR, "
    "registered_on DATE, "
    + ", ".join(
        f"{part}_{what} VARCHAR"
        for part in ("given", "father", "grandfather", "family", "name_fa")
        for what in ("tok", "key", "phon")
    )
    + ", name_bf0 BIGINT, name_bf1 BIGINT, name_bf2 BIGINT, name_bf3 BIGINT, "
    "birth_year_tok VARCHAR, birth_pair_a VARCHAR, birth_pair_b VARCHAR, "
    "age_round BOOLEAN, age_impossible BOOLEAN, phone_tok VARCHAR, phone_suffix_tok VARCHAR, "
    "tazkira_tok VARCHAR, tazkira_head_tok VARCHAR, tazkira_tail_tok VARCHAR, village_tok VARCHAR, "
    "block_name_year VARCHAR, block_key_district VARCHAR, block_fa_district VARCHAR)"
)

MIGRATIONS = register(
    "people",
    [
        Migration(
            1,
            "beneficiaries and staff: public fields, sealed personal fields, linkage tokens",
            (
                "CREATE TABLE people (person_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
                "record_id VARCHAR NOT NULL, household_id VARCHAR, list_id VARCHAR, "
                "org_id VARCHAR, gender VARCHAR, household_size INTEGER, district_code VARCHAR, "
                "enumerator_id VARCHAR, registered_on DATE, position VARCHAR, "
                "monthly_salary_usd DOUBLE, hired_on DATE, import_id VARCHAR NOT NULL)",
                # One row per personal field: AES-GCM ciphertext bound to person and field.
                "CREATE TABLE person_fields (person_id VARCHAR NOT NULL, field VARCHAR NOT NULL, "
                "key_id VARCHAR NOT NULL, ciphertext BLOB NOT NULL, "
                "PRIMARY KEY (person_id, field))",
                _TOKEN_TABLE,
            ),
        ),
    ],
)
