"""The Splink comparisons and blocking rules for Afghan person records, on tokens only.

Why these and not Splink's Western defaults:

* No surname. A person is given name + father's name + grandfather's name; a household shares the
  last two, so the given name and the birth year are what tell siblings apart.
* Romanisation varies (Mohammad / Muhammad): each name compares exact token, then variant-key
  token, then (given name only) Dice similarity of the whole chain's Bloom filter, which forgives
  a typo without forgiving a different name.
* Birth years are year-only, often derived from an age or a Solar Hijri year, so "within one
  year" is a level of its own (pair-key equality), not a date difference.
* A household shares one phone: phone agreement is household evidence, weighted by EM like any
  other field, and never a blocking key on its own (it would pair every household member).
* Tazkira numbers: exact, or one half equal (a typo in the other half).

Every blocking rule pairs on a name key *and* a second, independent key, so no single noisy
field loses a true pair, while blocks stay small even for the commonest names.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

from aidtrace.integrity.tokenshape import BLOOM_COLUMNS

# Balanced filters: unrelated names score about 0.65, siblings 0.9, a typo or variant 0.95+;
# siblings whose names share a long ending (Rohullah / Rahimullah) reach 0.95 too.
DICE_TYPO = 0.97
NAME_MISMATCH_M = 0.005
GIVEN_MISMATCH_M = 0.0002
BIRTH_YEAR_APART_M = 0.1


def dice_sql(threshold: float) -> str:
    """Dice similarity of the Bloom-filter words of the left and right record, in portable SQL."""
    # bit_count is a TINYINT in DuckDB: widen before adding, or 256 set bits overflow.
    both = " + ".join(f"CAST(bit_count({c}_l & {c}_r) AS INTEGER)" for c in BLOOM_COLUMNS)
    each = " + ".join(
        f"CAST(bit_count({c}_{side}) AS INTEGER)" for side in ("l", "r") for c in BLOOM_COLUMNS
    )
    return f"(2.0 * ({both})) / nullif({each}, 0) >= {threshold}"


def _variant(part: str) -> str:
    # Two key schemes, because each forgives what the other does not: the consonant skeleton
    # (Ishaq / Eshaq) and the phonetic key (Zabihullah / Zabiullah, Nur Aqa / Noor Agha).
    return f"({part}_key_l = {part}_key_r OR {part}_phon_l = {part}_phon_r)"


def _given_name() -> cl.CustomComparison:
    levels: list[Any] = [
        cll.NullLevel("given_key"),
        cll.ExactMatchLevel("given_tok").configure(tf_adjustment_column="given_tok"),
        cll.CustomLevel(_variant("given")).configure(label_for_charts="romanisation variant"),
        cll.CustomLevel(dice_sql(DICE_TYPO), base_dialect_str="duckdb").configure(
            label_for_charts=f"name chain Dice >= {DICE_TYPO}"
        ),
    ]
    # Fixed, not learnt: siblings share everything but the given name (twins even the year), so
    # EM would learn "same household" as a match; one person under an unrelated given name is
    # rare and, on tokens, unfindable anyway.
    levels.append(cll.ElseLevel().configure(m_probability=GIVEN_MISMATCH_M, fix_m_probability=True))
    return cl.CustomComparison(levels, output_column_name="given_name")


def _lineage() -> cl.CustomComparison:
    # Father's and grandfather's names are one comparison, not two: siblings and cousins share
    # them together, so counting them as independent evidence double-counts the family.
    exact = "father_tok_l = father_tok_r AND grandfather_tok_l = grandfather_tok_r"
    return cl.CustomComparison(
        [
            cll.CustomLevel("father_key_l IS NULL OR father_key_r IS NULL").configure(
                is_null_level=True
            ),
            cll.CustomLevel(exact).configure(label_for_charts="both names exact"),
            cll.CustomLevel(f"{_variant('father')} AND {_variant('grandfather')}").configure(
                label_for_charts="both names, romanisation variants"
            ),
            cll.CustomLevel(_variant("father")).configure(label_for_charts="father's name only"),
            # Fixed: EM sees too few true pairs with two different elder names to learn it.
            cll.ElseLevel().configure(m_probability=NAME_MISMATCH_M, fix_m_probability=True),
        ],
        output_column_name="lineage",
    )


def _birth_year() -> cl.CustomComparison:
    within_one = "birth_pair_a_l = birth_pair_a_r OR birth_pair_b_l = birth_pair_b_r"
    return cl.CustomComparison(
        [
            cll.NullLevel("birth_year_tok"),
            cll.ExactMatchLevel("birth_year_tok"),
            cll.CustomLevel(within_one).configure(label_for_charts="within one year"),
            # Fixed: EM, blocking on common names, mistakes cousins named after one grandfather
            # for matches and learns m ≈ 0.5 here; a re-registration changes the year by more
            # than one in about one case in ten (ages are estimates), so that is the m.
            cll.ElseLevel().configure(m_probability=BIRTH_YEAR_APART_M, fix_m_probability=True),
        ],
        output_column_name="birth_year",
    )


def _number(field: str, part_a: str, part_b: str, label: str) -> cl.CustomComparison:
    partial = f"{part_a}_l = {part_a}_r OR {part_b}_l = {part_b}_r"
    return cl.CustomComparison(
        [
            cll.NullLevel(f"{field}_tok"),
            cll.ExactMatchLevel(f"{field}_tok"),
            cll.CustomLevel(partial).configure(label_for_charts=label),
            cll.ElseLevel(),
        ],
        output_column_name=field,
    )


def comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    """The model's comparisons, in the order they appear in evidence."""
    return [
        _given_name(),
        _lineage(),
        _birth_year(),
        _number("tazkira", "tazkira_head_tok", "tazkira_tail_tok", "one half of the tazkira"),
        _number("phone", "phone_suffix_tok", "phone_suffix_tok", "last six digits"),
        cl.ExactMatch("gender"),
        cl.ExactMatch("district"),
    ]


def prediction_blocking_rules() -> list[Any]:
    """Candidate pairs: the union of these; each pairs a name key with an independent key."""
    return [
        block_on("tazkira_tok"),
        block_on("given_phon", "father_phon", "birth_pair_a"),
        block_on("given_phon", "father_phon", "birth_pair_b"),
        block_on("given_phon", "father_phon", "district"),
        block_on("name_fa_key", "district"),
        block_on("given_key", "father_key", "birth_pair_a"),
        block_on("given_key", "father_key", "birth_pair_b"),
        block_on("given_key", "father_key", "district"),
        block_on("given_key", "grandfather_key", "birth_pair_a"),
        block_on("father_key", "grandfather_key", "birth_year_tok"),
        block_on("given_key", "phone_tok"),
        block_on("given_key", "phone_suffix_tok"),
        block_on("given_key", "tazkira_head_tok"),
        block_on("given_key", "tazkira_tail_tok"),
    ]


def training_blocking_rules() -> list[Any]:
    """EM sessions: each fixes some fields so the others' m-probabilities can be learnt."""
    return [
        # Fixes the names and the place: learns birth year, the numbers, the grandfather.
        block_on("given_key", "father_key", "district"),
        # Fixes the person's ID: learns the names. Never a household-level key here, or EM
        # learns "same household" as the match class (siblings share father, phone, place).
        block_on("tazkira_tok"),
    ]


def deterministic_rules() -> list[str | BlockingRuleCreator]:
    """Near-certain matches, used only to estimate the prior match probability."""
    return [
        "l.tazkira_tok = r.tazkira_tok",
        "l.given_tok = r.given_tok AND l.father_tok = r.father_tok "
        "AND l.grandfather_tok = r.grandfather_tok AND l.birth_year_tok = r.birth_year_tok",
    ]
