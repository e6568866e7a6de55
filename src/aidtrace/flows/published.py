"""What published funding shows, as plain data: the money traced from donors through agencies to
partners (FTS incoming, then internal flows), and funding against requirements per cluster.

Funded means committed or paid, as FTS counts it; pledges are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aidtrace.flows.detectors.base import num, rows
from aidtrace.store.engine import Engine

FUNDED = "('commitment', 'paid')"


@dataclass(frozen=True)
class Hop:
    """Money from one organisation to another across one boundary (incoming or internal)."""

    source: str
    destination: str
    boundary: str
    usd: float
    flows: int


@dataclass(frozen=True)
class Intermediary:
    """An organisation in the middle of the chain: money in from donors, out to partners."""

    org: str
    received_usd: float
    donors: int
    passed_on_usd: float
    partners: int


@dataclass(frozen=True)
class Chain:
    """Totals per boundary and status, the largest hops of each boundary, and the
    organisations that both receive incoming money and pass it on inside the country."""

    totals: dict[tuple[str, str], float] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    intermediaries: list[Intermediary] = field(default_factory=list)

    def funded(self, boundary: str) -> float:
        return sum(v for (b, s), v in self.totals.items() if b == boundary and s != "pledge")


TOTALS_SQL = """
SELECT boundary, status, sum(amount_usd) AS usd, count(*) AS n FROM fts_flows GROUP BY 1, 2
"""

HOPS_SQL = f"""
SELECT COALESCE(src_org, '(not stated)') AS source, COALESCE(dest_org, '(not stated)') AS dest,
       boundary, sum(amount_usd) AS usd, count(*) AS n,
       row_number() OVER (PARTITION BY boundary ORDER BY sum(amount_usd) DESC, 1, 2) AS rank
FROM fts_flows WHERE status IN {FUNDED}
GROUP BY 1, 2, 3
QUALIFY rank <= ?
ORDER BY boundary, usd DESC
"""


INTERMEDIARIES_SQL = f"""
WITH funded AS (SELECT * FROM fts_flows WHERE status IN {FUNDED}),
received AS (
  SELECT dest_org AS org, sum(amount_usd) AS usd, count(DISTINCT src_org) AS donors
  FROM funded WHERE boundary = 'incoming' GROUP BY 1),
passed AS (
  SELECT src_org AS org, sum(amount_usd) AS usd, count(DISTINCT dest_org) AS partners
  FROM funded WHERE boundary = 'internal' GROUP BY 1)
SELECT p.org, COALESCE(r.usd, 0) AS received, COALESCE(r.donors, 0) AS donors,
       p.usd AS passed, p.partners
FROM passed p LEFT JOIN received r ON r.org = p.org
WHERE p.org IS NOT NULL
ORDER BY p.usd DESC, p.org
"""


def intermediaries(engine: Engine) -> list[Intermediary]:
    """Every organisation that passes money on inside the country, with what reached it."""
    return [
        Intermediary(
            str(r["org"]),
            num(r["received"]),
            int(num(r["donors"])),
            num(r["passed"]),
            int(num(r["partners"])),
        )
        for r in rows(engine, INTERMEDIARIES_SQL)
    ]


def traced_chain(engine: Engine, top: int = 10) -> Chain:
    """FTS money by boundary and status, with the ``top`` largest hops of each boundary."""
    totals = {
        (str(r["boundary"]), str(r["status"])): num(r["usd"]) for r in rows(engine, TOTALS_SQL)
    }
    counts = {
        (str(r["boundary"]), str(r["status"])): int(num(r["n"])) for r in rows(engine, TOTALS_SQL)
    }
    hops = [
        Hop(str(r["source"]), str(r["dest"]), str(r["boundary"]), num(r["usd"]), int(num(r["n"])))
        for r in rows(engine, HOPS_SQL, (top,))
    ]
    return Chain(totals, counts, hops, intermediaries(engine))


@dataclass(frozen=True)
class ClusterFunding:
    """A plan's cluster: what it asked for, what FTS reports funded, and what the imported
    incoming flows to the plan carry for it (FTS's rule: a flow naming several clusters counts
    under "Multiple clusters/sectors (shared)", one naming none under "Not specified")."""

    plan: str
    cluster: str
    requirements_usd: float | None
    funding_usd: float | None
    flows_usd: float

    @property
    def share_funded(self) -> float | None:
        if not self.requirements_usd or self.funding_usd is None:
            return None
        return self.funding_usd / self.requirements_usd


SHARED, UNSPECIFIED = "Multiple clusters/sectors (shared)", "Not specified"

# Plan clusters (the API's) where known, else the global clusters (the CSV export's).
CLUSTERS_SQL = f"""
WITH named AS (
  SELECT plan, amount_usd,
         CASE WHEN plan_clusters IS NOT NULL THEN string_split(plan_clusters, ';')
              WHEN clusters IS NOT NULL THEN string_split(clusters, ',')
              ELSE [] END AS names
  FROM fts_flows WHERE status IN {FUNDED} AND boundary = 'incoming' AND plan IS NOT NULL),
labelled AS (
  SELECT plan, amount_usd,
         CASE len(names) WHEN 0 THEN '{UNSPECIFIED}' WHEN 1 THEN trim(names[1])
              ELSE '{SHARED}' END AS cluster
  FROM named),
by_cluster AS (SELECT plan, cluster, sum(amount_usd) AS usd FROM labelled GROUP BY 1, 2)
SELECT r.plan, r.cluster, r.requirements_usd, r.funding_usd, COALESCE(b.usd, 0) AS flows_usd
FROM fts_requirements r
LEFT JOIN by_cluster b ON b.plan = r.plan AND lower(b.cluster) = lower(r.cluster)
WHERE r.cluster IS NOT NULL
ORDER BY r.plan, r.requirements_usd DESC NULLS LAST, r.cluster
"""


def cluster_funding(engine: Engine) -> list[ClusterFunding]:
    """Funding against requirements per cluster of every imported plan."""
    return [
        ClusterFunding(
            str(r["plan"]),
            str(r["cluster"]),
            None if r["requirements_usd"] is None else num(r["requirements_usd"]),
            None if r["funding_usd"] is None else num(r["funding_usd"]),
            num(r["flows_usd"]),
        )
        for r in rows(engine, CLUSTERS_SQL)
    ]
