"""The weekly cycle's `run` step: every registered monitor, alerts saved with stable identity."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aidtrace import audit
from aidtrace.alerts.store import save_alerts
from aidtrace.events import MonitorRun
from aidtrace.monitors import MissingInput, RunContext, all_monitors, get_monitor
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    # monitor name -> (alerts seen, of which new)
    per_monitor: dict[str, tuple[int, int]] = field(default_factory=dict)
    # monitor name -> why it did not run (its inputs are missing)
    skipped: dict[str, str] = field(default_factory=dict)


def run_monitors(
    workspace: Workspace,
    names: Sequence[str] | None = None,
    progress: Progress = no_progress,
    params: Mapping[str, Mapping[str, object]] | None = None,
) -> RunOutcome:
    """Run the named monitors (all when ``None``) and save what they find; ``params`` gives
    a monitor its parameters by monitor name (recorded with the run in the audit log)."""
    monitors = [get_monitor(n) for n in names] if names else list(all_monitors().values())
    params = params or {}
    for name in params:
        get_monitor(name)  # an unknown monitor name is an error, not a silent no-op
    outcome = RunOutcome(uuid.uuid4().hex)
    for i, monitor in enumerate(monitors):
        ctx = RunContext(workspace, params.get(monitor.name, {}), progress)
        progress("monitors", i, len(monitors))
        try:
            found = list(monitor.run(ctx))
        except MissingInput as exc:
            outcome.skipped[monitor.name] = exc.message
            continue
        saved = save_alerts(workspace, found, outcome.run_id)
        outcome.per_monitor[monitor.name] = (saved.seen, saved.new)
        audit.record(
            workspace,
            MonitorRun(
                at=workspace.clock(),
                actor="pipeline",
                run_id=outcome.run_id,
                monitor=monitor.name,
                monitor_version=monitor.version,
                params=dict(ctx.params),
                alerts_seen=saved.seen,
                alerts_new=saved.new,
            ),
        )
    progress("monitors", len(monitors), len(monitors))
    return outcome
