"""The witness-quorum monitor: an alert in the queue when fewer witnesses than the quorum have
cosigned the log's latest checkpoint.

Without that quorum nobody outside holds the log's current state, so a rewrite of its recent
history would go unseen. A workspace with no witness configured raises nothing (there is no
quorum to miss); ``aidtrace audit witness list`` says why each witness did not cosign.
"""

from __future__ import annotations

from collections.abc import Iterable

from aidtrace import audit
from aidtrace.alerts.model import Alert, Severity
from aidtrace.audit.witnesses import WitnessStatus, configured
from aidtrace.monitors import RunContext, register

MONITOR = "audit.witnesses"
KIND = "witness_quorum_missing"
SUBJECT = "audit:witnesses"


def quorum_alert(status: WitnessStatus) -> Alert | None:
    """The alert for ``status``, if its checkpoint lacks the quorum of cosignatures."""
    if not status.quorum_missing:
        return None
    missing = tuple(name for name in status.configured if name not in status.cosigned)
    replies = {r.name: r.status.value for r in status.last_replies}
    why = "; ".join(f"{r.name}: {r.status.value} {r.detail}".strip() for r in status.last_replies)
    return Alert(
        monitor=MONITOR,
        monitor_version=QuorumMonitor.version,
        kind=KIND,
        subject=SUBJECT,
        score=1.0,
        summary=(
            f"{len(status.cosigned)} of the {status.quorum} witness cosignatures required on the "
            f"audit log's checkpoint at {status.tree_size:,} entries ({why})"
        ),
        identity_key=",".join(sorted(missing)),  # other witnesses missing: another finding
        severity=Severity.HIGH,
        # No tree size or time here: a decided alert comes back when the witnesses' answers
        # change, not with every new checkpoint.
        evidence={
            "quorum": status.quorum,
            "cosigned": list(status.cosigned),
            "not_cosigned": list(missing),
            "last_answers": replies,
        },
    )


class QuorumMonitor:
    """No parameters; the quorum is ``aidtrace audit witness quorum N``."""

    name = MONITOR
    version = "1"
    description = "witnesses' cosignatures on the audit log's latest checkpoint below the quorum"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        ws = ctx.workspace
        if not configured(ws):
            return []
        alert = quorum_alert(audit.witness_status(ws))
        return [alert] if alert else []


register(QuorumMonitor())
