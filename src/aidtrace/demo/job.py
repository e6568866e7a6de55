"""``aidtrace demo``: the whole weekly cycle on a generated scenario, scored against its truth.

Generates the scenario into ``<target>/scenario`` (synthetic plaintext inputs, as a partner would
send them), creates a fresh workspace in ``<target>/workspace`` with its root key in
``<target>/keys`` (outside the workspace), loads the watchlist, imports every file, runs every
monitor, scores the alerts against ``ground_truth.json`` and writes the HTML report.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from aidtrace.alerts.store import alert_counts
from aidtrace.demo.noise import DEFAULT_NOISE
from aidtrace.demo.scenario import Scenario, generate
from aidtrace.demo.scoring import Score, score, workspace_alerts
from aidtrace.files import fresh_directory
from aidtrace.flows.payments import ensure_payments
from aidtrace.ingest.imports import import_file
from aidtrace.pipeline import RunOutcome, run_monitors
from aidtrace.progress import Progress, no_progress
from aidtrace.report import Audience, write_report
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

MARKER = "aidtrace-demo.json"

# Files in the order they are imported: reference data first, people before the money paid them.
IMPORTS: tuple[tuple[str, str], ...] = (
    ("needs", "geography.csv"),
    ("organisations", "organisations.csv"),
    ("fx", "fx.csv"),
    ("prices", "prices.csv"),
    ("iati", "iati.xml"),
    ("staff", "staff.csv"),
    ("attendance", "attendance.csv"),
    ("beneficiaries", "beneficiaries.csv"),
    ("ledger", "ledger.csv"),
    ("distributions", "distributions.csv"),
)


@dataclass(frozen=True)
class DemoOutcome:
    scenario: Scenario
    workspace: Path
    run: RunOutcome
    evaluation: Score
    report: Path
    seconds: dict[str, float]
    traced_usd: float  # donor money followed into the chain, all weeks
    alert_counts: dict[str, int]


def run_demo(
    target: Path,
    seed: int = 1,
    scale: str = "small",
    watchlist: Path | None = None,
    progress: Progress = no_progress,
    *,
    noise: int = DEFAULT_NOISE,
) -> DemoOutcome:
    """Run the demo into ``target`` (replacing an earlier demo there) and return what it found
    (``noise``: how messy the generated register is, 0–2; see :mod:`aidtrace.demo.noise`)."""
    fresh_directory(target, MARKER, "aidtrace demo")
    about = {"seed": seed, "scale": scale, "noise": noise}
    (target / MARKER).write_text(json.dumps(about) + "\n")
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    scenario = generate(target / "scenario", seed, scale, watchlist, progress=progress, noise=noise)
    seconds["generate"] = time.perf_counter() - started
    with Workspace.create(target / "workspace", key_file=target / "keys" / "root.key") as ws:
        started = time.perf_counter()
        load_snapshot(ws, scenario.watchlist, progress=progress)
        for kind, name in IMPORTS:
            import_file(ws, kind, scenario.out_dir / name, progress)
        seconds["import"] = time.perf_counter() - started
        started = time.perf_counter()
        run = run_monitors(ws, progress=progress)
        seconds["monitors"] = time.perf_counter() - started
        evaluation = score(scenario.truth, workspace_alerts(ws))
        traced = traced_usd(ws)
        sections = _sections(scenario, evaluation, traced)
        report = write_report(ws, sections=sections)
        write_report(ws, sections=sections, audience=Audience.DONOR)
        counts = alert_counts(ws)
    return DemoOutcome(scenario, ws.path, run, evaluation, report, seconds, traced, counts)


def traced_usd(workspace: Workspace) -> float:
    """Donor money the ledger follows into the chain, in USD at each payment's dated rate."""
    payments = ensure_payments(workspace.engine)
    rows = workspace.engine.query(
        f"SELECT coalesce(sum(amount_usd), 0) AS usd FROM {payments} WHERE payer_role = 'donor'"
    ).to_pylist()
    return float(rows[0]["usd"])


def _sections(scenario: Scenario, evaluation: Score, traced: float) -> dict[str, object]:
    detection = {
        s.kind.value: (
            f"found {s.found}/{s.planted} planted · {s.true_alerts}/{s.alerts} alerts true · "
            f"precision {_pct(s.precision)} · recall {_pct(s.recall)}"
        )
        for s in evaluation.kinds
    }
    return {
        "Demo scenario": {
            "seed": scenario.seed,
            "households": f"{scenario.households:,}",
            "beneficiaries": f"{scenario.beneficiaries:,}",
            "weeks": scenario.weeks,
            "donor money per week (USD)": f"{scenario.weekly_usd:,.0f}",
            "money traced from donors (USD, all weeks)": f"{traced:,.0f}",
        },
        "Detection against the ground truth": detection,
        f"False alerts on innocent look-alikes (noise {scenario.truth.noise})": {
            p.pattern.value: f"{p.false_alerts} false alerts on {p.alerted}/{p.cases} cases"
            for p in evaluation.innocent
            if p.cases
        },
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
