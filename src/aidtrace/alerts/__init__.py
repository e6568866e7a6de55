"""Alerts: the one model every monitor emits, its statuses, and how reruns treat them."""

from aidtrace.alerts.model import Alert, Severity
from aidtrace.alerts.status import ACTIVE, DECIDED, AlertStatus, Sighting

__all__ = ["ACTIVE", "DECIDED", "Alert", "AlertStatus", "Severity", "Sighting"]
