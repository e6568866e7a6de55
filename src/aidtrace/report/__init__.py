"""The HTML report for officers and donors."""

from aidtrace.report.html import build_report, write_report
from aidtrace.report.sections import Audience

__all__ = ["Audience", "build_report", "write_report"]
