"""The contracts monitor: dates out of order, unit costs off the norm, one contractor written
several ways within a partner's contracts."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.alerts.model import Alert
from aidtrace.errors import MissingInput
from aidtrace.ingest.imports import import_file
from aidtrace.ingest.profiles import Profile
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.workspace import Workspace

HEADER = (
    "Project ID,Implementing Partner,Contractor,Signed Date,Start Date,Actual End Date,"
    "Contract Amount,Item,Quantity,Unit,Province,District\n"
)
ROWS = [
    # signed after the work started (5 days)
    "P-1,Afghan Aid,Kabul Construction Co.,Mar/25/2014,Mar/20/2014,Sep/30/2014,"
    '"100,000",well,10,well,Kabul,Paghman',
    # ended before it started
    "P-2,Afghan Aid,Herat Builders,Mar/01/2014,Apr/01/2014,Mar/15/2014,"
    '"105,000",well,10,well,Kabul,Paghman',
    "P-3,Afghan Aid,Logar Wells,Mar/02/2014,Apr/02/2014,Oct/01/2014,"
    '"95,000",well,10,well,Kabul,Bagrami',
    "P-4,Afghan Aid,Kabul Constrution Company,Mar/03/2014,Apr/03/2014,Oct/02/2014,"
    '"98,000",well,10,well,Kabul,Surobi',
    # four times the others' cost per well in Kabul
    "P-5,Afghan Aid,Pamir Drilling,Mar/04/2014,Apr/04/2014,Oct/03/2014,"
    '"40,000",well,1,well,Kabul,Paghman',
    # the same cost in another province is not compared with Kabul's
    "P-6,Other NGO,Herat Builders,Mar/05/2014,Apr/05/2014,Oct/04/2014,"
    '"40,000",well,1,well,Herat,Injil',
]


def alerts(workspace: Workspace, tmp_path: Path) -> list[Alert]:
    path = tmp_path / "contracts.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    import_file(workspace, "contracts", path, profile=Profile(fixed={"currency": "AFN"}))
    return list(get_monitor("flows.contracts").run(RunContext(workspace)))


def test_each_reading_raises_its_contracts(workspace: Workspace, tmp_path: Path) -> None:
    found = {(a.kind, a.subject) for a in alerts(workspace, tmp_path)}
    assert found == {
        ("contract_started_before_signed", "contract P-1"),
        ("contract_ended_before_start", "contract P-2"),
        ("contract_cost_off_norm", "contract P-5"),
        ("contractor_several_spellings", "Kabul Construction Co."),
    }


def test_the_evidence_explains_each_alert(workspace: Workspace, tmp_path: Path) -> None:
    by_kind = {a.kind: a for a in alerts(workspace, tmp_path)}
    early = by_kind["contract_started_before_signed"]
    assert early.evidence["days_early"] == 5
    assert "5 days before the contract was signed (2014-03-25)" in early.summary
    cost = by_kind["contract_cost_off_norm"]
    assert cost.evidence["unit_cost"] == 40_000.0
    assert cost.evidence["median_of_peers"] == 9_900.0  # wells at 10,000, 10,500, 9,500, 9,800
    assert cost.evidence["peers"] == 4
    spellings = by_kind["contractor_several_spellings"]
    assert spellings.evidence["spellings"] == {
        "Kabul Construction Co.": ["contract P-1"],
        "Kabul Constrution Company": ["contract P-4"],
    }


def test_a_workspace_without_contracts_skips_the_monitor(workspace: Workspace) -> None:
    with pytest.raises(MissingInput, match="contracts"):
        list(get_monitor("flows.contracts").run(RunContext(workspace)))
