"""A token table with known duplicates, and a model trained on it once per session."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pytest

from aidtrace.integrity import linkage
from aidtrace.integrity.backends import training_api
from aidtrace.integrity.tokenshape import tokens_of_rows

from .afghan_sample import sample

KEY = bytes(range(32))


@pytest.fixture(scope="session")
def plain() -> pl.DataFrame:
    return sample(households=300, seed=11)


@pytest.fixture(scope="session")
def tokens(plain: pl.DataFrame) -> pa.Table:
    return tokens_of_rows(plain.to_dicts(), KEY)


@pytest.fixture(scope="session")
def model(tokens: pa.Table) -> linkage.Model:
    return linkage.train(tokens, training_api())


@pytest.fixture(scope="session")
def truth(plain: pl.DataFrame) -> dict[str, str]:
    ids = ("beneficiary:" + plain["member_id"]).to_list()
    return dict(zip(ids, plain["truth_id"], strict=True))
