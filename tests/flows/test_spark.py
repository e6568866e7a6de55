"""The flow monitors give the same findings on Spark as on DuckDB (same SQL, transpiled)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aidtrace.monitors import RunContext, get_monitor
from aidtrace.workspace import Workspace
from flows.scenario import Scenario

TABLES = ("organisations", "ledger", "distributions", "needs", "market_prices", "fx_rates",
          "iati_activities", "iati_transactions", "imports")  # fmt: skip
# The two whose SQL leans most on dialect: windows over intervals, percentiles and ordered
# aggregates (kept few: each Spark query costs seconds in local mode).
MONITORS = ("flows.split_payments", "flows.unit_prices")


@pytest.mark.spark
def test_same_findings_on_spark(programme: tuple[Workspace, Scenario], tmp_path: Path) -> None:
    from aidtrace.store.spark_engine import SparkEngine

    ws = programme[0]
    spark = SparkEngine.open(tmp_path / "warehouse")
    try:
        for table in TABLES:
            spark.register(table, ws.engine.query(f"SELECT * FROM {table}"))
        on_spark = dataclasses.replace(ws, engine=spark)
        for name in MONITORS:
            monitor = get_monitor(name)
            expected = {(a.kind, a.subject) for a in monitor.run(RunContext(ws))}
            got = {(a.kind, a.subject) for a in monitor.run(RunContext(on_spark))}
            assert got == expected, name
    finally:
        spark.close()
