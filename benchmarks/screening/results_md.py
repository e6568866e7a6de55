"""results.json as a short Markdown table set (results.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _row(label: str, m: dict[str, Any]) -> str:
    return f"| {label} | {m['n']} | {m['precision']} | {m['recall']} | {m['f1']} |"


def _accuracy(title: str, section: dict[str, Any]) -> list[str]:
    lines = [f"## {title}", "", *_machine(section)]
    lines += [
        "| system / slice | n | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    for system in ("aidtrace", "logic_v2"):
        if system not in section:
            continue
        data = section[system]
        lines.append(_row(f"**{system}** (threshold {data['threshold']})", data["overall"]))
        for kind in ("by_group", "by_script"):
            for group, m in data[kind].items():
                lines.append(_row(f"{system} · {group}", m))
    if "sweep" in section:
        lines += [
            "",
            "Threshold sweep (precision / recall / F1 of each system at the same threshold):",
            "",
        ]
        systems = [
            s for s in ("aidtrace", "logic_v2") if s in next(iter(section["sweep"].values()))
        ]
        lines += ["| threshold | " + " | ".join(systems) + " |", "|---" * (len(systems) + 1) + "|"]
        for t, row in section["sweep"].items():
            cells = [
                f"{row[s]['precision']} / {row[s]['recall']} / {row[s]['f1']}" for s in systems
            ]
            lines.append(f"| {t} | " + " | ".join(cells) + " |")
    if "aidtrace_calibration" in section:
        lines += ["", "aidtrace score band → share of true matches (calibration):", ""]
        lines += [f"- {band}: {v['matches']} (n={v['n']})"
                  for band, v in section["aidtrace_calibration"].items()]  # fmt: skip
    if "micros_per_pair_median" in section.get("logic_v2", {}):
        lines += [
            "",
            f"logic-v2 median cost per pair: {section['logic_v2']['micros_per_pair_median']} µs",
        ]
    return [*lines, ""]


def _machine(section: dict[str, Any]) -> list[str]:
    """The load average the section was measured at (figures from a shared machine)."""
    machine = section.get("machine")
    if not machine:
        return []
    load = ", ".join(str(x) for x in machine["load_average_1_5_15"])
    return [f"Measured {machine['at']}, load average (1/5/15 min) {load}.", ""]


# Figures measured by hand as whole processes (the CLI, Spark), kept beside the generated ones.
BY_HAND = Path(__file__).resolve().parent / "whole_process.md"


def render_markdown(results: dict[str, Any]) -> str:
    lines = ["# Screening benchmark results", "", "Machine: shared, 2 cores. See run.py.", ""]
    if "name_bench" in results:
        lines += _accuracy("nomenklatura name_bench (826 labelled pairs)", results["name_bench"])
    if "cross_script" in results:
        lines += _accuracy("Cross-script pairs", results["cross_script"])
    if "yente" in results:
        lines += ["## yente candidate generation vs UN 2026-02-27", ""]
        lines += [*_machine(results["yente"]), "```"]
        for mode in ("name_dob_nationality", "name_only"):
            section = results["yente"][mode]
            for key, value in section.items():
                if isinstance(value, dict) and "with_hit" in value:
                    lines.append(
                        f"{mode:22} {key:28} n={value['n']:6} with hit={value['with_hit']}"
                    )
        lines += ["```", ""]
        lines += _yente_sweep(results["yente"])
    if "yente_side_by_side" in results:
        lines += yente_side_by_side(results["yente_side_by_side"])
    if "latency" in results:
        lines += ["## Single queries (UN + OFAC SDN)", "", *_machine(results["latency"]), "```"]
        lines += [f"{k}: {v}" for k, v in results["latency"].items() if k != "machine"]
        lines += ["```", ""]
    if "spark" in results:
        lines += _spark(results["spark"])
    if "speed" in results:
        lines += ["## Speed (UN + OFAC SDN)", "", "```"]
        lines += [f"{k}: {v}" for k, v in results["speed"].items()]
        lines += ["```", ""]
    if BY_HAND.exists():
        lines += [BY_HAND.read_text(encoding="utf-8")]
    return "\n".join(lines)


def _yente_sweep(yente: dict[str, Any]) -> list[str]:
    """Recall on the treated and untreated positives against false alerts on the negatives,
    threshold by threshold (one screening at the lowest; the threshold only filters)."""
    lines: list[str] = []
    for mode in ("name_dob_nationality", "name_only"):
        sweep = yente.get(mode, {}).get("sweep")
        if not sweep:
            continue
        lines += [f"Threshold sweep, {mode.replace('_', ' ')} (share of queries with a hit):", ""]
        lines += ["| threshold | treated recall | untreated recall | false alerts (negatives) |",
                  "|---|---|---|---|"]  # fmt: skip
        for t, row in sweep.items():
            cells = (row["positives_un_treated"], row["positives_un_untreated"],
                     row["negatives_global"])  # fmt: skip
            lines.append(f"| {t} | " + " | ".join(map(str, cells)) + " |")
        lines.append("")
    return lines


def yente_side_by_side(section: dict[str, Any]) -> list[str]:
    """aidtrace and logic-v2 on the same yente queries, with birth date and nationality
    (``yente_peer.py``): recall and false alerts of each at every threshold."""
    n = section["queries"]
    lines = ["## yente positives and negatives beside logic-v2 (name, birth date, nationality)", ""]
    lines += [*_machine(section)]
    lines += [
        f"{section['list']}; {n['positives_un_treated']} treated and "
        f"{n['positives_un_untreated']} untreated positives, the first {n['negatives_global']} "
        f"global negatives; logic-v2 scored {section['pairs_scored_by_logic_v2']} candidate "
        "pairs (see yente_peer.py for how they were found).",
        "",
        "| threshold | aidtrace treated | aidtrace untreated | aidtrace false alerts "
        "| logic-v2 treated | logic-v2 untreated | logic-v2 false alerts |",
        "|---|---|---|---|---|---|---|",
    ]
    keys = ("positives_un_treated", "positives_un_untreated", "negatives_global")
    for t, ours in section["aidtrace"].items():
        theirs = section["logic_v2"][t]
        cells = [ours[k] for k in keys] + [theirs[k] for k in keys]
        lines.append(f"| {t} | " + " | ".join(map(str, cells)) + " |")
    return [*lines, ""]


def _spark(spark: dict[str, Any]) -> list[str]:
    lines = ["## Batch screening on Spark (local mode)", ""]
    commit = spark.get("commit", "not recorded")
    lines += [f"At commit {commit}, {spark['at']}. Every run, the method and the reasoning "
              "behind the projection: spark_results.md.", "", "```"]  # fmt: skip
    skip = ("projection", "at", "commit", "load_average_1_5_15")
    lines += [f"{k}: {v}" for k, v in spark.items() if k not in skip]
    lines += ["```", "", "Projection to a cluster (CPU cost per name as measured here):", ""]
    lines += [f"- {k}: {v}" for k, v in spark["projection"].items()]
    return [*lines, ""]
