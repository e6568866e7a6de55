"""Screening hits as alerts: one alert per (subject, list entry version), its evidence the
explanation, so the review screen shows which name parts matched how and what the dates said."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aidtrace.alerts.evidence import ScreeningHitEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.screening.persist import entry_version
from aidtrace.screening.screen import Hit, ScreeningResult

MONITOR = "screening"
VERSION = "1"
KIND = AlertKind.SANCTIONS_MATCH


def severity(score: float) -> Severity:
    if score >= 0.95:
        return Severity.CRITICAL
    if score >= 0.88:
        return Severity.HIGH
    return Severity.MEDIUM


def to_alerts(results: Iterable[ScreeningResult], snapshot: str | None = None) -> Iterator[Alert]:
    for result in results:
        for hit in result.hits:
            yield hit_alert(result.query.subject or result.query.name, hit, snapshot)


def hit_alert(subject: str, hit: Hit, snapshot: str | None) -> Alert:
    entry = hit.entry
    return detected(
        Finder(MONITOR, VERSION),
        KIND,
        subject=subject,
        score=round(hit.score, 4),
        summary=f"possible match with {entry.primary_name} ({entry.list_name} {entry.source_id})",
        identity_key=f"{entry.list_name}:{entry.source_id}:{entry_version(entry)}",
        severity=severity(hit.score),
        evidence=ScreeningHitEvidence(hit=hit.as_dict()),
        list_snapshot=snapshot,
    )
