"""Where a report's figures come from, provably: for each figure the report shows, the events
that recorded the data it counts (the money's imports, the monitors' latest runs, the cases
opened), each with its RFC 9162 inclusion proof up to one checkpoint, printed beside the
cosigned checkpoint itself.

A donor holding the report and the log's verifier key checks the checkpoint's signatures, then
each proof with SHA-256 alone, without asking anyone for the log.
"""

from __future__ import annotations

import bisect
import json
import mmap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aidtrace.audit.merkle import MerkleTree

MAX_EVENTS = 50  # per figure, the latest ones; a report rarely rests on more

# The imports whose rows the money figures sum (flows, organisations' roles, exchange rates).
MONEY_IMPORTS = frozenset({"ledger", "distributions", "organisations", "fx", "iati", "fts"})


@dataclass(frozen=True)
class FigureProof:
    """One recording event, what it says in a line, and its audit path (leaf to root)."""

    what: str
    leaf_index: int
    leaf_hash: str
    audit_path: tuple[str, ...]
    entry: str  # the event as logged (officers only: an import names its file)


Found = tuple[int, bytes, dict[str, object]]  # leaf index, entry, the entry read as JSON


@dataclass(frozen=True)
class Basis:
    """Which logged events recorded the data a figure counts: entries of ``kind`` that
    ``keep`` accepts, only the latest per value of ``latest_by`` when it is set."""

    kind: str
    keep: Callable[[dict[str, object]], bool] = lambda doc: True
    latest_by: str | None = None

    def select(self, found: list[Found]) -> list[Found]:
        kept = [f for f in found if f[2].get("kind") == self.kind and self.keep(f[2])]
        if self.latest_by is not None:
            kept = list({str(f[2].get(self.latest_by)): f for f in kept}.values())
        return sorted(kept, key=lambda f: f[0])[-MAX_EVENTS:]


BASES: dict[str, Basis] = {
    "money": Basis("import", lambda doc: doc.get("import_kind") in MONEY_IMPORTS),
    "alerts": Basis("monitor_run", latest_by="monitor"),
    "cases": Basis("case_opened"),
}


@dataclass(frozen=True)
class ReportedFigure:
    """A figure as a report shows it, and which of ``BASES`` its data rests on."""

    label: str
    value: str
    basis: str


@dataclass(frozen=True)
class FigureEvidence:
    """A figure, and the proofs of the events that recorded the data it counts."""

    label: str
    value: str
    proofs: tuple[FigureProof, ...]


DEFAULT_FIGURES = tuple(ReportedFigure(name, "", name) for name in BASES)


def figure_events(path: Path, offsets: list[int]) -> dict[str, list[Found]]:
    """For each basis, its events among the entries at ``offsets``, in log order."""
    needles = tuple(f'"kind":"{b.kind}"'.encode() for b in BASES.values())
    found = list(_events_of(path, offsets, needles))
    return {name: basis.select(found) for name, basis in BASES.items()}


def _events_of(path: Path, offsets: list[int], needles: tuple[bytes, ...]) -> Iterator[Found]:
    """Entries holding one of ``needles``: a byte search over the log, then a JSON read."""
    if not offsets or not path.exists():
        return
    found: set[int] = set()
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for needle in needles:
            at = data.find(needle)
            while at != -1:
                index = bisect.bisect_right(offsets, at) - 1
                if index >= 0 and (index + 1 == len(offsets) or at < offsets[index + 1]):
                    found.add(index)
                at = data.find(needle, at + 1)
        for index in sorted(found):
            length = int.from_bytes(data[offsets[index] : offsets[index] + 4], "big")
            entry = data[offsets[index] + 4 : offsets[index] + 4 + length]
            try:
                doc = json.loads(entry)
            except ValueError:
                continue  # not an event
            if isinstance(doc, dict):
                yield index, entry, doc


def describe(doc: dict[str, object]) -> str:
    """A line a donor can read: no file name, no identifier beyond the event's own."""
    kind = doc.get("kind")
    if kind == "import":
        rows = doc.get("rows")
        count = f"{rows:,}" if isinstance(rows, int) else "?"
        sha = doc.get("sha256")
        return f"import of {doc.get('import_kind')} ({count} records, file SHA-256 {sha})"
    if kind == "case_opened":
        alerts = doc.get("alert_ids")
        many = len(alerts) if isinstance(alerts, list) else "?"
        return f"case {doc.get('case_id')} opened over {many} alert(s)"
    return f"{doc.get('monitor')} monitor run ({doc.get('alerts_seen')} alerts seen)"


def prove_figures(
    path: Path,
    offsets: list[int],
    tree: MerkleTree,
    size: int,
    figures: Sequence[ReportedFigure] = DEFAULT_FIGURES,
) -> list[FigureEvidence]:
    """For each figure, inclusion proofs up to the tree of ``size`` entries of the events that
    recorded its data."""
    events = figure_events(path, offsets[:size])

    def proof(index: int, entry: bytes, doc: dict[str, object]) -> FigureProof:
        path_ = tuple(h.hex() for h in tree.inclusion_path(index, size))
        text = entry.decode("utf-8", "replace")
        return FigureProof(describe(doc), index, tree.leaf(index).hex(), path_, text)

    return [
        FigureEvidence(f.label, f.value, tuple(proof(*e) for e in events.get(f.basis, [])))
        for f in figures
    ]


def distinct_proofs(figures: Sequence[FigureEvidence]) -> tuple[FigureProof, ...]:
    """Every event proved for some figure, once, in log order."""
    by_index = {p.leaf_index: p for f in figures for p in f.proofs}
    return tuple(by_index[i] for i in sorted(by_index))
