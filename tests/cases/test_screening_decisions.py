"""End to end: import → screening alert → case cleared (four-eyes) → the false positive stays
away on the next import and on a rescreen after a list update → the list amends the entry → it
comes back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aidtrace.alerts.model import Alert
from aidtrace.cases import Outcome, decide, open_case
from aidtrace.cases.screening import entry_of
from aidtrace.ingest.imports import import_file
from aidtrace.ingest.tabular import read_table
from aidtrace.people.importer import NameRecord, name_record
from aidtrace.people.layout import BENEFICIARIES
from aidtrace.people.screening import queries, screening_hook
from aidtrace.screening.decisions import Decision, cleared
from aidtrace.screening.workspace_index import rescreen_update
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace
from people.sample import BENEFICIARY_COLUMNS, beneficiary_rows, write_csv

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"
KEPT = {"TAi.024", "TAi.025", "TAi.026", "TAi.004"}  # a small list: Baradar and a few others
SUBJECT = "beneficiary:M000004"


def small_list(source: Path, out: Path, alias_for: str | None = None) -> Path:
    """The UN list cut down to ``KEPT``; ``alias_for`` gets one more alias (an amendment)."""
    tree = ET.parse(source)
    root = tree.getroot()
    for holder in root:
        for item in list(holder):
            if item.findtext("REFERENCE_NUMBER") not in KEPT:
                holder.remove(item)
            elif item.findtext("REFERENCE_NUMBER") == alias_for:
                alias = ET.SubElement(item, "INDIVIDUAL_ALIAS")
                ET.SubElement(alias, "QUALITY").text = "Good"
                ET.SubElement(alias, "ALIAS_NAME").text = "Mullah Baradar Sahib"
    tree.write(out, encoding="UTF-8", xml_declaration=True)
    return out


def baradar_rows(extra: int) -> list[dict[str, str]]:
    rows = beneficiary_rows(8 + extra)
    rows[4].update(given_name="Abdul Ghani", father_name="Baradar", grandfather_name="",
                   family_name="", name_fa="عبدالغنی برادر", birth_year="1968")  # fmt: skip
    return rows


def alerts_on(ws: Workspace, subject: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = ws.engine.query(
        "SELECT alert_id, identity_key, status FROM alerts WHERE subject = ? "
        "AND kind = 'sanctions_match' ORDER BY first_seen",
        (subject,),
    ).to_pylist()
    return [r for r in rows if str(r["identity_key"]).split(":")[1] == "TAi.024"]


def import_people(ws: Workspace, path: Path) -> None:
    assert screening_hook(ws) is not None
    import_file(ws, "beneficiaries", path)


def records(path: Path) -> list[NameRecord]:
    table = read_table(path, BENEFICIARIES.spec)
    return [name_record(BENEFICIARIES, BENEFICIARIES.person_id(r), r) for r in table.to_pylist()]


@pytest.mark.parametrize(("identity", "entry"), [
    ("un:TAi.024:0123abcd", ("un", "TAi.024", "0123abcd")),
    ("os:NK-a:b:9f", ("os", "NK-a:b", "9f")),
    ("un:TAi.024", None),  # no version: nothing to remember it against
])  # fmt: skip
def test_the_entry_and_its_version_are_read_from_the_alert_identity(
    identity: str, entry: tuple[str, str, str] | None
) -> None:
    assert entry_of(identity) == entry


def test_a_cleared_screening_alert_stays_cleared_until_the_entry_changes(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    un = shared_data / UN_2026
    load_snapshot(workspace, small_list(un, tmp_path / "un1.xml"))
    first = write_csv(tmp_path / "b1.csv", BENEFICIARY_COLUMNS, baradar_rows(0))
    import_people(workspace, first)
    [alert] = alerts_on(workspace, SUBJECT)

    case = open_case(workspace, [str(alert["alert_id"])], "officer")
    decide(workspace, case, Outcome.CLEARED, "officer", "a namesake: other tazkira, other village")
    assert not cleared(workspace)  # proposed only: four-eyes
    decide(workspace, case, Outcome.CLEARED, "reviewer", "agreed")
    [key] = cleared(workspace)
    assert key[0] == SUBJECT
    assert key[1:] == entry_of(str(alert["identity_key"]))
    note = workspace.engine.query("SELECT decision, note FROM screening_decisions").to_pylist()
    assert note == [{"decision": Decision.CLEARED.value, "note": f"case {case}"}]

    # the next monthly list: the same person again, screened at import — no new hit
    second = write_csv(tmp_path / "b2.csv", BENEFICIARY_COLUMNS, baradar_rows(3))
    hook = screening_hook(workspace)
    assert hook is not None
    assert not [h for h in hook(records(second)) if h.person_id == SUBJECT]

    # a list update that leaves Baradar's entry as it was: neither the rescreen nor screening
    # everyone again against the new snapshot raises anything for him
    update = load_snapshot(workspace, small_list(un, tmp_path / "un2.xml", alias_for="TAi.025"))
    people = [q for r in records(second) for q in queries(r)]
    assert not subject_alerts(rescreen_update(workspace, update.snapshot.snapshot_id, people))
    hook = screening_hook(workspace)
    assert hook is not None
    assert not [h for h in hook(records(second)) if h.person_id == SUBJECT]

    # the list amends Baradar's entry: a new version, which nobody has cleared
    amended = load_snapshot(workspace, small_list(un, tmp_path / "un3.xml", alias_for="TAi.024"))
    back = subject_alerts(rescreen_update(workspace, amended.snapshot.snapshot_id, people))
    # (one per script the name was written in; the store keeps one per identity)
    assert {a.identity_key for a in back} == {back[0].identity_key}
    assert back[0].identity_key.split(":")[1] == "TAi.024"
    assert back[0].identity_key != alert["identity_key"]
    hook = screening_hook(workspace)
    assert hook is not None
    assert [h.entry_id for h in hook(records(second)) if h.person_id == SUBJECT] == [
        back[0].identity_key
    ]


def subject_alerts(alerts: list[Alert]) -> list[Alert]:
    return [a for a in alerts if a.subject == SUBJECT]
