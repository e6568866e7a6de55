"""Reading cases back in one query: the case, its alerts in order, the latest assignee, every
decision and note, for one case and for all of them alike."""

from __future__ import annotations

import pytest

from aidtrace.cases import (
    CaseStatus,
    Outcome,
    assign,
    comment,
    decide,
    get_case,
    list_cases,
    load_cases,
    open_case,
)
from aidtrace.workspace import Workspace

from .test_workflow import alert_ids
from .test_workflow import ws as ws


def _spy(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries of the case tables from now on (opening the key ring is not counted)."""
    asked: list[str] = []
    real = ws.engine.query

    def query(sql: str, params: object = ()) -> object:
        if "case" in sql:
            asked.append(sql)
        return real(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(ws.engine, "query", query)
    return asked


def _worked(ws: Workspace) -> tuple[str, str]:
    ids = alert_ids(ws)
    busy = open_case(ws, [ids[2], ids[0]], "alice")
    quiet = open_case(ws, [ids[1]], "bob")
    assign(ws, busy, "carol", "alice")
    assign(ws, busy, "dave", "alice")  # the latest assignment wins
    comment(ws, busy, "first look", "carol")
    decide(ws, busy, Outcome.ESCALATE, "dave", "field visit")
    comment(ws, busy, "visited", "dave")
    decide(ws, busy, Outcome.CONFIRMED_DIVERSION, "dave", "paid twice")
    return busy, quiet


def test_a_case_is_read_in_one_query(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    busy, _ = _worked(ws)
    asked = _spy(ws, monkeypatch)
    case = get_case(ws, busy)
    assert len(asked) == 1
    ids = alert_ids(ws)
    assert case.alert_ids == tuple(sorted([ids[0], ids[2]]))
    assert case.assignee == "dave"
    assert [d.outcome for d in case.decisions] == [Outcome.ESCALATE, Outcome.CONFIRMED_DIVERSION]
    assert [d.rationale for d in case.decisions] == ["field visit", "paid twice"]
    assert [n.text for n in case.notes] == ["first look", "visited"]
    assert case.status is not CaseStatus.OPEN


def test_every_case_reads_as_each_alone(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    busy, quiet = _worked(ws)
    asked = _spy(ws, monkeypatch)
    every = load_cases(ws)
    assert len(asked) == 1
    assert [c.case_id for c in every] == [busy, quiet]  # oldest first
    assert every == [get_case(ws, busy), get_case(ws, quiet)]
    alone = every[1]
    assert (alone.assignee, alone.decisions, alone.notes) == (None, (), ())
    assert {c.case_id for c in list_cases(ws, assignee="dave")} == {busy}
