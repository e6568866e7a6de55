"""Deduplication and cross-list linkage of person tokens with Splink (Fellegi–Sunter, EM).

``train`` learns the model unsupervised from the tokens themselves; ``predict`` scores candidate
pairs, bands them (auto-link, clerical review, no match) and clusters the auto-links. The same
model runs on any Splink backend: ``backends.py`` names them (DuckDB by default, Spark for national
scale), so a model trained on one engine scores identically on the other.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException

from aidtrace.errors import InputError
from aidtrace.integrity import comparisons
from aidtrace.integrity.clusters import connected_components
from aidtrace.integrity.compact import compact
from aidtrace.integrity.tokenshape import TOKEN_COLUMNS

EXTRA_COLUMNS = ("record_id", "kind", "household_id", "list_id", "agency")


class Band(StrEnum):
    AUTO_LINK = "auto_link"
    REVIEW = "clerical_review"
    NO_MATCH = "no_match"


# The share of auto-links the model may expect to be wrong (see ``Bands.calibrated``).
LINK_ERROR = 0.01


@dataclass(frozen=True)
class Bands:
    """Cut-offs on the match probability: at or above ``auto_link`` links, at or above
    ``review`` goes to a person, below is no match. Two records of one household are judged
    against ``within_household`` (by default the same cut-off).

    The probability includes the prior, which the model estimates from the list itself and
    which shrinks as the list grows: the same names and year are weaker evidence among a
    million people than among twenty thousand. ``calibrated`` places the auto-link cut-offs
    from the scored pairs themselves; fixed ones are used only when given."""

    auto_link: float = 1 - LINK_ERROR
    review: float = 0.50
    within_household: float | None = None
    # The expected share of wrong links the cut-offs were placed for, if calibrated.
    link_error: float | None = None

    @property
    def source(self) -> str:
        """How the cut-offs were set: ``calibrated`` on a run's pairs, or ``given``."""
        return "given" if self.link_error is None else "calibrated"

    def of(self, probability: float, same_household: bool = False) -> Band:
        cut = self.auto_link
        if same_household and self.within_household is not None:
            cut = self.within_household
        if probability >= cut:
            return Band.AUTO_LINK
        return Band.REVIEW if probability >= self.review else Band.NO_MATCH

    @classmethod
    def calibrated(
        cls,
        across: Sequence[float],
        within: Sequence[float] = (),
        link_error: float = LINK_ERROR,
        review: float = 0.50,
    ) -> Bands:
        """Cut-offs at which the model itself expects at most ``link_error`` of the auto-links
        to be wrong: one for pairs ``across`` households, one for pairs ``within`` one
        household (namesakes are common inside a family, so they are weighed apart)."""
        if not 0 < link_error < 1:
            raise InputError(f"link_error must lie strictly between 0 and 1, not {link_error}")
        return cls(
            auto_link=expected_error_cutoff(across, link_error, review),
            review=review,
            within_household=expected_error_cutoff(within, link_error, review),
            link_error=link_error,
        )


def expected_error_cutoff(probabilities: Sequence[float], link_error: float, floor: float) -> float:
    """The lowest cut-off at which the expected share of wrong links is within ``link_error``.

    Each pair's match probability is the model's chance that it is one person, so among the
    pairs at or above a cut-off the expected share of wrong links is the mean of ``1 - p`` over
    them (a Bayesian false discovery rate). Walking down from the strongest pair, the cut-off
    is the last probability at which that mean is still within ``link_error``: a list whose
    pairs are near-certain links more of them, a list of look-alikes fewer. Never below
    ``floor``; with no pair that sure, ``1 - link_error`` (no pair reaches it)."""
    cut = 1 - link_error
    wrong = 0.0
    ranked = sorted((p for p in probabilities if p >= floor), reverse=True)
    for seen, probability in enumerate(ranked, start=1):
        wrong += 1 - probability
        tie = seen < len(ranked) and ranked[seen] == probability  # a cut-off takes all ties
        if not tie and wrong <= link_error * seen:
            cut = min(cut, probability)
    return cut


@dataclass(frozen=True)
class Model:
    """A trained Splink model (its JSON settings), portable across engines."""

    settings: Mapping[str, Any]

    def to_json(self) -> str:
        return json.dumps(self.settings, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Model:
        return cls(json.loads(text))


@dataclass(frozen=True)
class LinkageResult:
    """Scored pairs at or above the review band (with ``evidence``, ``band`` and
    ``same_household``), and the clusters of records auto-linked across households."""

    pairs: pa.Table
    clusters: pa.Table
    bands: Bands = field(default_factory=Bands)


def with_trained_parameters(creators: list[Any], trained: Mapping[str, Any]) -> list[Any]:
    """Fresh comparison creators carrying a trained model's m and u values (the saved model's
    SQL is in the training engine's dialect; the creators serve whatever engine scores)."""
    for creator, comparison in zip(creators, trained["comparisons"], strict=True):
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        creator.configure(
            m_probabilities=[lv.get("m_probability") for lv in levels],
            u_probabilities=[lv.get("u_probability") for lv in levels],
        )
    return creators


def settings(model: Model | None = None) -> SettingsCreator:
    """The model in engine-neutral form: Afghan comparisons, recall-keeping blocking, dedupe
    over all lists together; with ``model``, carrying its trained parameters."""
    creators = comparisons.comparisons()
    prior = 0.0001
    if model is not None:
        creators = with_trained_parameters(creators, model.settings)
        prior = float(model.settings["probability_two_random_records_match"])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="person_id",
        comparisons=creators,
        blocking_rules_to_generate_predictions=comparisons.prediction_blocking_rules(),
        additional_columns_to_retain=list(EXTRA_COLUMNS),
        retain_intermediate_calculation_columns=True,
        probability_two_random_records_match=prior,
    )


def _check(tokens: pa.Table) -> None:
    missing = [c for c in TOKEN_COLUMNS if c not in tokens.column_names]
    if missing:
        raise InputError(f"token table lacks columns: {', '.join(missing)}", source="tokens")


def _linker(tokens: pa.Table, spec: SettingsCreator, db_api: Any) -> Linker:
    _check(tokens)
    # Integer tokens: the same equalities at a quarter of the memory (see ``compact``). A caller
    # holding a million records passes ``compact(tokens)`` and drops the text columns itself.
    frame = db_api.register(compact(tokens))
    return Linker(frame, spec, log_level=logging.ERROR)


def train(tokens: pa.Table, db_api: Any, *, seed: int = 1, max_pairs: float = 2e6) -> Model:
    """Estimate the prior, then u by random sampling, then m by EM on two blocking passes."""
    linker = _linker(tokens, settings(), db_api)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        comparisons.deterministic_rules(), recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    sessions = 0
    for rule in comparisons.training_blocking_rules():
        try:
            training.estimate_parameters_using_expectation_maximisation(rule)
        except EMTrainingException:
            # A list without, say, tazkira numbers gives that session no pairs; the other
            # session and the fixed name levels still make a usable model.
            continue
        sessions += 1
    if not sessions:
        raise InputError("too few candidate pairs to train the linkage model", source="tokens")
    return Model(linker.misc.save_model_to_json())


def arrow(frame: Any) -> pa.Table:
    # Splink's dataframe wrapper is untyped; every backend can hand over Arrow.
    table: pa.Table = frame.as_pyarrow_table()
    return table


def prior_weight(model: Model) -> float:
    """log2 of the prior odds that two random records match."""
    prior = float(model.settings["probability_two_random_records_match"])
    return math.log2(prior / (1 - prior))


def same_household(table: pa.Table) -> pa.ChunkedArray:
    """Whether each pair is two records of one beneficiary household. (A staff record's
    "household" is its employer: two entries there are a payroll duplicate.)"""
    same = pc.and_(
        pc.equal(table.column("household_id_l"), table.column("household_id_r")),
        pc.equal(table.column("kind_l"), "beneficiary"),
    )
    return pc.fill_null(same, False)


def annotate(table: pa.Table, bands: Bands, prior: float) -> pa.Table:
    # Evidence: the match weight without the prior, in bits, for the explanation.
    evidence = pc.subtract(table.column("match_weight"), prior)
    # One household listing one person twice is padding, not a double registration.
    same = same_household(table)
    probabilities = table.column("match_probability").to_pylist()
    labels = [bands.of(p, s).value for p, s in zip(probabilities, same.to_pylist(), strict=True)]
    table = table.append_column("evidence", evidence)
    table = table.append_column("same_household", same)
    return table.append_column("band", pa.array(labels, pa.string()))


def calibrate(scored: Sequence[pa.Table], link_error: float, review: float) -> Bands:
    """Cut-offs calibrated on scored pairs (``Bands.calibrated``), split by household."""
    across: list[float] = []
    within: list[float] = []
    for table in scored:
        same = same_household(table).to_pylist()
        for p, inside in zip(table.column("match_probability").to_pylist(), same, strict=True):
            (within if inside else across).append(p)
    return Bands.calibrated(across, within, link_error, review)


def auto_links_across_households(pairs: pa.Table) -> list[tuple[str, str]]:
    keep = pc.and_(
        pc.equal(pairs.column("band"), Band.AUTO_LINK.value),
        pc.invert(pairs.column("same_household")),
    )
    chosen = pairs.filter(keep)
    return list(
        zip(
            chosen.column("person_id_l").to_pylist(),
            chosen.column("person_id_r").to_pylist(),
            strict=True,
        )
    )


def predict(
    tokens: pa.Table,
    model: Model,
    db_api: Any,
    *,
    bands: Bands | None = None,
    link_error: float = LINK_ERROR,
) -> LinkageResult:
    """Score every candidate pair, keep those worth a look, and cluster the auto-links that
    join two households (a repeat within one household is a ghost indicator instead). Without
    ``bands`` the auto-link cut-off is calibrated on the scored pairs (``Bands.calibrated``)."""
    review = bands.review if bands else Bands().review
    prior = prior_weight(model)
    linker = _linker(tokens, settings(model), db_api)
    scored = arrow(linker.inference.predict(threshold_match_probability=review))
    if bands is None:
        bands = calibrate([scored], link_error, review)
    pairs = annotate(scored, bands, prior)
    clusters = connected_components(auto_links_across_households(pairs))
    return LinkageResult(pairs=pairs, clusters=clusters, bands=bands)
