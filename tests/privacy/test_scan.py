"""The store never receives plaintext: planted names, phones and tazkira numbers are imported,
DuckDB is forced to spill, and every file of the workspace and every cell of the store is
searched for them. A control run proves the scanner finds plaintext when it is there."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.demo import generate
from aidtrace.ingest import get_importer
from aidtrace.people.access import reveal
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from people.sample import (
    BENEFICIARY_COLUMNS,
    STAFF_COLUMNS,
    beneficiary_rows,
    staff_rows,
    write_csv,
)

from .scan import cell_hits, needles, raw_hits

PLANTED_BENEFICIARY = {
    "given_name": "Shabnamgul",
    "father_name": "Qaderyarzai",
    "grandfather_name": "Dowlatkhel",
    "family_name": "Spinghari",
    "name_fa": "شبنمگل قادریارزی",
    "phone": "+93 788 555 0199",
    "tazkira": "1401-0505-99887",
    "village": "Kariz-e-Dowlatabad",
}
PLANTED_STAFF = {
    "given_name": "Zarminakhan",
    "father_name": "Torialaiyar",
    "name_fa": "زرمینه‌خان",
    "phone": "0093 796 314 2718",
    "tazkira": "77150042",
}
SPILL = (
    "SELECT f.person_id, f.ciphertext, t.given_tok, t.phone_tok, t.name_bf0, r.i "
    "FROM person_fields f JOIN person_tokens t USING (person_id), range(150) r(i) "
    "ORDER BY hash(f.ciphertext, r.i)"
)


def _plant(tmp_path: Path) -> tuple[Path, Path]:
    rows = beneficiary_rows(400)
    for row in rows[100:110]:  # ten members carry the planted values (a household's phone…)
        row.update(PLANTED_BENEFICIARY)
    staff = staff_rows(30)
    staff[7].update(PLANTED_STAFF)
    return (
        write_csv(tmp_path / "beneficiaries.csv", BENEFICIARY_COLUMNS, rows),
        write_csv(tmp_path / "staff.csv", STAFF_COLUMNS, staff),
    )


def _spill_and_scan(ws: Workspace, wanted: set[bytes]) -> tuple[list[object], int]:
    """Run a sort far larger than the memory limit and scan while its spill files exist."""
    con = ws.engine.connection
    for setting in ("memory_limit='48MB'", "threads=1", "preserve_insertion_order=false"):
        con.execute(f"SET {setting}")
    pending = con.execute(SPILL)
    pending.fetchmany(1)
    spilled = sum(p.stat().st_size for p in ws.tmp_dir.glob("*.tmp"))
    hits: list[object] = [*raw_hits(ws.path, wanted)]
    pending.fetchall()
    return hits, spilled


def test_no_plaintext_anywhere_in_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    beneficiaries, staff = _plant(tmp_path)
    get_importer("beneficiaries").load(workspace, beneficiaries, no_progress)
    get_importer("staff").load(workspace, staff, no_progress)
    wanted = needles([*PLANTED_BENEFICIARY.values(), *PLANTED_STAFF.values()])
    # An authorised display decrypts in memory, and is logged without the values.
    shown = reveal(workspace, "beneficiary:M000100", actor="officer", reason="case 17 review")
    assert shown["phone"] == PLANTED_BENEFICIARY["phone"]
    hits, spilled = _spill_and_scan(workspace, wanted)
    assert spilled > 1_000_000, "DuckDB did not spill; the scan would prove nothing about spills"
    hits += cell_hits(workspace.engine.connection, wanted)
    workspace.engine.execute("CHECKPOINT")
    workspace.close()
    hits += raw_hits(workspace.path, wanted)
    assert hits == []


REQUIRED = {"people": "import_id", "person_tokens": "token_key_id"}


@pytest.mark.parametrize("table", sorted(REQUIRED))
def test_control_the_scanner_finds_plaintext(workspace: Workspace, table: str) -> None:
    # Same scan, but a careless importer wrote one phone number in clear: it must be found.
    wanted = needles([PLANTED_BENEFICIARY["phone"]])
    workspace.engine.execute(
        f"INSERT INTO {table} (person_id, kind, record_id, {REQUIRED[table]}) "
        "VALUES ('beneficiary:X', 'beneficiary', ?, 'x')",
        (PLANTED_BENEFICIARY["phone"],),
    )
    assert cell_hits(workspace.engine.connection, wanted)
    workspace.close()
    assert raw_hits(workspace.path, wanted)


PERSONAL = ("given_name", "father_name", "grandfather_name", "family_name", "name_fa")
PERSONAL += ("phone", "tazkira", "village")


def test_no_plaintext_from_the_demo_scenario(workspace: Workspace, tmp_path: Path) -> None:
    scenario = generate(tmp_path / "demo", seed=3, scale="1k")
    for kind in ("beneficiaries", "staff"):
        get_importer(kind).load(workspace, scenario.out_dir / f"{kind}.csv", no_progress)
    values: list[str] = []
    for kind in ("beneficiaries", "staff"):
        with (scenario.out_dir / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))[1:200]
        values += [row[c] for row in rows for c in PERSONAL if len(row.get(c) or "") >= 6]
    wanted = needles(values, min_digits=10, last_nine=False)
    assert len(wanted) > 500
    hits = [*cell_hits(workspace.engine.connection, wanted), *raw_hits(workspace.path, wanted)]
    workspace.close()
    hits += raw_hits(workspace.path, wanted)
    assert hits == []
