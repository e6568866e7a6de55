"""Render the workspace's findings as one self-contained HTML page.

Charts are inline SVG drawn on the server: the page needs no script, no font and no network,
so it opens on a slow offline laptop and prints as it looks. Jinja autoescapes everything,
labels inside the SVG included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from aidtrace import audit
from aidtrace.errors import KeyMaterialError
from aidtrace.files import write_private
from aidtrace.flows.perperson import Measure, published_funding
from aidtrace.flows.summary import FlowSummary, province_figures
from aidtrace.report import sections as s
from aidtrace.report.charts import BarChart, bar_chart, funding_bars, province_bars
from aidtrace.report.provincemap import province_map
from aidtrace.report.sankey import key_figures, layout
from aidtrace.report.sections import Audience
from aidtrace.report.statement import NO_PERSONAL_DATA, officer_statement
from aidtrace.report.trace import (
    ENDS,
    LEAKED,
    NOT_REACHED,
    REACHED,
    RUNNING,
    UNREPORTED,
    money_trace,
)
from aidtrace.workspace import Workspace

_ENV = Environment(
    loader=PackageLoader("aidtrace.report", "templates"), autoescape=select_autoescape(["html"])
)


def build_report(
    workspace: Workspace,
    sections: dict[str, object] | None = None,
    audience: Audience | str = Audience.OFFICER,
) -> str:
    """The report as HTML text. ``sections`` adds caller content (e.g. demo scores) and must
    itself be aggregate for the donor audience; ``audience="donor"`` leaves out every subject,
    summary, evidence, case title and file name."""
    who = Audience(audience)
    officer = _officer(workspace) if who is Audience.OFFICER else {"personal": NO_PERSONAL_DATA}
    context = {**_shared(workspace), **officer}
    return _ENV.get_template("report.html").render(
        audience=who.value,
        generated=workspace.clock().strftime("%Y-%m-%d %H:%M UTC"),
        workspace_id=workspace.config.workspace_id,
        sections=sections or {},
        **context,
    )


def _shared(workspace: Workspace) -> dict[str, Any]:
    """What both audiences see: aggregates by organisation, province, kind and severity."""
    provinces = province_figures(workspace.engine)
    funding = published_funding(workspace.engine, provinces)
    provincemap = province_map(provinces, funding=funding)
    counts = s.alerts_by_kind(workspace)
    by_status, case_rows = s.cases(workspace)
    trace = money_trace(workspace.engine)
    sankey = layout(FlowSummary(list(trace.nodes), list(trace.links)))
    money = key_figures(sankey)
    return {
        "sankey": sankey,
        "trace": trace,
        "money": money,
        "ends": [(end, money.get(end, 0.0)) for end in ENDS],
        "provincemap": provincemap,
        "province_chart": province_bars(provinces)
        if provincemap.measure is Measure.PLAN
        else funding_bars(funding, provincemap.measure),
        "hops": s.hop_table(workspace),
        "gaps": bar_chart(s.partner_gaps(workspace), fmt=lambda v: f"${v:,.0f}"),
        "weeks": _week_chart(s.weekly(workspace)),
        "counts": counts,
        "kinds_chart": bar_chart(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "severity_age": s.severity_by_age(workspace),
        "age_bands": [label for label, _ in s.AGE_BANDS],
        "cases_by_status": by_status,
        "overdue": sum(1 for c in case_rows if c.overdue),
        "head": s.audit_head(workspace),
        "provenance": _provenance(workspace, _figures(money, counts, by_status)),
    }


def _figures(
    money: dict[str, float], counts: dict[str, int], by_status: dict[str, int]
) -> list[audit.ReportedFigure]:
    """The headline figures as the report shows them, each with what its data rests on (the
    four amounts rest on the same imports: one row)."""
    usd = " · ".join(f"${money.get(key, 0):,.0f} {label}" for key, label in MONEY_FIGURES)
    return [
        audit.ReportedFigure("", usd, "money"),
        audit.ReportedFigure("alerts", f"{sum(counts.values()):,}", "alerts"),
        audit.ReportedFigure("cases", f"{sum(by_status.values()):,}", "cases"),
    ]


MONEY_FIGURES = (
    ("from donors", "traced from donors"),
    (REACHED, "reached people"),
    (NOT_REACHED, "not reached"),
    (RUNNING, "staff and running costs"),
    (LEAKED, "leaked"),
    (UNREPORTED, "not yet reported"),
)


def _provenance(
    workspace: Workspace, figures: list[audit.ReportedFigure]
) -> audit.Provenance | None:
    """The cosigned checkpoint and the figures' proofs (none where the audit key is missing)."""
    try:
        return audit.provenance(workspace, figures)
    except KeyMaterialError:
        return None


def _week_chart(weeks: list[tuple[str, float, str]]) -> BarChart:
    return bar_chart(
        ((week, gap) for week, gap, _ in weeks),
        fmt=lambda v: f"${v:,.0f}",
        notes={week: note for week, _, note in weeks},
        width=820.0,
        label_width=90.0,
        text_room=300.0,
    )


def _officer(workspace: Workspace) -> dict[str, Any]:
    """What only the compliance officer sees: who, why, and where the data came from, and the
    statement of which personal data that is."""
    top, case_rows = s.top_alerts(workspace), s.cases(workspace)[1]
    return {
        "top": top,
        "case_rows": case_rows,
        "personal": officer_statement(workspace, top, case_rows),
        "imports": workspace.engine.query(
            "SELECT kind, source, rows, imported_at FROM imports ORDER BY imported_at"
        ).to_pylist(),
    }


def write_report(
    workspace: Workspace,
    output: Path | None = None,
    sections: dict[str, object] | None = None,
    audience: Audience | str = Audience.OFFICER,
) -> Path:
    """Write the report (default ``<workspace>/reports/report.html``, or ``report-donor.html``)."""
    default = "report.html" if Audience(audience) is Audience.OFFICER else "report-donor.html"
    path = output or workspace.path / "reports" / default
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, build_report(workspace, sections, audience))  # the officer's: personal data
    return path
