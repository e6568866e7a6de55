"""Render the workspace's findings as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from aidtrace.alerts.store import alert_counts, list_alerts
from aidtrace.workspace import Workspace

_ENV = Environment(
    loader=PackageLoader("aidtrace.report", "templates"), autoescape=select_autoescape(["html"])
)


def build_report(workspace: Workspace, sections: dict[str, object] | None = None) -> str:
    """The report as HTML text. ``sections`` adds monitor-specific content (e.g. demo scores)."""
    imports = workspace.engine.query(
        "SELECT kind, source, rows, imported_at FROM imports ORDER BY imported_at"
    ).to_pylist()
    return _ENV.get_template("report.html").render(
        generated=workspace.clock().strftime("%Y-%m-%d %H:%M UTC"),
        workspace_id=workspace.config.workspace_id,
        imports=imports,
        counts=alert_counts(workspace),
        top=list_alerts(workspace, limit=100),
        sections=sections or {},
    )


def write_report(
    workspace: Workspace, output: Path | None = None, sections: dict[str, object] | None = None
) -> Path:
    path = output or workspace.path / "reports" / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(workspace, sections), encoding="utf-8")
    return path
