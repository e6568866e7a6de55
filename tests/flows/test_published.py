"""The money traced through published FTS flows and funding per cluster, against the files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from aidtrace.flows.published import cluster_funding, traced_chain
from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

FTS = Path("real/afghanistan/fts")
EXPORTS = ("fts_incoming_funding_afg.csv", "fts_internal_funding_afg.csv")
PAGES = (
    "custom-search-locationid-1-year-2020.json",
    "custom-search-locationid-1-year-2020-page-2.json",
    "custom-search-locationid-1-year-2020-page-3.json",
)


@pytest.fixture
def flows(workspace: Workspace, shared_data: Path) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for name in EXPORTS:
        import_file(workspace, "fts", shared_data / FTS / name)
        with (shared_data / FTS / name).open(encoding="utf-8", newline="") as fh:
            found += list(csv.DictReader(fh))
    return found


def test_totals_per_boundary_and_status(workspace: Workspace, flows: list[dict[str, str]]) -> None:
    expected: dict[tuple[str, str], float] = defaultdict(float)
    for f in flows:
        expected[(f["boundary"], f["status"])] += float(f["amountUSD"])
    chain = traced_chain(workspace.engine)
    assert chain.totals == pytest.approx(dict(expected))
    assert chain.funded("internal") == pytest.approx(
        sum(float(f["amountUSD"]) for f in flows if f["boundary"] == "internal")
    )


def test_the_pooled_fund_sits_between_donors_and_partners(
    workspace: Workspace, flows: list[dict[str, str]]
) -> None:
    ahf = "Afghanistan Humanitarian Fund"
    middle = {m.org: m for m in traced_chain(workspace.engine).intermediaries}[ahf]
    into = [f for f in flows if f["boundary"] == "incoming" and f["destOrganization"] == ahf]
    out = [f for f in flows if f["boundary"] == "internal" and f["srcOrganization"] == ahf]
    assert middle.received_usd == pytest.approx(sum(float(f["amountUSD"]) for f in into))
    assert middle.passed_on_usd == pytest.approx(sum(float(f["amountUSD"]) for f in out))
    assert middle.donors == len({f["srcOrganization"] for f in into})
    assert middle.partners == len({f["destOrganization"] for f in out} - {""})


def test_clusters_set_requirements_against_funding(workspace: Workspace, shared_data: Path) -> None:
    name = "fts_requirements_funding_cluster_afg.csv"
    import_file(workspace, "fts", shared_data / FTS / name)
    for page in PAGES:
        import_file(workspace, "fts", shared_data / FTS / page)
    with (shared_data / FTS / name).open(encoding="utf-8", newline="") as fh:
        published = {r["cluster"]: r for r in csv.DictReader(fh)}
    found = {c.cluster: c for c in cluster_funding(workspace.engine)}
    assert set(found) == set(published)
    food = found["Food Security"]
    assert food.requirements_usd == float(published["Food Security"]["requirements"])
    assert food.share_funded == pytest.approx(116023570 / 309581740)
    # FTS's own rule, applied to the API's flows, gives FTS's figures where no flow is missing
    for cluster in ("Multiple clusters/sectors (shared)", "Aviation"):
        assert found[cluster].flows_usd == float(published[cluster]["funding"])
