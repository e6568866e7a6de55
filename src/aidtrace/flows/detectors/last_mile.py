"""Last-mile shortfalls as rows, and the procurement findings that explain them.

The method is the last-mile reading of :mod:`aidtrace.flows.detectors.leakage`: an organisation
whose hand-overs reached people for a far smaller share of what it spent on aid (payments to
vendors, cash agents and people, running costs left out) than its peers'. It sits apart so that
the procurement monitors (split payments, overpriced vendors, duplicate invoices) can read the
same shortfalls: money paid for a purchase cut in parts, for goods above the market price or for
a bill paid twice reaches nobody, so it shows as a last-mile shortfall of the payer too. One
cause, one alert: a shortfall that the payer's procurement findings explain (without their
money the payer would not stand out) is evidence in those findings' alerts; one that its
hand-overs recorded but never seen reaching people explain is the ghost and hand-over monitors'
finding; only a shortfall nothing explains is a leakage alert of its own.

The bar is robust and relative (median − max(``min_excess``, ``robust_z`` × spread)); the spread
never falls under the other peers' mean deviation (:func:`spreads`), so peers that bunch do not
make it vanishingly narrow.

The procurement monitors register what they find here (:func:`explains`) when they are
imported, so that this module needs none of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace

import pyarrow as pa

from aidtrace.alerts.evidence import ExplainedLastMileEvidence, LastMileEvidence
from aidtrace.flows.detectors.base import num, rows, usd
from aidtrace.flows.graph import nodes_sql
from aidtrace.flows.payments import ensure_payments, journal_marker
from aidtrace.flows.stats import median
from aidtrace.monitors import RunContext
from aidtrace.store.engine import Engine

ROLES = ("un_agency", "partner", "sub_partner")
# Normal-consistency factors: σ ≈ 1.4826 × MAD ≈ √(π/2) × mean absolute deviation.
MAD_SIGMA = 1.4826
MEAN_AD_SIGMA = math.sqrt(math.pi / 2)


@dataclass(frozen=True)
class Thresholds:
    min_excess: float = 0.10
    robust_z: float = 4.0
    min_received_usd: float = 1000.0


@dataclass(frozen=True)
class Finding:
    """Money a procurement finding says did not buy what reached people, at one payer."""

    kind: str  # the alert kind that raises it
    key: str  # which alert of that kind (its identity key)
    payer: str
    usd: float


@dataclass(frozen=True)
class Shortfall:
    """One organisation's last mile against its peers'."""

    org_id: str
    spent_usd: float
    delivered_usd: float
    not_reached_usd: float
    peer_median_share: float
    bar: float  # how far under the median a share must sit to stand out
    explained_by: tuple[Finding, ...] = ()  # the payer's findings whose money makes it short

    @property
    def share(self) -> float:
        return self.delivered_usd / max(self.spent_usd, 1.0)

    def short_without(self, usd: float, unseen: float = 0.0) -> bool:
        """Whether it would still stand out had ``usd`` of its spending not been paid, and
        ``unseen`` of its hand-overs been seen reaching people."""
        share = (self.delivered_usd + unseen) / max(self.spent_usd - usd, 1.0)
        return share < self.peer_median_share - self.bar


Finder = Callable[[RunContext], Iterable[Finding]]
_FINDERS: dict[str, Finder] = {}


def explains(kind: str, finder: Finder) -> Finder:
    """Register a procurement monitor's findings (by alert kind) as possible explanations."""
    _FINDERS[kind] = finder
    return finder


def mad_sigma(values: list[float]) -> float:
    """The peers' spread as a standard deviation, 1.4826 × the median absolute deviation."""
    mid = median(values)
    return MAD_SIGMA * median([abs(v - mid) for v in values])


def spreads(values: list[float]) -> list[float]:
    """The spread each value is judged against, as a standard deviation: the peers' 1.4826 ×
    MAD, but never less than √(π/2) × the mean absolute deviation from the median of the
    *other* peers. When most peers bunch, the MAD shrinks towards nothing while the rest of the
    population still varies; the mean deviation counts every peer, so the bar keeps the width
    the population shows — without the value being judged, which would otherwise widen its
    own bar."""
    mid = median(values)
    deviations = [abs(v - mid) for v in values]
    mad, total, others = mad_sigma(values), sum(deviations), max(len(values) - 1, 1)
    return [max(mad, MEAN_AD_SIGMA * (total - d) / others) for d in deviations]


def robust_bar(values: list[float], min_excess: float, robust_z: float) -> tuple[float, float]:
    """The peers' median and how far from it a share must be to stand out (MAD only)."""
    return median(values), max(min_excess, robust_z * mad_sigma(values))


def nodes(ctx: RunContext, min_received_usd: float) -> list[dict[str, object]]:
    """The intermediaries that received at least ``min_received_usd``."""
    engine = ctx.workspace.engine
    return [
        n
        for n in rows(engine, nodes_sql(ensure_payments(engine)))
        if n["role"] in ROLES and num(n["received_usd"]) >= min_received_usd
    ]


def shortfalls(
    found: list[dict[str, object]], procured: list[Finding], t: Thresholds
) -> list[Shortfall]:
    """The organisations (rows of :func:`nodes`) whose hand-overs reached people for a share
    of their aid spending that sits more than the bar under their peers' median, each with the
    procurement findings at it (``procured``) when, without their money, it would not.

    The peers' median and spread are read on ordinary spending: each organisation's share
    without the money its findings account for, so that a few planted-looking purchases
    neither move the median nor widen the bar for everyone else."""
    handing = [n for n in found if num(n["delivered_usd"]) + num(n["not_reached_usd"]) > 0]
    if len(handing) < 3:
        return []
    at: dict[str, list[Finding]] = {}
    for f in procured:
        at.setdefault(f.payer, []).append(f)
    spent = [max(num(n["aid_spent_usd"]), 1.0) for n in handing]
    delivered = [num(n["delivered_usd"]) for n in handing]
    unseen = [num(n["not_reached_usd"]) for n in handing]
    found_usd = [sum(f.usd for f in at.get(str(n["org_id"]), [])) for n in handing]
    ordinary = [
        _ordinary(d + nr, s, u)
        for d, nr, s, u in zip(delivered, unseen, spent, found_usd, strict=True)
    ]
    mid = median(ordinary)
    bars = [max(t.min_excess, t.robust_z * sigma) for sigma in spreads(ordinary)]
    short = []
    for n, d, nr, out, u, bar in zip(
        handing, delivered, unseen, spent, found_usd, bars, strict=True
    ):
        s = Shortfall(str(n["org_id"]), out, d, nr, mid, bar)
        if s.share >= mid - bar:
            continue
        # Hand-overs recorded but never seen reaching people are the hand-over monitors' finding
        # (ghost households, short hand-overs); money bought with nothing handed over is not.
        if s.short_without(u, nr):
            short.append(s)
        elif u:
            short.append(replace(s, explained_by=tuple(at[s.org_id])))
    return short


def _ordinary(handed: float, spent: float, found: float) -> float:
    """The share handed over of what was spent without the findings' money: never above
    everything handed over because the findings' money was taken out (a finding may count more
    than the goods it spoiled), though an organisation handing over more than it spent keeps
    its own ratio."""
    return handed / max(spent - found, min(spent, handed), 1.0)


def txn_key(found: Mapping[str, object]) -> str:
    """A finding's identity key from the payments it is made of (its ``txns``)."""
    txns = found["txns"]
    return ",".join(sorted(str(x) for x in txns) if isinstance(txns, list) else [])


def findings(ctx: RunContext) -> list[Finding]:
    """Every registered procurement finding, in a fixed order.

    The leakage monitor and the three procurement monitors of one run all read them, so they
    are worked out once and kept in the engine's session until the next import, as the prepared
    payments table they are read from is (:func:`aidtrace.flows.payments.ensure_payments`)."""
    engine = ctx.workspace.engine
    marker = journal_marker(engine)
    kept = _kept(engine, marker)
    if kept is not None:
        return kept
    found = [f for kind in sorted(_FINDERS) for f in _FINDERS[kind](ctx)]
    found.sort(key=lambda f: (f.payer, f.kind, f.key))
    _keep(engine, marker, found)
    return found


# The session's kept findings, and the import journal they were worked out on.
_KEPT = "__last_mile_findings"
_KEPT_MARKER = "__last_mile_findings_marker"
_FINDING_SCHEMA = pa.schema(
    [("position", pa.int64()), ("kind", pa.string()), ("key", pa.string()),
     ("payer", pa.string()), ("usd", pa.float64())]
)  # fmt: skip


def _kept(engine: Engine, marker: str) -> list[Finding] | None:
    """The findings kept for this import journal, or ``None`` if there are none yet."""
    if not engine.has_table(_KEPT_MARKER):
        return None
    kept = rows(engine, f"SELECT marker, findings FROM {_KEPT_MARKER}")
    if not kept or kept[0]["marker"] != marker:
        return None
    if not kept[0]["findings"]:
        return []
    found = rows(engine, f"SELECT kind, key, payer, usd FROM {_KEPT} ORDER BY position")
    return [Finding(str(f["kind"]), str(f["key"]), str(f["payer"]), num(f["usd"])) for f in found]


def _keep(engine: Engine, marker: str, found: list[Finding]) -> None:
    if found:
        table = pa.Table.from_pylist(
            [{"position": n, **asdict(f)} for n, f in enumerate(found)], schema=_FINDING_SCHEMA
        )
        engine.register(_KEPT, table)
    engine.register(_KEPT_MARKER, pa.table({"marker": [marker], "findings": [len(found)]}))


def carried(ctx: RunContext, kind: str) -> dict[str, list[ExplainedLastMileEvidence]]:
    """For the monitor raising ``kind``: the shortfalls its alerts carry as evidence, by the
    identity key of the alert (a finding among those that explain a shortfall). The peer bar
    is the default one of the leakage monitor (``flows.retention``)."""
    t = Thresholds()
    found = nodes(ctx, t.min_received_usd)
    out: dict[str, list[ExplainedLastMileEvidence]] = {}
    for s in shortfalls(found, findings(ctx), t) if found else []:
        for f in s.explained_by:
            if f.kind == kind:
                out.setdefault(f.key, []).append(explained_evidence(s))
    return out


def explained_evidence(s: Shortfall) -> ExplainedLastMileEvidence:
    """A shortfall as evidence in a finding's alert: whose, how much, and which kinds of
    finding explain it."""
    return ExplainedLastMileEvidence(
        {
            **evidence(s),
            "payer": s.org_id,
            "shortfall_usd": round(max(s.spent_usd - s.delivered_usd, 0.0), 2),
            "explained_by": sorted({f.kind for f in s.explained_by}),
        }
    )


def evidence(s: Shortfall) -> LastMileEvidence:
    """A shortfall as evidence: what was spent on aid, what reached people, and the peers."""
    return LastMileEvidence(
        {
            "spent_usd": round(s.spent_usd, 2),
            "delivered_usd": round(s.delivered_usd, 2),
            "not_reached_usd": round(s.not_reached_usd, 2),
            "delivered_share": round(s.share, 4),
            "peer_median_share": round(s.peer_median_share, 4),
        }
    )


def sentence(short: list[ExplainedLastMileEvidence]) -> str:
    """The shortfalls a finding explains, for its alert's summary (after a "; ")."""
    return "".join(
        f"; {s['payer']}'s hand-overs reached people for {100 * s['delivered_share']:.0f}% of "
        f"what it spent on aid (peers {100 * s['peer_median_share']:.0f}%), "
        f"{usd(s['shortfall_usd'])} not reaching people"
        for s in short
    )
