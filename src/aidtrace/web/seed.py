"""A small desk to look at: one watchlist, a few screened parties and the alerts they raise.

Browser tests, screenshots and the load test use it when no demo workspace is at hand. It calls
the same library functions an operator's ``lists load`` and ``run`` would.
"""

from __future__ import annotations

from pathlib import Path

from aidtrace.alerts.store import SaveResult, save_alerts
from aidtrace.screening import Query, screen_names
from aidtrace.screening.alerts import to_alerts
from aidtrace.screening.workspace_index import current_index, snapshot_label
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

# Parties of an imagined programme: organisation names and payees, in Latin and Perso-Arabic.
PARTIES: tuple[tuple[str, str], ...] = (
    ("vendor:V-0042", "Mullah Abdul Ghani Baradar"),
    ("staff:S-0007", "عبدالغنی برادر"),
    ("vendor:V-0108", "Sirajuddin Haqqani"),
    ("agent:C-0311", "Abdul Kabir Mohammad Jan"),
    ("vendor:V-0215", "Mohammad Hassan Akhund"),
    ("vendor:V-0377", "Khalil Ahmed Haqqani"),
    ("agent:C-0450", "Amir Khan Muttaqi"),
    ("vendor:V-0501", "Noor Rahman Construction Company"),
)


def seed(ws: Workspace, watchlist: Path, run_id: str = "seed") -> SaveResult:
    """Load ``watchlist`` as a snapshot, screen ``PARTIES`` against it and save the alerts."""
    load_snapshot(ws, watchlist)
    index = current_index(ws)
    results = screen_names(index, [Query(name, subject=subject) for subject, name in PARTIES])
    return save_alerts(ws, to_alerts(results, snapshot_label(ws)), run_id)
