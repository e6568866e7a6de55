"""The witness-quorum monitor: an alert in the queue when fewer witnesses than the quorum have
cosigned the log's latest checkpoint.

Without that quorum nobody outside holds the log's current state, so a rewrite of its recent
history would go unseen. A workspace with no witness configured raises nothing (there is no
quorum to miss); ``aidtrace audit witness list`` says why each witness did not cosign.

The alert does not wait for the monitors: each send of a checkpoint that comes back short of the
quorum raises it (or refreshes it) at once (``raise_if_short``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from aidtrace import audit
from aidtrace.alerts.evidence import QuorumEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.alerts.store import save_alerts
from aidtrace.audit.witnesses import ReplyStatus, WitnessReply, WitnessStatus, configured
from aidtrace.monitors import RunContext, register
from aidtrace.workspace import Workspace

MONITOR = "audit.witnesses"
KIND = AlertKind.WITNESS_QUORUM_MISSING
SUBJECT = "audit:witnesses"


def quorum_alert(status: WitnessStatus) -> Alert | None:
    """The alert for ``status``, if its checkpoint lacks the quorum of cosignatures."""
    if not status.quorum_missing:
        return None
    missing = tuple(name for name in status.configured if name not in status.cosigned)
    replies = {r.name: r.status.value for r in status.last_replies}
    why = "; ".join(f"{r.name}: {r.status.value} {r.detail}".strip() for r in status.last_replies)
    return detected(
        QuorumMonitor,
        KIND,
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
        evidence=QuorumEvidence(
            quorum=status.quorum,
            cosigned=list(status.cosigned),
            not_cosigned=list(missing),
            last_answers=replies,
        ),
    )


def raise_if_short(
    ws: Workspace, tree_size: int, root_hash: str, replies: Sequence[WitnessReply], quorum: int
) -> Alert | None:
    """Raise (or refresh) the quorum alert when the witnesses' ``replies`` to the checkpoint
    just sent (one from every configured witness) fall short of ``quorum``; returns it."""
    cosigned = tuple(r.name for r in replies if r.status is ReplyStatus.COSIGNED)
    names = tuple(r.name for r in replies)
    status = WitnessStatus(tree_size, root_hash, names, cosigned, quorum, tuple(replies))
    alert = quorum_alert(status)
    if alert is not None:
        save_alerts(ws, [alert], f"witness-send-{uuid.uuid4().hex}")
    return alert


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
audit.SHORT_OF_QUORUM.register(raise_if_short, "witness_quorum")
