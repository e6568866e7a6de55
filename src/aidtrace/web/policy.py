"""Who may do what: every permission the desk checks, and the roles that hold it.

The table is the single source of truth; routes name a permission, never a role. The
authorisation-matrix test pins every cell of it (role × endpoint), so a change here is deliberate.
"""

from __future__ import annotations

from enum import StrEnum

from aidtrace.accounts.users import Role
from aidtrace.errors import PermissionDenied


class Permission(StrEnum):
    VIEW_AGGREGATES = "view_aggregates"  # dashboard figures, no person named
    VIEW_ALERTS = "view_alerts"  # the queue and case files (subjects by reference)
    VIEW_PERSONAL = "view_personal"  # decrypted personal fields, each view logged
    WORK_CASES = "work_cases"  # assign, comment, propose a decision
    APPROVE = "approve"  # the second pair of eyes on a clearing or blocking decision
    SCREEN = "screen"  # search the watchlists by name
    VIEW_LISTS = "view_lists"  # watchlist snapshots and diffs
    VIEW_AUDIT = "view_audit"  # signed tree head, verification, proofs
    MANAGE_USERS = "manage_users"
    VIEW_ACCESS_REPORT = "view_access_report"  # who saw whose personal data, and why


_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {_P.VIEW_AGGREGATES, _P.VIEW_LISTS, _P.VIEW_AUDIT, _P.MANAGE_USERS, _P.VIEW_ACCESS_REPORT}
    ),
    Role.ANALYST: frozenset(
        {_P.VIEW_AGGREGATES, _P.VIEW_ALERTS, _P.VIEW_PERSONAL, _P.WORK_CASES, _P.SCREEN}
        | {_P.VIEW_LISTS}
    ),
    Role.REVIEWER: frozenset(
        {_P.VIEW_AGGREGATES, _P.VIEW_ALERTS, _P.VIEW_PERSONAL, _P.WORK_CASES, _P.APPROVE}
        | {_P.SCREEN, _P.VIEW_LISTS, _P.VIEW_AUDIT}
    ),
    Role.AUDITOR: frozenset(
        {_P.VIEW_AGGREGATES, _P.VIEW_ALERTS, _P.SCREEN, _P.VIEW_LISTS, _P.VIEW_AUDIT}
        | {_P.VIEW_ACCESS_REPORT}
    ),
    Role.DONOR_VIEWER: frozenset({_P.VIEW_AGGREGATES}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def check(role: Role, permission: Permission) -> None:
    if not allows(role, permission):
        raise PermissionDenied(f"the {role.value} role may not {permission.value}")
