"""A run over published data: Afghanistan's FTS flows, HNO caseload and IPC phases, imported
as published into a fresh workspace, every monitor run, and what they show gathered.

The files are not part of aidtrace: the run reads them from a folder holding ``fts/``, ``hno/``
and ``ipc/`` (as OCHA and the IPC publish them), given explicitly or found by
:func:`find_data`.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from aidtrace.alerts.store import alert_counts, list_alerts
from aidtrace.errors import InputError
from aidtrace.files import fresh_directory
from aidtrace.flows.equity import ProvinceFunding, province_funding
from aidtrace.flows.funding import KINDS as FUNDING_KINDS
from aidtrace.flows.funding import as_of
from aidtrace.flows.published import Chain, ClusterFunding, cluster_funding, traced_chain
from aidtrace.ingest.imports import import_file
from aidtrace.pipeline import RunOutcome, run_monitors
from aidtrace.places import Place, afghanistan
from aidtrace.progress import Progress, no_progress
from aidtrace.report import write_report
from aidtrace.report.sections import summarise_evidence
from aidtrace.workspace import Workspace

MARKER = ".aidtrace-example"
DATA_ENV = "AIDTRACE_REAL_DATA"
RELATIVE = Path("shared") / "data" / "real" / "afghanistan"
KINDS = ("fts", "hno", "ipc")  # each a subfolder, imported in this order
SUFFIXES = (".csv", ".json", ".geojson", ".xlsx")


@dataclass(frozen=True)
class Imported:
    kind: str
    path: Path
    records: int


@dataclass(frozen=True)
class ExampleOutcome:
    workspace: Path
    imported: list[Imported]
    chain: Chain
    clusters: list[ClusterFunding]
    provinces: list[ProvinceFunding]
    run: RunOutcome
    alert_counts: dict[str, int]
    top_alerts: list[dict[str, object]]
    as_of: str
    seconds: dict[str, float]
    report: Path


def find_data(given: Path | None = None, start: Path | None = None) -> Path:
    """The folder of published Afghan files: ``given``, else ``$AIDTRACE_REAL_DATA``, else
    ``shared/data/real/afghanistan`` in the current directory or any parent."""
    if given is not None:
        return _checked(given)
    if os.environ.get(DATA_ENV):
        return _checked(Path(os.environ[DATA_ENV]))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / RELATIVE / "fts").is_dir():
            return folder / RELATIVE
    raise InputError(
        f"published Afghan data not found: give --data DIR (a folder with fts/, hno/, ipc/) "
        f"or set {DATA_ENV}"
    )


def _checked(folder: Path) -> Path:
    if not (folder / "fts").is_dir():
        raise InputError("no fts/ folder here: not the published Afghan data", source=folder)
    return folder


def files_to_import(data: Path) -> list[tuple[str, Path]]:
    """(kind, file) in import order: kinds in turn, CSV exports before API JSON."""
    found = []
    for kind in KINDS:
        folder = data / kind
        files = sorted(
            (p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES),
            key=lambda p: (p.suffix.lower() != ".csv", p.name),
        )
        found += [(kind, p) for p in files]
    return found


def run_afghanistan(
    target: Path, data: Path | None = None, progress: Progress = no_progress, per_kind: int = 2
) -> ExampleOutcome:
    """Import every published file into a fresh workspace under ``target``, run the monitors
    and gather what they show (the ``per_kind`` strongest funding alerts of each kind)."""
    folder = find_data(data)
    fresh_directory(target, MARKER, "aidtrace example")
    (target / MARKER).write_text(json.dumps({"data": str(folder)}) + "\n")
    seconds: dict[str, float] = {}
    with Workspace.create(target / "workspace", key_file=target / "keys" / "root.key") as ws:
        started = time.perf_counter()
        imported = [
            Imported(kind, path, import_file(ws, kind, path, progress).rows)
            for kind, path in files_to_import(folder)
        ]
        seconds["import"] = time.perf_counter() - started
        started = time.perf_counter()
        run = run_monitors(ws, progress=progress)
        seconds["monitors"] = time.perf_counter() - started
        day = str(as_of(ws.engine))
        chain, clusters = traced_chain(ws.engine), cluster_funding(ws.engine)
        provinces = province_funding(ws.engine, day)
        started = time.perf_counter()
        report = write_report(ws, sections=report_sections(day, chain, clusters, provinces))
        seconds["report"] = time.perf_counter() - started
        return ExampleOutcome(
            workspace=ws.path,
            imported=imported,
            chain=chain,
            clusters=clusters,
            provinces=provinces,
            run=run,
            # every funding kind is listed, 0 where the data gives none: it was looked for
            alert_counts=dict.fromkeys(FUNDING_KINDS, 0) | alert_counts(ws),
            top_alerts=strongest(ws, per_kind),
            as_of=day,
            seconds=seconds,
            report=report,
        )


def strongest(ws: Workspace, per_kind: int) -> list[dict[str, object]]:
    """The ``per_kind`` strongest alerts of each funding kind, each with its evidence in one
    line (``evidence``)."""
    found = [a for k in FUNDING_KINDS for a in list_alerts(ws, k, per_kind)]
    ids = [str(a["alert_id"]) for a in found]
    evidence = {
        str(r["alert_id"]): str(r["evidence"])
        for r in ws.engine.query(
            "SELECT alert_id, evidence FROM alerts WHERE list_contains(?, alert_id)", (ids,)
        ).to_pylist()
    }
    return [
        a | {"evidence": summarise_evidence(evidence.get(str(a["alert_id"]), ""))} for a in found
    ]


def report_sections(
    day: str, chain: Chain, clusters: list[ClusterFunding], provinces: list[ProvinceFunding]
) -> dict[str, object]:
    """The published figures as report sections (aggregates only)."""
    money: dict[str, str] = {
        f"{boundary} {status}": f"US${usd:,.0f} in {chain.counts[(boundary, status)]:,} flows"
        for (boundary, status), usd in sorted(chain.totals.items())
    }
    for m in chain.intermediaries:
        money[m.org] = (
            f"received US${m.received_usd:,.0f} from {m.donors} donors; passed on "
            f"US${m.passed_on_usd:,.0f} to {m.partners} partners"
        )
    coverage = {
        f"{c.plan}: {c.cluster}": f"US${c.funding_usd or 0:,.0f} of US${c.requirements_usd:,.0f}"
        f" ({100 * (c.share_funded or 0):.0f}%)"
        for c in clusters
        if c.requirements_usd
    }
    gazetteer = afghanistan()
    located = {
        _province(gazetteer.by_code(p.province_code), p.province_code): (
            f"US${p.funded_usd:,.0f} in {p.flows} flows"
            + (f"; US${p.usd_per_ipc3_person:.2f} per person in IPC 3+" if p.ipc3_people else "")
            + (
                f"; US${p.usd_per_person_in_need:.2f} per person in need"
                if p.people_in_need
                else ""
            )
        )
        for p in provinces
    }
    return {
        f"Money traced (OCHA FTS, as of {day})": money,
        "Funding against requirements per cluster (OCHA FTS)": coverage,
        "Funding per province where flows name one (FTS; need: OCHA HPC; IPC)": located,
    }


def _province(place: Place | None, code: str) -> str:
    return f"{place.name} ({code})" if place else code
