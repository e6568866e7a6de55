"""Cases as the desk shows and works them, over ``aidtrace.cases`` (which owns every rule).

The desk adds one thing of its own: who may confirm a four-eyes decision. Anyone who works
cases may propose clearing or blocking; confirming someone else's proposal takes a role with
the ``approve`` permission (the cases library already insists it is a different person).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from aidtrace.accounts.users import User
from aidtrace.alerts.model import Severity
from aidtrace.cases import FOUR_EYES, SLA, Case, DecisionState, Outcome, get_case
from aidtrace.cases.rows import is_overdue, sla_due
from aidtrace.errors import InputError
from aidtrace.web.policy import Permission, allows, check
from aidtrace.workspace import Workspace


def case_of_alert(ws: Workspace, alert_id: str) -> str | None:
    """The latest case the alert was put in, if any."""
    rows = ws.engine.query(
        "SELECT case_id FROM case_alerts WHERE alert_id = ? ORDER BY added_at DESC LIMIT 1",
        (alert_id,),
    ).to_pylist()
    return str(rows[0]["case_id"]) if rows else None


def confirms(case: Case, outcome: Outcome) -> bool:
    """Whether recording ``outcome`` now would confirm a pending four-eyes proposal."""
    current = case.current
    return (
        outcome in FOUR_EYES
        and current is not None
        and current.state is DecisionState.PROPOSED
        and current.outcome is outcome
    )


def check_decision(ws: Workspace, user: User, case_id: str, outcome: Outcome) -> None:
    check(user.role, Permission.WORK_CASES)
    # Only a four-eyes outcome can confirm a proposal: the others need not read the case.
    if outcome in FOUR_EYES and confirms(get_case(ws, case_id), outcome):
        check(user.role, Permission.APPROVE)


def case_workers(users: Iterable[User]) -> list[str]:
    """Active users who may be assigned a case."""
    return [u.username for u in users if u.active and allows(u.role, Permission.WORK_CASES)]


def check_assignee(users: Iterable[User], assignee: str) -> None:
    """Refuse to hand a case to someone who does not exist, is disabled or may not work it."""
    if assignee not in case_workers(users):
        raise InputError(f"{assignee} cannot be assigned cases (no active user who works cases)")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def case_view(
    ws: Workspace, case_id: str, sla: Mapping[Severity, timedelta] = SLA
) -> dict[str, Any]:
    """The case with its full history (decisions and notes, oldest first) and SLA figures."""
    case = get_case(ws, case_id)
    now = ws.clock()
    history: list[dict[str, Any]] = [
        {
            "at": d.decided_at,
            "who": d.decided_by,
            "what": f"{d.state.value}: {d.outcome.value}",
            "text": d.rationale,
        }
        for d in case.decisions
    ] + [{"at": n.at, "who": n.author, "what": n.kind, "text": n.text} for n in case.notes]
    history.sort(key=lambda h: h["at"])
    pending = (
        case.current if case.current and case.current.state is DecisionState.PROPOSED else None
    )
    view: dict[str, Any] = _plain({
        "case": {**asdict(case), "status": case.status.value},
        "age_days": round(case.age(now).total_seconds() / 86400, 2),
        "age_hours": round(case.age(now).total_seconds() / 3600, 2),
        "sla_due": sla_due(case, sla),
        "overdue": is_overdue(case, now, sla),
        "history": history,
        "pending": asdict(pending) if pending else None,
        "outcomes": [o.value for o in Outcome],
        "four_eyes": sorted(o.value for o in FOUR_EYES),
    })  # fmt: skip
    return view
