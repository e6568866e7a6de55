"""The report carries the latest cosigned checkpoint, the witnesses' verdict (an alert when the
quorum is missing) and, for each figure it shows, inclusion proofs of the events that recorded
its data, which check against the checkpoint's root."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from aidtrace import audit
from aidtrace.audit import ReportedFigure
from aidtrace.audit.checkpoint import read_checkpoint
from aidtrace.audit.merkle import leaf_hash, verify_inclusion
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import CaseOpened, ImportRecorded, MonitorRun
from aidtrace.report.html import build_report
from aidtrace.workspace import Workspace

from .witness_helpers import make_witness, serving

AT = datetime(2026, 3, 1, tzinfo=UTC)
FILE_NAME = "payments-kandahar-week19.csv"


def _figures(ws: Workspace) -> None:
    audit.record_many(
        ws,
        [
            ImportRecorded(
                at=AT, actor="a", import_id="imp1", import_kind="ledger", source=FILE_NAME,
                sha256="ab" * 32, rows=1200,
            ),
            MonitorRun(at=AT, actor="pipeline", run_id="r1", monitor="flows",
                       monitor_version="2", alerts_seen=7),
            MonitorRun(at=AT, actor="pipeline", run_id="r2", monitor="flows",
                       monitor_version="2", alerts_seen=9),
        ],
    )  # fmt: skip


def test_proofs_of_the_figures_check_against_the_cosigned_checkpoint(
    workspace: Workspace, tmp_path: Path
) -> None:
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        _figures(workspace)
        found = audit.provenance(workspace)
        donor = build_report(workspace, audience="donor")
        officer = build_report(workspace)
    point, note = read_checkpoint(found.checkpoint)
    assert [s.name for s in note.signatures][1:] == ["donor.example/w"]
    assert [p.leaf_index for p in found.proofs] == [0, 2]  # the import, the latest flows run
    for p in found.proofs:
        path = [bytes.fromhex(h) for h in p.audit_path]
        assert verify_inclusion(bytes.fromhex(p.leaf_hash), p.leaf_index, point.tree_size,
                                path, point.root)  # fmt: skip
    assert base64.b64encode(point.root).decode() in donor
    assert "1 of the 1 witness cosignatures" in donor
    assert "Alert: quorum missing" not in donor
    assert FILE_NAME not in donor  # the donor edition names no file
    assert FILE_NAME in officer


def test_the_report_raises_the_alert_when_the_quorum_is_missing(
    workspace: Workspace, tmp_path: Path
) -> None:
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
    _figures(workspace)  # the witness is down now
    donor = build_report(workspace, audience="donor")
    assert "Alert: quorum missing." in donor
    assert "0 of the 1 witness cosignatures" in donor


def _more_events(ws: Workspace) -> None:
    """A people import (no money figure counts it), a second monitor and a case opened."""
    audit.record_many(
        ws,
        [
            ImportRecorded(
                at=AT, actor="a", import_id="imp2", import_kind="people", source="people.csv",
                sha256="cd" * 32, rows=40,
            ),
            MonitorRun(at=AT, actor="pipeline", run_id="r3", monitor="screening",
                       monitor_version="1", alerts_seen=2),
            CaseOpened(at=AT, actor="amina", case_id="c" * 32, alert_ids=("a1", "a2")),
        ],
    )  # fmt: skip


FIGURES = [
    ReportedFigure("traced from donors", "$1,200", "money"),
    ReportedFigure("alerts", "11", "alerts"),
    ReportedFigure("cases", "1", "cases"),
]


def test_each_figure_carries_the_proofs_of_the_events_that_recorded_its_data(
    workspace: Workspace,
) -> None:
    _figures(workspace)  # entries 0 (ledger import), 1 and 2 (flows runs)
    _more_events(workspace)  # entries 3 (people import), 4 (screening run), 5 (case)
    found = audit.provenance(workspace, FIGURES)
    by_figure = {f.label: [p.leaf_index for p in f.proofs] for f in found.figures}
    assert by_figure == {"traced from donors": [0], "alerts": [2, 4], "cases": [5]}
    assert [f.value for f in found.figures] == ["$1,200", "11", "1"]
    assert [p.leaf_index for p in found.proofs] == [0, 2, 4, 5]
    point, _ = read_checkpoint(found.checkpoint)
    for figure in found.figures:
        for p in figure.proofs:
            path = [bytes.fromhex(h) for h in p.audit_path]
            leaf = leaf_hash(p.entry.encode())  # the logged event itself hashes to the leaf
            assert leaf.hex() == p.leaf_hash
            assert verify_inclusion(leaf, p.leaf_index, point.tree_size, path, point.root)


def test_the_donor_report_shows_each_figure_beside_its_proofs(workspace: Workspace) -> None:
    _figures(workspace)
    _more_events(workspace)
    donor = build_report(workspace, audience="donor")
    section = donor[donor.index('id="figure-proofs"') :]
    assert "traced from donors" in section  # the money figures, with the ledger import
    assert "import of ledger (1,200 records" in section
    assert "import of people" not in section  # no money figure counts it
    assert "screening monitor run (2 alerts seen)" in section
    assert f"case {'c' * 32} opened over 2 alert(s)" in section
    assert "people.csv" not in donor
