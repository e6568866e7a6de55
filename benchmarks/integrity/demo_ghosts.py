"""Ghost indicators on the demo scenario, scored against its ground truth.

    .venv/bin/python benchmarks/integrity/demo_ghosts.py DEMO_DIR TOKENS.parquet

Loads the token Parquet (from ``make_tokens.py``) as ``person_tokens`` and the scenario's
distributions, ledger and attendance into an in-memory DuckDB engine, runs every indicator, and
scores flagged households against the planted ``ghost_beneficiary`` households and flagged staff
against ``payroll_ghost`` staff. Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
from splink import DuckDBAPI

from aidtrace.integrity import linkage
from aidtrace.integrity.clusters import household_groups
from aidtrace.integrity.ghosts import run_indicators
from aidtrace.store import DuckDBEngine

CASTS: dict[str, dict[str, Any]] = {
    "distributions": {"reached": pl.Boolean, "value_usd": pl.Float64},
    "ledger": {"amount": pl.Float64},
    "attendance": {"days_present": pl.Int64},
}


def load(demo: Path, tokens: Path) -> DuckDBEngine:
    engine = DuckDBEngine.open(None)
    table = pq.read_table(tokens)
    engine.write("person_tokens", table)
    # Families registered twice, from the linkage model trained by demo_linkage.py.
    model = linkage.Model.from_json(tokens.with_suffix(".model.json").read_text("utf-8"))
    pairs = linkage.predict(table, model, DuckDBAPI()).pairs
    engine.write("integrity_household_groups", household_groups(pairs))
    for name, casts in CASTS.items():
        frame = pl.read_csv(demo / f"{name}.csv", skip_rows_after_header=1, infer_schema=False)
        frame = frame.with_columns(
            [
                (pl.col(c).cast(pl.Int8).cast(t) if t == pl.Boolean else pl.col(c).cast(t))
                for c, t in casts.items()
            ]
        )
        engine.write(name, frame.to_arrow())
    return engine


def prf(found: set[str], true: set[str]) -> dict[str, Any]:
    tp = len(found & true)
    p = tp / len(found) if found else 0.0
    r = tp / len(true) if true else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "true": len(true),
        "flagged": len(found),
        "tp": tp,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
    }


def planted_by_indicator(truth: dict[str, Any]) -> dict[str, set[str]]:
    """Indicator -> the households (or staff) planted with that fingerprint."""
    out: dict[str, set[str]] = {}
    for p in truth["plants"]:
        if p["kind"] == "ghost_beneficiary":
            names = [*p["detail"].get("indicators", []), "never_seen"]
            for name in names:
                out.setdefault(name, set()).update(p["ids"].get("household_ids", []))
        elif p["kind"] == "payroll_ghost":
            out.setdefault("payroll_without_attendance", set()).update(p["ids"]["staff_ids"])
    return out


def main(demo: Path, tokens: Path) -> None:
    engine = load(demo, tokens)
    truth = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    ghosts = {
        h
        for p in truth["plants"]
        if p["kind"] == "ghost_beneficiary"
        for h in p["ids"].get("household_ids", [])
    }
    payroll = {
        s
        for p in truth["plants"]
        if p["kind"] == "payroll_ghost"
        for s in p["ids"].get("staff_ids", [])
    }
    start = time.perf_counter()
    flags, skipped = run_indicators(engine)
    elapsed = time.perf_counter() - start
    households = {f.subject for f in flags if f.subject_kind == "household"}
    staff = {f.subject for f in flags if f.subject_kind == "staff"}
    planted = planted_by_indicator(truth)
    per_indicator = {}
    for name in sorted({f.indicator for f in flags} | set(planted)):
        found = {f.subject for f in flags if f.indicator == name}
        own = planted.get(name, set())
        per_indicator[name] = {
            "flagged": len(found),
            "of_them_ghosts": len(found & (ghosts | payroll)),
            # Against the households planted with this very fingerprint.
            **{f"own_{k}": v for k, v in prf(found, own).items() if k != "flagged"},
        }
    report = {
        "seconds": round(elapsed, 1),
        "skipped": skipped,
        "ghost_households": prf(households, ghosts),
        "payroll_ghosts": prf(staff, payroll),
        "per_indicator": per_indicator,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
