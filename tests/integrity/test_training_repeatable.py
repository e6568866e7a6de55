"""The same records train the same model on every run, and so raise the same duplicates."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from aidtrace.integrity import linkage
from aidtrace.integrity.backends import db_api, training_api
from aidtrace.integrity.tokenshape import tokens_of_rows

from .afghan_sample import sample

KEY = bytes(range(32))


@pytest.fixture(scope="module")
def larger() -> pa.Table:
    # Large enough that a training run on several threads adds its sums in another order from
    # one run to the next (about 9,000 records; at 1,300 the threads rarely share the work)
    return tokens_of_rows(sample(households=2000, seed=11).to_dicts(), KEY)


def _parameters(model: linkage.Model) -> str:
    settings = dict(model.settings)
    settings.pop("linker_uid", None)  # a name Splink draws at random for its own tables
    return json.dumps(settings, sort_keys=True)


def test_training_twice_gives_the_same_model_to_the_last_digit(larger: pa.Table) -> None:
    first, second, third = (linkage.train(larger, training_api()) for _ in range(3))
    assert _parameters(first) == _parameters(second) == _parameters(third)


def test_the_same_model_links_the_same_pairs_and_calibrates_the_same_cut_off(
    larger: pa.Table,
) -> None:
    # scored on every thread DuckDB has: each pair's probability is worked out on its own
    runs = [
        linkage.predict(larger, linkage.train(larger, training_api()), db_api("duckdb"))
        for _ in range(2)
    ]
    assert runs[0].bands == runs[1].bands
    assert sorted(linkage.auto_links_across_households(runs[0].pairs)) == sorted(
        linkage.auto_links_across_households(runs[1].pairs)
    )
    assert runs[0].pairs.num_rows > 0


def test_training_runs_on_one_thread() -> None:
    api = training_api()
    threads = api._con.execute("SELECT current_setting('threads')").fetchone()[0]
    assert threads == 1
