"""Linking agencies' linkage files with Splink: cross-agency pairs and clusters, on tokens only.

The model is the integrity monitor's, reshaped for what agencies share: names only as compound
tokens and a randomised Bloom filter, birth year, the two numbers, district and gender. It is
trained unsupervised on the files themselves (u by random sampling, m by EM), links only records
of *different* agencies (``link_only``), and clusters the pairs at or above ``threshold`` into
connected groups. Whoever runs it learns which opaque ids of which agencies fall together, how
many there are, and which tokens agreed; nothing else is in the files to learn.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

from aidtrace.consortium.linkfile import LinkageFile
from aidtrace.consortium.share_tokens import BLOOM_COLUMNS, TOKEN_COLUMNS
from aidtrace.errors import InputError
from aidtrace.integrity.backends import db_api, training_api
from aidtrace.integrity.clusters import connected_components
from aidtrace.integrity.linkage import arrow, with_trained_parameters

THRESHOLD = 0.95
DICE = 0.93
NAMES_APART_M = 0.005
YEAR_APART_M = 0.1
NUMBER_TYPO_M = 0.02
GENDER_APART_M = 0.01
TAZKIRA_U = 1e-7  # strangers sharing a tazkira number: a data-entry error
PHONE_U = 1e-6  # strangers sharing a phone: mostly one household's members
# A pair agrees on these when both sides hold the same token (shown as evidence).
EVIDENCE_TOKENS = TOKEN_COLUMNS


def dice_sql(threshold: float) -> str:
    """Dice similarity of the left and right Bloom filters at least ``threshold``, in SQL."""
    both = " + ".join(f"CAST(bit_count({c}_l & {c}_r) AS INTEGER)" for c in BLOOM_COLUMNS)
    each = " + ".join(
        f"CAST(bit_count({c}_{side}) AS INTEGER)" for side in ("l", "r") for c in BLOOM_COLUMNS
    )
    return f"(2.0 * ({both})) / nullif({each}, 0) >= {threshold}"


def _either(a: str, b: str) -> str:
    return f"({a}_l = {a}_r OR {b}_l = {b}_r)"


def _names() -> cl.CustomComparison:
    levels: list[Any] = [
        # Without a given or father's name (or a district) there is nothing to compare.
        cll.CustomLevel("gf_place_l IS NULL OR gf_place_r IS NULL").configure(is_null_level=True),
        # One level for exact and variant agreement: at scale, random sampling sees too few
        # exact triples to estimate their u apart.
        cll.CustomLevel(
            f"names_tok_l = names_tok_r OR {_either('names_key', 'names_phon')}"
        ).configure(label_for_charts="three names, exactly or as romanisation variants"),
        cll.CustomLevel(
            f"{_either('gf_year_a', 'gf_year_b')} OR gf_place_l = gf_place_r"
        ).configure(label_for_charts="given and father's names (with the year or the place)"),
        cll.CustomLevel(dice_sql(DICE), base_dialect_str="duckdb").configure(
            label_for_charts=f"names Bloom Dice >= {DICE}"
        ),
        # Fixed, as in the integrity model: EM sees too few true pairs under other names. No
        # level for "father's and grandfather's names only": siblings share those and the
        # household phone, and so rare a coincidence for strangers would count as evidence.
        cll.ElseLevel().configure(m_probability=NAMES_APART_M, fix_m_probability=True),
    ]
    return cl.CustomComparison(levels, output_column_name="names")


def _year() -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel("year_tok"),
            cll.ExactMatchLevel("year_tok"),
            cll.CustomLevel(_either("year_pair_a", "year_pair_b")).configure(
                label_for_charts="within one year"
            ),
            cll.ElseLevel().configure(m_probability=YEAR_APART_M, fix_m_probability=True),
        ],
        output_column_name="birth_year",
    )


def _number(name: str, part_a: str, part_b: str, u_exact: float, m_else: float | None) -> Any:
    # Two different people share a number only by mistake (or, for a phone, a household), so
    # random sampling at scale may see no such pair: u of agreement is fixed (``NUMBER_U``).
    # A typo in one half is rare and unlearnable without labelled pairs: fixed too.
    other: Any = cll.ElseLevel()
    if m_else is not None:
        other = other.configure(m_probability=m_else, fix_m_probability=True)
    return cl.CustomComparison(
        [
            cll.NullLevel(f"{name}_tok"),
            cll.ExactMatchLevel(f"{name}_tok").configure(
                u_probability=u_exact, fix_u_probability=True
            ),
            cll.CustomLevel(_either(part_a, part_b)).configure(
                label_for_charts="partly", m_probability=NUMBER_TYPO_M, fix_m_probability=True
            ),
            other,
        ],
        output_column_name=name,
    )


def comparisons() -> list[Any]:
    return [
        _names(),
        _year(),
        _number("tazkira", "tazkira_head_tok", "tazkira_tail_tok", TAZKIRA_U, NUMBER_TYPO_M),
        _number("phone", "phone_suffix_tok", "phone_suffix_tok", PHONE_U, None),
        cl.ExactMatch("district_tok"),
        cl.CustomComparison(
            [
                cll.NullLevel("gender_tok"),
                cll.ExactMatchLevel("gender_tok"),
                # Fixed: a gender recorded wrongly happens; EM on clean demo data learns 0.
                cll.ElseLevel().configure(m_probability=GENDER_APART_M, fix_m_probability=True),
            ],
            output_column_name="gender",
        ),
    ]


def blocking_rules() -> list[Any]:
    """Candidate pairs: each rule pairs names with an independent key (year, place, phone)."""
    return [
        block_on("tazkira_tok"),
        block_on("names_key", "year_pair_a"),
        block_on("names_key", "year_pair_b"),
        block_on("names_key", "district_tok"),
        block_on("gf_year_a"),
        block_on("gf_year_b"),
        block_on("gf_place"),
        block_on("fg_year"),
        block_on("phone_tok", "year_pair_a"),
        block_on("phone_tok", "year_pair_b"),
    ]


def _settings(model: Mapping[str, Any] | None = None) -> SettingsCreator:
    """The model in engine-neutral form; with ``model`` (a trained one), its parameters."""
    creators = comparisons()
    prior = 0.0001
    if model is not None:
        # The saved model's SQL is in the training engine's dialect: carry its m and u values
        # over onto fresh creators, as ``integrity.linkage`` does.
        creators = with_trained_parameters(creators, model)
        prior = float(model["probability_two_random_records_match"])
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="record_id",
        comparisons=creators,
        blocking_rules_to_generate_predictions=blocking_rules(),
        additional_columns_to_retain=list(TOKEN_COLUMNS + BLOOM_COLUMNS),
        retain_intermediate_calculation_columns=False,
        probability_two_random_records_match=prior,
    )


def _linker(files: Sequence[LinkageFile], api: Any, model: Mapping[str, Any] | None) -> Linker:
    frames = [api.register(f.table, table_name=f"agency_{i}") for i, f in enumerate(files)]
    return Linker(frames, _settings(model), log_level=logging.ERROR)


def train(files: Sequence[LinkageFile], *, seed: int = 1) -> dict[str, Any]:
    """Train the model on the files (on DuckDB, one thread: the same files give the same model,
    ``training_api``); returns it as Splink's JSON settings."""
    linker = _linker(files, training_api(), None)
    _train(linker, seed)
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return model


def _train(linker: Linker, seed: int) -> None:
    training = linker.training
    same_person = "l.names_tok = r.names_tok AND l.year_tok = r.year_tok"
    training.estimate_probability_two_random_records_match(
        ["l.tazkira_tok = r.tazkira_tok", f"{same_person} AND l.district_tok = r.district_tok"],
        recall=0.7,
    )
    training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    sessions = 0
    # Each session fixes what identifies a person, so EM learns the rest from true pairs: a
    # session on two names and a place would take namesakes and siblings for the match class
    # (at 2 x 500k it learnt that half of all matches disagree on the phone).
    for rule in (block_on("names_key", "year_tok"), block_on("tazkira_tok")):
        try:
            training.estimate_parameters_using_expectation_maximisation(rule)
        except EMTrainingException:
            continue  # a round without tazkira numbers: the names session still trains
        sessions += 1
    if not sessions:
        raise InputError("too few candidate pairs to train the linkage model", source="linkage")


@dataclass(frozen=True)
class Linked:
    """Scored cross-agency pairs at or above the threshold, and their clusters."""

    pairs: list[dict[str, object]]
    clusters: pa.Table  # node ("agency/record_id") -> cluster_id
    threshold: float


def node(agency: str, record_id: str) -> str:
    return f"{agency}/{record_id}"


def _agreed(row: dict[str, Any]) -> list[str]:
    return [
        t for t in EVIDENCE_TOKENS if row[f"{t}_l"] is not None and row[f"{t}_l"] == row[f"{t}_r"]
    ]


def _dice(row: dict[str, Any]) -> float:
    both = each = 0
    for c in BLOOM_COLUMNS:
        x, y = row[f"{c}_l"] & 0xFFFFFFFFFFFFFFFF, row[f"{c}_r"] & 0xFFFFFFFFFFFFFFFF
        both += (x & y).bit_count()
        each += x.bit_count() + y.bit_count()
    return round(2.0 * both / each, 3) if each else 0.0


def check_round(files: Sequence[LinkageFile]) -> None:
    """The files must be of one consortium round and of as many agencies as files."""
    if len(files) < 2:
        raise InputError("linking needs the files of at least two agencies")
    rounds = {(f.header.consortium, f.header.round, f.header.check) for f in files}
    if len(rounds) > 1:
        named = ", ".join(f"{c} round {r} (check {k})" for c, r, k in sorted(rounds))
        raise InputError(f"the files are of different consortium rounds: {named}")
    agencies = [f.header.agency for f in files]
    if len(set(agencies)) < len(agencies):
        raise InputError(f"two files come from one agency ({', '.join(sorted(agencies))})")


def link(
    files: Sequence[LinkageFile],
    *,
    engine: str = "duckdb",
    threshold: float = THRESHOLD,
    seed: int = 1,
) -> Linked:
    """Train on the files, score cross-agency candidate pairs on ``engine`` (``duckdb`` or
    ``spark``), and cluster the pairs at or above ``threshold``."""
    check_round(files)
    model = train(files, seed=seed)
    # Trained once on DuckDB; scored on the chosen engine with the same parameters, so every
    # engine links the same pairs with the same weights.
    linker = _linker(files, db_api(engine), model)
    agencies = {f"agency_{i}": f.header.agency for i, f in enumerate(files)}
    scored = linker.inference.predict(threshold_match_probability=threshold)
    pairs = []
    for row in arrow(scored).to_pylist():
        pairs.append(
            {
                "a": (agencies[row["source_dataset_l"]], row["record_id_l"]),
                "b": (agencies[row["source_dataset_r"]], row["record_id_r"]),
                "probability": round(float(row["match_probability"]), 4),
                "agreed": _agreed(row),
                "name_dice": _dice(row),
            }
        )
    edges = [(node(*p["a"]), node(*p["b"])) for p in pairs]  # type: ignore[misc]
    return Linked(pairs, connected_components(edges), threshold)
