"""The report carries the latest cosigned checkpoint, the witnesses' verdict (an alert when the
quorum is missing) and, for the events behind its figures, inclusion proofs that check against
the checkpoint's root."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from aidtrace import audit
from aidtrace.audit.checkpoint import read_checkpoint
from aidtrace.audit.merkle import verify_inclusion
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import ImportRecorded, MonitorRun
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
