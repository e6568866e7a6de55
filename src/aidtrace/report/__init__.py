"""The HTML report for officers and donors."""

from aidtrace.report.html import build_report, write_report

__all__ = ["build_report", "write_report"]
