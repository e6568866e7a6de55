"""Payroll duplicates on the demo scenario, scored against its ground truth.

    .venv/bin/python benchmarks/integrity/demo_payroll.py DEMO_DIR

Tokenises the scenario's ``staff.csv`` with the importers' own token function (staff lists are
small: seconds even at the 1M scale), loads the ledger and attendance into an in-memory DuckDB
engine, runs the payroll duplicates rules and scores the pairs against the planted
``payroll_duplicate`` pairs. Prints one JSON object: precision, recall, F1, the rules that fired
and the false pairs' field outcomes (for reading, not for tuning).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import polars as pl
import pyarrow as pa

from aidtrace.integrity import payroll_duplicates
from aidtrace.integrity.tokenshape import tokens_of_rows
from aidtrace.store import DuckDBEngine

KEY = bytes(range(32))


def _csv(demo: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(demo / name, skip_rows_after_header=1, infer_schema=False)


def load(demo: Path) -> DuckDBEngine:
    engine = DuckDBEngine.open(None)
    staff = _csv(demo, "staff.csv")
    tokens = tokens_of_rows(staff.to_dicts(), KEY, kind="staff")
    tokens = tokens.cast(
        pa.schema(
            [
                pa.field(f.name, pa.string() if f.type == pa.null() else f.type)
                for f in tokens.schema
            ]
        )
    )
    engine.write("person_tokens", tokens)
    people = staff.select(
        pl.col("staff_id").alias("record_id"),
        pl.lit("staff").alias("kind"),
        pl.col("org_id"),
        pl.col("position"),
        pl.col("monthly_salary_usd").cast(pl.Float64),
    )
    engine.write("people", people.to_arrow())
    ledger = _csv(demo, "ledger.csv").with_columns(
        pl.col("amount").cast(pl.Float64), pl.col("date").str.to_date()
    )
    engine.write("ledger", ledger.to_arrow())
    attendance = _csv(demo, "attendance.csv").with_columns(
        pl.col("days_present").cast(pl.Int64), (pl.col("month") + "-01").str.to_date()
    )
    engine.write("attendance", attendance.to_arrow())
    return engine


def truth(demo: Path) -> set[frozenset[str]]:
    data = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    return {
        frozenset(p["ids"]["staff_ids"]) for p in data["plants"] if p["kind"] == "payroll_duplicate"
    }


def main(demo: Path) -> None:
    engine = load(demo)
    start = time.perf_counter()
    found = list(payroll_duplicates.iter_evidence(engine))
    elapsed = time.perf_counter() - start
    true = truth(demo)
    pairs = {frozenset(d.staff_ids): (d, ev) for d, ev in found}
    tp = len(set(pairs) & true)
    p = tp / len(pairs) if pairs else 0.0
    r = tp / len(true) if true else 0.0
    report = {
        "staff_records": engine.query("SELECT count(*) AS n FROM person_tokens")
        .column(0)[0]
        .as_py(),
        "seconds": round(elapsed, 2),
        "planted": len(true),
        "flagged": len(pairs),
        "true_positives": tp,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "rules": dict(Counter(d.rule.name for d, _ in pairs.values())),
        "both_paid_pairs": sum(1 for _, ev in pairs.values() if ev["months_both_paid"]),
        "false_pairs": [
            {"staff": sorted(k), "rule": d.rule.name, "fields": dict(d.fields)}
            for k, (d, _) in pairs.items()
            if k not in true
        ],
        "missed": [sorted(k) for k in true - set(pairs)],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
