"""Progress reporting injected into long library steps; the CLI renders it with Rich."""

from __future__ import annotations

from collections.abc import Callable

# progress(label, done, total): ``done`` of ``total`` units of the step ``label`` are finished.
Progress = Callable[[str, int, int | None], None]


def no_progress(label: str, done: int, total: int | None) -> None:
    """The default: report nothing."""
