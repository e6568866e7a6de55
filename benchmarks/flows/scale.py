"""Scale: import and full flow analysis of 1,000,000 ledger rows and 10,000 IATI activities.

The inputs are generated here (vectorised with Polars, outside the timed steps): a chain of
20 donors → 40 agencies → 400 partners → 2,000 sub-partners → 5,000 vendors and 500 cash agents
paying people; 1,000,000 ledger rows (log-uniform amounts in USD and AFN, items with unit prices,
invoices, approvers, districts), 10,000 IATI activities with 5 transactions each, 500,000
distribution records, 400 districts of needs, prices and daily rates.

Timed: importing every file (all-or-nothing, validated) and running every ``flows.*`` monitor
plus the report's Sankey/province summary and the leakage tables. Peak memory is the process's
maximum resident set (DuckDB runs in-process, under the workspace's 4 GB limit).

Run: ``.venv/bin/python benchmarks/flows/scale.py [--rows 1000000] [--activities 10000]``;
writes ``scale.json`` and ``scale.md`` beside this file. The machine has 2 cores shared with
other work; timings vary by ±20 % between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import polars as pl

from aidtrace.flows.graph import LeakageLevel, leakage
from aidtrace.flows.summary import flow_summary
from aidtrace.ingest import get_importer
from aidtrace.monitors import MissingInput, RunContext, all_monitors
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

HERE = Path(__file__).resolve().parent
ROLES = {"DON": 20, "AGY": 40, "PRT": 400, "SUB": 2000, "VEN": 5000, "CAG": 500}
PARENT = {"AGY": "DON", "PRT": "AGY", "SUB": "PRT"}
DISTRICTS = [f"AF{p:02d}{d:02d}" for p in range(1, 35) for d in range(1, 13)][:400]
ITEMS = ("wheat_flour", "rice", "pulses", "vegetable_oil", "salt", "sugar")


def rand(seed: int) -> pl.Expr:
    """A uniform number in [0, 1) per row, from a hash of the row number."""
    return pl.col("i").hash(seed).cast(pl.Float64) / 18446744073709551616.0


def pick(seed: int, n: int) -> pl.Expr:
    return (rand(seed) * n).floor().cast(pl.Int64)


def write_hxl(frame: pl.DataFrame, tags: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(frame.columns) + "\n" + ",".join(tags) + "\n")
        frame.write_csv(out, include_header=False)


def org_id(prefix: str, index: pl.Expr) -> pl.Expr:
    return pl.lit(prefix + "-") + index.cast(pl.String).str.zfill(5)


def organisations(out: Path) -> None:
    rows = []
    for prefix, count in ROLES.items():
        role = {"DON": "donor", "AGY": "un_agency", "PRT": "partner", "SUB": "sub_partner",
                "VEN": "vendor", "CAG": "cash_agent"}[prefix]  # fmt: skip
        for i in range(count):
            parent = PARENT.get(prefix)
            parent_id = f"{parent}-{i % ROLES[parent]:05d}" if parent else ""
            official = f"S{i % 2000:06d}" if prefix == "VEN" else ""
            rows.append((f"{prefix}-{i:05d}", f"{role} {i}", role, parent_id,
                         f"AF{1 + i % 34:02d}", official))  # fmt: skip
    frame = pl.DataFrame(
        rows,
        schema=["org_id", "name", "role", "parent", "province", "official"],
        orient="row",
    )
    tags = ["#org+id", "#org+name", "#org+type", "#org+id+parent", "#adm1+code",
            "#contact+id+official"]  # fmt: skip
    write_hxl(frame, tags, out / "organisations.csv")


def ledger(out: Path, n: int) -> None:
    hop = pick(1, 100)
    # 5 % upstream grants, 45 % purchases from vendors, 10 % to cash agents, 40 % to people.
    payer = (
        pl.when(hop < 1).then(org_id("DON", pick(2, 20)))
        .when(hop < 2).then(org_id("AGY", pick(2, 40)))
        .when(hop < 5).then(org_id("PRT", pick(2, 400)))
        .when(hop < 60).then(org_id("SUB", pick(2, 2000)))
        .otherwise(org_id("CAG", pick(2, 500)))
    )  # fmt: skip
    payee = (
        pl.when(hop < 1).then(org_id("AGY", pick(3, 40)))
        .when(hop < 2).then(org_id("PRT", pick(3, 400)))
        .when(hop < 5).then(org_id("SUB", pick(3, 2000)))
        .when(hop < 50).then(org_id("VEN", pick(3, 5000)))
        .when(hop < 60).then(org_id("CAG", pick(3, 500)))
        .otherwise(pl.lit(None, pl.String))
    )  # fmt: skip
    buying = (hop >= 5) & (hop < 50)
    qty = (rand(4) * 900 + 10).floor()
    unit = (30 + rand(5) * 100).round(2)
    amount = (
        pl.when(buying).then((qty * unit).round(2)).otherwise((rand(6) * 12 + 2).exp().round(2))
    )
    frame = pl.select(pl.int_range(0, n, dtype=pl.Int64).alias("i")).select(
        ("T" + pl.col("i").cast(pl.String).str.zfill(8)).alias("txn_id"),
        (pl.date(2024, 1, 1) + pl.duration(days=pick(7, 90))).alias("date"),
        payer.alias("payer"),
        payee.alias("payee"),
        pl.when(hop >= 60).then("P" + pick(8, 200_000).cast(pl.String)).alias("person"),
        amount.alias("amount"),
        pl.when(buying | (hop >= 60)).then(pl.lit("AFN")).otherwise(pl.lit("USD")).alias("cur"),
        pl.when(buying).then("INV-" + pl.col("i").cast(pl.String)).alias("invoice"),
        ("S" + pick(9, 2000).cast(pl.String).str.zfill(6)).alias("approver"),
        pl.lit(DISTRICTS).list.get(pick(10, len(DISTRICTS))).alias("district"),
        pl.when(buying).then(pl.lit(list(ITEMS)).list.get(pick(11, len(ITEMS)))).alias("item"),
        pl.when(buying).then(qty).alias("qty"),
        pl.when(buying).then(unit).alias("unit"),
    )
    tags = ["#txn+id", "#date", "#org+id+payer", "#org+id+payee", "#beneficiary+id+payee",
            "#value", "#currency", "#txn+invoice", "#contact+id+approver", "#adm2+code",
            "#item+name", "#item+quantity", "#value+unit"]  # fmt: skip
    write_hxl(frame, tags, out / "ledger.csv")


def distributions(out: Path, n: int) -> None:
    frame = pl.select(pl.int_range(0, n, dtype=pl.Int64).alias("i")).select(
        ("D" + pl.col("i").cast(pl.String).str.zfill(9)).alias("id"),
        (pl.date(2024, 1, 1) + pl.duration(days=pick(20, 90))).alias("date"),
        org_id("SUB", pick(21, 2000)).alias("partner"),
        ("H" + pick(22, 150_000).cast(pl.String)).alias("household"),
        pl.lit(DISTRICTS).list.get(pick(23, len(DISTRICTS))).alias("district"),
        pl.lit("cash").alias("item"),
        pl.lit(4500).alias("qty"),
        (rand(24) * 5 + 62).round(2).alias("value"),
        (rand(25) > 0.03).cast(pl.Int8).alias("reached"),
    )
    tags = ["#activity+id", "#date", "#org+id", "#household+id", "#adm2+code", "#item+name",
            "#item+quantity", "#value", "#reached"]  # fmt: skip
    write_hxl(frame, tags, out / "distributions.csv")


def reference(out: Path) -> None:
    needs = pl.DataFrame(
        {
            "province": [d[:4] for d in DISTRICTS],
            "district": DISTRICTS,
            "pin": [5000 + 97 * i % 40000 for i in range(len(DISTRICTS))],
            "plan": [50_000.0 + 911 * i % 400_000 for i in range(len(DISTRICTS))],
        }
    )
    write_hxl(needs, ["#adm1+code", "#adm2+code", "#inneed", "#value+planned"], out / "n.csv")
    prices = [(f"AF{p:02d}", f"2024-{m:02d}", it, 40.0 + 10 * k)
              for p in range(1, 35) for m in range(1, 5) for k, it in enumerate(ITEMS)]  # fmt: skip
    frame = pl.DataFrame(prices, schema=["p", "m", "item", "price"], orient="row")
    write_hxl(frame, ["#adm1+code", "#date+month", "#item+name", "#value+afn"], out / "p.csv")
    days = pl.date_range(pl.date(2023, 12, 1), pl.date(2024, 4, 30), eager=True)
    fx = pl.DataFrame({"date": days, "cur": "AFN", "rate": 0.014})
    write_hxl(fx, ["#date", "#currency", "#value+usd"], out / "fx.csv")


def iati(out: Path, activities: int) -> None:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">']
    for a in range(activities):
        org = f"SUB-{a % 2000:05d}" if a >= 2460 else f"PRT-{a % 400:05d}"
        parent = f"PRT-{a % 400:05d}" if org.startswith("SUB") else f"AGY-{a % 40:05d}"
        txns = "".join(
            f'<transaction ref="X{a}-{t}"><transaction-type code="{1 if t == 0 else 3}"/>'
            f'<transaction-date iso-date="2024-0{1 + t % 3}-1{t}"/>'
            f'<value currency="USD" value-date="2024-0{1 + t % 3}-1{t}">{1000 + 37 * a + t}</value>'
            f'<provider-org ref="{parent}"/><receiver-org ref="{org}"/></transaction>'
            for t in range(5)
        )
        parts.append(
            f'<iati-activity default-currency="USD"><iati-identifier>XI-{org}-{a}'
            f'</iati-identifier><reporting-org ref="{org}"><narrative>{org}</narrative>'
            f'</reporting-org><participating-org ref="{parent}" role="1"/>'
            f'<recipient-country code="AF"/><sector code="72040"/>{txns}</iati-activity>'
        )
    parts.append("</iati-activities>\n")
    (out / "iati.xml").write_text("\n".join(parts), encoding="utf-8")


IMPORTS = (
    ("organisations", "organisations.csv"),
    ("needs", "n.csv"),
    ("prices", "p.csv"),
    ("fx", "fx.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
    ("iati", "iati.xml"),
)


def analyse(ws: Workspace) -> dict[str, object]:
    timings: dict[str, float] = {}
    counts: dict[str, int | str] = {}
    ctx = RunContext(ws)
    for name, monitor in all_monitors().items():
        if not name.startswith("flows."):
            continue
        started = time.perf_counter()
        try:
            counts[name] = len(list(monitor.run(ctx)))
        except MissingInput as exc:
            counts[name] = f"skipped: {exc.message}"
        timings[name] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    summary = flow_summary(ws.engine)
    for level in LeakageLevel:
        leakage(ws.engine, level)
    timings["summary+leakage tables"] = round(time.perf_counter() - started, 2)
    counts["sankey links"] = len(summary.links)
    return {"monitor_seconds": timings, "alerts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--commit", default="", help="the commit measured, named in scale.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        started = time.perf_counter()
        organisations(data)
        ledger(data, args.rows)
        distributions(data, args.rows // 2)
        reference(data)
        iati(data, args.activities)
        generated = time.perf_counter() - started
        with Workspace.create(root / "ws", key_file=root / "root.key") as ws:
            cpu0 = _cpu()
            t0 = time.perf_counter()
            imports = {}
            for kind, name in IMPORTS:
                t = time.perf_counter()
                loaded = get_importer(kind).load(ws, data / name, no_progress)
                imports[kind] = {"rows": loaded.rows, "seconds": round(time.perf_counter() - t, 2)}
            t1 = time.perf_counter()
            analysis = analyse(ws)
            t2 = time.perf_counter()
            cpu = _cpu() - cpu0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "commit": args.commit,
        "ledger_rows": args.rows,
        "iati_activities": args.activities,
        "cores": os.cpu_count(),
        "generate_seconds": round(generated, 1),
        "import_seconds": round(t1 - t0, 1),
        "analysis_seconds": round(t2 - t1, 1),
        "total_seconds": round(t2 - t0, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_rss_mb": round(peak_mb),
        "imports": imports,
        **analysis,
    }
    (HERE / "scale.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (HERE / "scale.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def _cpu() -> float:
    """CPU seconds this process used so far (user + system, all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def markdown(r: dict[str, object]) -> str:
    lines = [
        "# Flows at scale",
        "",
        f"{r['ledger_rows']:,} ledger rows + {r['iati_activities']:,} IATI activities "
        f"(+ {int(str(r['ledger_rows'])) // 2:,} distributions), {r['cores']} cores shared "
        "with other work (targets: ≤ 60 s, ≤ 4 GB):",
        "",
        f"- import (validated, all-or-nothing): **{r['import_seconds']} s**",
        f"- every flow monitor + Sankey/province summary + leakage tables: "
        f"**{r['analysis_seconds']} s**",
        f"- total: **{r['total_seconds']} s** wall, {r['cpu_seconds']} CPU-seconds (so about "
        f"{float(str(r['cpu_seconds'])) / 2:.0f} s on two otherwise idle cores); peak resident "
        f"memory **{r['peak_rss_mb']} MB**",
        f"- measured at commit `{r['commit']}`" if r.get("commit") else "",
        "",
        "| step | seconds | result |",
        "|---|---:|---|",
    ]
    imports = r["imports"]
    assert isinstance(imports, dict)
    for kind, v in imports.items():
        lines.append(f"| import {kind} | {v['seconds']} | {v['rows']:,} rows |")
    secs, alerts = r["monitor_seconds"], r["alerts"]
    assert isinstance(secs, dict)
    assert isinstance(alerts, dict)
    for name, s in secs.items():
        lines.append(f"| {name} | {s} | {alerts.get(name, '')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
