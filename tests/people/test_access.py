"""Every decryption for display is logged with who, what and why; refusals and failures too."""

from __future__ import annotations

import pytest

from aidtrace.audit import verify
from aidtrace.errors import IntegrityError, PermissionDenied
from aidtrace.people.access import AccessEvent, Outcome, access_log, reveal
from aidtrace.workspace import Workspace

PERSON = "beneficiary:M000001"


def test_reveal_is_logged_and_sent_to_the_sink(people_workspace: Workspace) -> None:
    events: list[AccessEvent] = []
    values = reveal(
        people_workspace,
        PERSON,
        actor="officer.a",
        reason="case 12: verify identity",
        fields=("phone", "given_name"),
        sink=events.append,
    )
    assert set(values) == {"phone", "given_name"}
    (row,) = access_log(people_workspace, PERSON)
    assert (row["actor"], row["reason"], row["outcome"]) == (
        "officer.a",
        "case 12: verify identity",
        "shown",
    )
    assert row["fields"] == "given_name,phone"
    assert events[0].outcome is Outcome.SHOWN
    assert str(values["phone"]) not in str(row)


@pytest.mark.parametrize(("actor", "reason"), [("", "a good reason"), ("officer", "why")])
def test_reveal_needs_an_actor_and_a_reason(
    people_workspace: Workspace, actor: str, reason: str
) -> None:
    with pytest.raises(PermissionDenied):
        reveal(people_workspace, PERSON, actor=actor, reason=reason)
    assert access_log(people_workspace) == []


def test_failed_decryption_is_logged(people_workspace: Workspace) -> None:
    # Someone copies another person's sealed phone onto this person.
    people_workspace.engine.execute(
        "UPDATE person_fields SET ciphertext = (SELECT ciphertext FROM person_fields "
        "WHERE person_id = ? AND field = 'phone') WHERE person_id = ? AND field = 'phone'",
        ("beneficiary:M000002", PERSON),
    )
    with pytest.raises(IntegrityError, match="another record"):
        reveal(people_workspace, PERSON, actor="officer", reason="case 12 review")
    (row,) = access_log(people_workspace)
    assert row["outcome"] == "failed"


def test_every_display_reaches_the_audit_log(people_workspace: Workspace) -> None:
    before = verify(people_workspace).entries
    reveal(people_workspace, PERSON, actor="officer.b", reason="case 31: confirm household")
    assert verify(people_workspace).entries == before + 1
    log = (people_workspace.path / "audit" / "log.bin").read_bytes()
    assert b"personal_data_revealed" in log
    assert b"officer.b" in log
    assert PERSON.encode() in log
    assert b"confirm household" not in log  # the reason is sealed in the store, not logged
