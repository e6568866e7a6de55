"""The registry of monitors: each registers itself; ``aidtrace run`` runs them all."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from aidtrace.alerts.model import Alert
from aidtrace.errors import MissingInput, NotFound
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class RunContext:
    """What a monitor gets: the workspace, its parameters and a progress sink."""

    workspace: Workspace
    params: Mapping[str, object] = field(default_factory=dict)
    progress: Progress = no_progress


class Monitor(Protocol):
    name: str
    version: str
    description: str

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        """Examine the workspace and yield alerts with their evidence."""


__all__ = ["MONITORS", "MissingInput", "Monitor", "RunContext", "all_monitors", "get_monitor"]

MONITORS: dict[str, Monitor] = {}

# Modules that register monitors when imported.
MONITOR_MODULES: tuple[str, ...] = (
    "aidtrace.screening.monitor",
    "aidtrace.flows.detectors",
    "aidtrace.integrity.monitor",
    "aidtrace.lists.freshness",
    "aidtrace.flows.funding",
    "aidtrace.flows.contracts",
    "aidtrace.audit.quorum",
)


def register(monitor: Monitor) -> Monitor:
    MONITORS[monitor.name] = monitor
    return monitor


def all_monitors() -> dict[str, Monitor]:
    for module in MONITOR_MODULES:
        importlib.import_module(module)
    return dict(sorted(MONITORS.items()))


def get_monitor(name: str) -> Monitor:
    monitors = all_monitors()
    if name not in monitors:
        known = ", ".join(monitors) or "none"
        raise NotFound(f"no monitor named {name!r} (known: {known})")
    return monitors[name]
