"""Batch screening on Spark, for registers that outgrow one machine.

The index is built (or loaded) once on the driver and broadcast in its saved form
(``persist.dump_index``: JSON, never pickle, with its blocking structures); each Python worker
loads it once and keeps it, with the name comparisons it has made, for every partition it screens
after. The rows of a partition are screened by the same ``iter_screen`` as a local run, so a name
gets the same hits, scores and explanations on Spark as from ``aidtrace screen --file``.

The input is a DataFrame with the columns of a ``--file`` CSV: ``name`` or ``full_name``, and
optionally ``id`` (or ``subject``), ``dob``, ``nationality``, ``gender`` and ``type``. The result
has one row per input row (``RESULT_SCHEMA``): the subject, the name, the number of hits and the
best score, the result as the JSON object ``aidtrace screen --json`` prints, or why the row was
not screened.
"""

from __future__ import annotations

import gc
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from aidtrace.errors import InputError
from aidtrace.screening.batch import TYPE_COLUMNS, name_column, row_query
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.persist import dump_index, read_index
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import NameMatches, ScreeningResult, iter_screen

if TYPE_CHECKING:
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame, Row, SparkSession

ROW: Final = "__aidtrace_row"  # a row number Spark gives each row, for rows without an id
COLUMNS: Final = ("id", "subject", "dob", "date_of_birth", "nationality", "gender", "sex",
                  *TYPE_COLUMNS)  # fmt: skip
RESULT_SCHEMA: Final = (
    "subject string, query string, hits int, best_score double, result string, refused string"
)
FIELDS: Final = ("subject", "query", "hits", "best_score", "result", "refused")
CHUNK: Final = 5000  # rows of a partition screened at a time


@dataclass(frozen=True)
class Options:
    """How every partition is screened (sent to the workers with the function)."""

    column: str  # the column holding the names
    threshold: float
    limit: int
    party: PartyType  # the type of rows whose ``type`` cell is empty
    today: date  # birth dates after it are refused, as the CLI refuses them
    run: str = ""  # tells one ``screen_frame`` apart from another in a worker


def screen_frame(
    frame: DataFrame,
    index: ScreeningIndex,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    party: PartyType = PartyType.ANY,
    today: date | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """Every row of ``frame`` screened against ``index`` on the frame's session (lazily: the
    result is computed when it is written or collected). ``partitions``: how many parts the
    rows are screened in; by default at least one per core of the session (a CSV file of a
    million names is read as one part, which one core would screen alone)."""
    column = name_column(frame.columns, "the DataFrame to screen")
    from pyspark.sql import functions as F

    present = [c for c in COLUMNS if c in frame.columns and c != column]
    numbered = frame.select(
        F.col(column).cast("string"),
        *(F.col(c).cast("string") for c in present),
        F.monotonically_increasing_id().cast("string").alias(ROW),
    )
    session = frame.sparkSession
    wanted = partitions or max(session.sparkContext.defaultParallelism, 1)
    if partitions or numbered.rdd.getNumPartitions() < wanted:
        numbered = numbered.repartition(wanted)
    shipped = session.sparkContext.broadcast(dump_index(index))
    options = Options(column, threshold, limit, party, today or date.today(), uuid.uuid4().hex)
    # rows through the RDD API: Spark's Arrow maps (mapInArrow) need pandas, which aidtrace
    # does not otherwise depend on
    rows = numbered.rdd.mapPartitions(partial(_screen_partition, shipped, options))
    screened: DataFrame = session.createDataFrame(rows, RESULT_SCHEMA)
    return screened


def screen_rows(
    index: ScreeningIndex,
    rows: list[dict[str, Any]],
    options: Options,
    cache: NameMatches | None = None,
) -> list[dict[str, Any]]:
    """The result rows (``RESULT_SCHEMA``) of ``rows``, in their order."""
    queries: list[Query] = []
    refused: dict[int, tuple[str, str]] = {}
    for i, row in enumerate(rows):
        default = f"row:{row.get(ROW) or i}"
        try:
            queries.append(row_query(row, options.column, default, options.party, options.today))
        except InputError as exc:
            subject = row.get("id") or row.get("subject") or default
            refused[i] = (subject, exc.message)
    results = iter_screen(index, queries, options.threshold, options.limit, cache)
    out = []
    for i, row in enumerate(rows):
        if i in refused:
            subject, reason = refused[i]
            out.append({"subject": subject, "query": row.get(options.column), "hits": 0,
                        "best_score": None, "result": None, "refused": reason})  # fmt: skip
        else:
            out.append(_result_row(next(results)))
    return out


def _result_row(result: ScreeningResult) -> dict[str, Any]:
    import json

    hits = result.hits
    return {
        "subject": result.query.subject,
        "query": result.query.name,
        "hits": len(hits),
        "best_score": round(hits[0].score, 4) if hits else None,
        "result": json.dumps(result.as_dict(), ensure_ascii=False),
        "refused": None,
    }


# In a worker: the index of the broadcast it last screened with, and its name comparisons
# (kept from partition to partition, as a local worker keeps them from chunk to chunk).
_WORKER: dict[str, tuple[ScreeningIndex, NameMatches]] = {}


def _worker_index(shipped: Broadcast[bytes], run: str) -> tuple[ScreeningIndex, NameMatches]:
    known = _WORKER.get(run)
    if known is None:
        _WORKER.clear()  # a new screening: the last one's index and names are done with
        known = _WORKER[run] = (read_index(shipped.value, "broadcast index"), {})
        gc.freeze()  # lives as long as the worker: out of the collector's walks
    return known


def _screen_partition(
    shipped: Broadcast[bytes], options: Options, rows: Iterator[Row]
) -> Iterator[tuple[Any, ...]]:
    index, cache = _worker_index(shipped, options.run)
    while chunk := [row.asDict() for row in islice(rows, CHUNK)]:
        for result in screen_rows(index, chunk, options, cache):
            yield tuple(result[f] for f in FIELDS)


def local_session(
    cores: int = 2, memory: str = "2g", warehouse: Path | None = None
) -> SparkSession:
    """A local-mode session for batch screening on one machine. Its tables and scratch files
    live in a directory of this process's own (``warehouse``, or a new temporary one, never a
    fixed path another process may share), and its Python workers run this interpreter."""
    from aidtrace.store.spark_engine import local_session as store_session

    own = warehouse or Path(tempfile.mkdtemp(prefix="aidtrace-screening-spark-"))
    return store_session(
        own / "warehouse",
        cores=cores,
        memory=memory,
        app="aidtrace-screening",
        scratch=own / "scratch",
    )
