"""Screening at import against the real UN list: a listed name is caught in either script, and
the alert holds the list entry and scores, never the beneficiary's name."""

from __future__ import annotations

from pathlib import Path

from aidtrace.ingest.imports import import_file
from aidtrace.people.screening import screening_hook
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, beneficiary_rows, write_csv

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"


def test_listed_beneficiary_raises_an_alert_without_its_name(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    assert screening_hook(workspace) is None  # no list loaded: nothing to screen against
    load_snapshot(workspace, shared_data / UN_2026)
    rows = beneficiary_rows(12)
    rows[4].update(given_name="Abdul Ghani", father_name="Baradar", grandfather_name="",
                   family_name="", name_fa="عبدالغنی برادر", birth_year="1968")  # fmt: skip
    rows[9].update(given_name="", name_fa="عبدالغنی برادر", birth_year="")
    rows[9]["given_name"] = "Ghani"
    assert screening_hook(workspace) is not None
    import_file(
        workspace, "beneficiaries", write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, rows)
    )
    alerts = workspace.engine.query(
        "SELECT subject, identity_key, evidence, summary FROM alerts ORDER BY subject"
    ).to_pylist()
    # the identity names the entry's version, so a decision on it lasts until the list amends it
    subjects = {a["subject"] for a in alerts if a["identity_key"].split(":")[1] == "TAi.024"}
    assert subjects == {"beneficiary:M000004", "beneficiary:M000009"}
    assert not any("Ghani" in str(a) or "عبدالغنی" in str(a) for a in alerts)
