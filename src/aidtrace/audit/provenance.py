"""Where a report's figures come from, provably: for each event that recorded data the report
counts (imports, and each monitor's latest run), its RFC 9162 inclusion proof up to one
checkpoint, printed beside the cosigned checkpoint itself.

A donor holding the report and the log's verifier key checks the checkpoint's signatures, then
each proof with SHA-256 alone, without asking anyone for the log.
"""

from __future__ import annotations

import bisect
import json
import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aidtrace.audit.merkle import MerkleTree

MAX_IMPORTS = 50  # the latest ones; a report rarely rests on more


@dataclass(frozen=True)
class FigureProof:
    """One recording event, what it says in a line, and its audit path (leaf to root)."""

    what: str
    leaf_index: int
    leaf_hash: str
    audit_path: tuple[str, ...]
    entry: str  # the event as logged (officers only: an import names its file)


Found = tuple[int, bytes, dict[str, object]]  # leaf index, entry, the entry read as JSON


def figure_events(path: Path, offsets: list[int]) -> list[Found]:
    """The imports (latest ``MAX_IMPORTS``) and each monitor's latest run among the entries at
    ``offsets``, in log order."""
    imports: list[Found] = []
    runs: dict[str, Found] = {}
    for found in _events_of(path, offsets, (b'"kind":"import"', b'"kind":"monitor_run"')):
        if found[2].get("kind") == "import":
            imports.append(found)
        else:
            runs[str(found[2].get("monitor"))] = found
    return sorted(imports[-MAX_IMPORTS:] + list(runs.values()), key=lambda f: f[0])


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
    if doc.get("kind") == "import":
        rows = doc.get("rows")
        count = f"{rows:,}" if isinstance(rows, int) else "?"
        sha = doc.get("sha256")
        return f"import of {doc.get('import_kind')} ({count} records, file SHA-256 {sha})"
    return f"{doc.get('monitor')} monitor run ({doc.get('alerts_seen')} alerts seen)"


def prove_figures(path: Path, offsets: list[int], tree: MerkleTree, size: int) -> list[FigureProof]:
    """Inclusion proofs up to the tree of ``size`` entries for the report's recording events."""
    return [
        FigureProof(
            describe(doc),
            index,
            tree.leaf(index).hex(),
            tuple(h.hex() for h in tree.inclusion_path(index, size)),
            entry.decode("utf-8", "replace"),
        )
        for index, entry, doc in figure_events(path, offsets[:size])
    ]
