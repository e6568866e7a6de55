"""Alerts: the one model every monitor emits."""

from aidtrace.alerts.model import Alert, Severity

__all__ = ["Alert", "Severity"]
