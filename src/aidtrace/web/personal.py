"""Personal data on the desk: shown only on request, with a reason, to roles allowed to see it.

Decryption and its logging are the privacy layer's (``aidtrace.privacy.access.reveal``: every
display is written to the access log and the audit log before the plaintext is returned); this
module finds which person an alert is about and keeps the plaintext out of every cache.
"""

from __future__ import annotations

from aidtrace.privacy.access import reveal
from aidtrace.web.policy import Permission, check
from aidtrace.web.users import User
from aidtrace.workspace import Workspace


def person_of(ws: Workspace, subject: str) -> str | None:
    """The person record an alert's subject names ("beneficiary:M-001" or "M-001"), if any."""
    for candidate in dict.fromkeys((subject, subject.split(":", 1)[-1])):
        found = ws.engine.query(
            "SELECT 1 AS x FROM person_fields WHERE person_id = ? LIMIT 1", (candidate,)
        )
        if found.num_rows:
            return candidate
    return None


def show_person(ws: Workspace, user: User, person_id: str, reason: str) -> dict[str, object]:
    """Decrypt one person's fields for this user, logged with the reason given."""
    check(user.role, Permission.VIEW_PERSONAL)
    return reveal(ws, person_id, actor=user.username, reason=reason)
