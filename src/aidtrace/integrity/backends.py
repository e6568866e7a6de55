"""The engines linkage can run on: Splink backends, by name (DuckDB default, Spark at scale).

A trained model is engine-neutral (``linkage.settings`` rebuilds it in the target dialect), so a
model trained on DuckDB scores the same pairs with the same weights on Spark.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aidtrace.errors import NotFound

DbApiFactory = Callable[[], Any]


def duckdb_api() -> Any:
    """An in-memory DuckDB for the linkage job (it spills to disk past its memory limit)."""
    from splink import DuckDBAPI

    return DuckDBAPI()


def training_api() -> Any:
    """An in-memory DuckDB on one thread, for training a model.

    Training adds up millions of floating-point terms; on several threads they are added in
    an order that changes from run to run, so the model's probabilities differ in their last
    digits, and a cut-off calibrated on the scored pairs can then fall on either side of a whole
    group of them: one or two duplicates more or fewer from the same records. On one thread
    the same records train the same model on every run, bit for bit, at little cost (training
    reads a sample and the blocked pairs, not every pair). The model then scores on any engine.
    """
    import duckdb
    from splink import DuckDBAPI

    return DuckDBAPI(connection=duckdb.connect(config={"threads": 1}))


def spark_api(session: Any | None = None) -> Any:
    """Splink on Spark; without a session, a local-mode one (a cluster passes its own)."""
    from splink import SparkAPI

    from aidtrace.store.spark_engine import local_session

    if session is None:
        # A warehouse of this process's own: a shared fixed path would meet another process's
        # (or an earlier run's) tables under the same names.
        session = local_session(Path(tempfile.mkdtemp(prefix="aidtrace-spark-warehouse-")))
    context = session.sparkContext
    if context.getCheckpointDir() is None:
        # Splink may checkpoint to cut long query lineages; it needs somewhere to write.
        context.setCheckpointDir(tempfile.mkdtemp(prefix="aidtrace-spark-checkpoints-"))
    # Two partitions per core keep a local run from drowning in tiny tasks.
    parallelism = int(context.defaultParallelism)
    make: Any = SparkAPI  # untyped constructor
    return make(
        spark_session=session,
        num_partitions_on_repartition=max(2, 2 * parallelism),
    )


BACKENDS: dict[str, DbApiFactory] = {"duckdb": duckdb_api, "spark": spark_api}


def db_api(name: str) -> Any:
    """A fresh Splink database API for the named engine."""
    factory = BACKENDS.get(name)
    if factory is None:
        raise NotFound(f"no linkage engine named {name!r} (known: {', '.join(BACKENDS)})")
    return factory()
