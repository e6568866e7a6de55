"""The alert every monitor emits: what, about whom, how sure, and the evidence for it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Alert:
    """One finding. ``identity_key`` names what makes it the same finding on a rerun
    (for a screening hit: the list entry); ``evidence`` explains it and may change."""

    monitor: str
    monitor_version: str
    kind: str
    subject: str
    score: float
    summary: str
    identity_key: str = ""
    severity: Severity = Severity.MEDIUM
    evidence: Mapping[str, object] = field(default_factory=dict)
    list_snapshot: str | None = None

    @property
    def alert_id(self) -> str:
        """Stable across reruns: the same finding about the same subject keeps its id."""
        return _digest(self.kind, self.subject, self.identity_key)[:24]

    @property
    def evidence_hash(self) -> str:
        """Changes when the evidence does; a decided alert comes back only then.

        The list snapshot is recorded with the alert but left out: a weekly list reload that
        leaves the matched entry as it was must not reopen every decided screening hit."""
        return _digest(self.evidence)
