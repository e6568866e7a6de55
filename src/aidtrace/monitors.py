"""The registry of monitors: each registers itself; ``aidtrace run`` runs them all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from aidtrace.alerts.model import Alert
from aidtrace.errors import MissingInput
from aidtrace.progress import Progress, no_progress
from aidtrace.registry import Registry
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

# Modules that register monitors when imported.
MONITOR_MODULES: tuple[str, ...] = (
    "aidtrace.screening.monitor",
    "aidtrace.flows.detectors",
    "aidtrace.integrity.monitor",
    "aidtrace.watchlists.freshness",
    "aidtrace.flows.funding",
    "aidtrace.flows.contracts",
    "aidtrace.witness_quorum",
)


REGISTRY: Registry[Monitor] = Registry(
    "monitor", MONITOR_MODULES, name_of=lambda monitor: monitor.name, sort=True
)
MONITORS = REGISTRY.by_name  # the live table, by name (tests add probes to it)
register = REGISTRY.register
all_monitors = REGISTRY.all
get_monitor = REGISTRY.get
