"""``generate``: make one whole scenario — files and ground truth — from a seed and a scale.

Order matters only where one part reads another: the network and payroll first, then the
households (flows pay them), then the weekly flows (they need every household), and the files
that describe organisations last (planting renames some of them). Each concept draws from its own
random stream, so the same seed always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from aidtrace.demo.context import START, Context
from aidtrace.demo.flows import run_flows
from aidtrace.demo.geography import build_districts
from aidtrace.demo.households import Counters
from aidtrace.demo.iati import write_iati
from aidtrace.demo.innocent_flows import Reporting
from aidtrace.demo.innocent_vendors import name_vendors_alike
from aidtrace.demo.ledger import Book
from aidtrace.demo.market import Market, build_market, write_market
from aidtrace.demo.names import NamePool
from aidtrace.demo.need import Caseload, caseload
from aidtrace.demo.noise import DEFAULT_NOISE, Noise, noise_level
from aidtrace.demo.payroll import PayrollPlan, pad_payroll, write_payroll
from aidtrace.demo.plant_orgs import plant_skew, plant_suppliers
from aidtrace.demo.procurement import Procurement, plan_procurement, procurement_plants
from aidtrace.demo.programmes import build_network, planned_usd, scale_need
from aidtrace.demo.register import register_households
from aidtrace.demo.scale import Scale, parse_scale, stream
from aidtrace.demo.staff import build_payroll
from aidtrace.demo.synthetic_list import Births
from aidtrace.demo.truth import GroundTruth, write_ground_truth
from aidtrace.demo.watchlist import prepare_watchlist
from aidtrace.demo.writers import (
    DISTRIBUTIONS,
    FX,
    GEOGRAPHY,
    LEDGER,
    ORGANISATIONS,
    PRICES,
    HxlWriter,
    money,
)
from aidtrace.progress import Progress, no_progress


@dataclass(frozen=True)
class Scenario:
    """What was generated, where, and the ground truth to score detection against."""

    out_dir: Path
    seed: int
    scale: Scale
    households: int
    beneficiaries: int
    weeks: int
    donor_usd: float  # everything donors paid in, over all weeks
    files: dict[str, int]  # file name → data rows (or transactions, or entries)
    truth: GroundTruth
    watchlist: Path  # the list the planted parties imitate, copied into the scenario
    need_source: str = ""  # where the people in need come from (published caseload or estimate)

    @property
    def weekly_usd(self) -> float:
        return self.donor_usd / self.weeks


def _geography(path: Path, ctx: Context, market: Market) -> int:
    planned = planned_usd(ctx.net, market, START, ctx.scale.weeks)
    with HxlWriter(path, GEOGRAPHY) as out:
        for d in ctx.districts:
            plan = money(planned[d.code]) if d.code in planned else ""  # not served: no plan
            out.write(
                (
                    d.province,
                    d.province_code,
                    d.name,
                    d.code,
                    d.population,
                    d.ipc_phase,
                    d.people_in_need,
                    plan,
                )
            )
        return out.rows


def _organisations(path: Path, ctx: Context) -> int:
    with HxlWriter(path, ORGANISATIONS) as out:
        out.write_all(org.row() for _, org in sorted(ctx.net.orgs.items()))
        return out.rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_context(
    out_dir: Path,
    seed: int,
    scale: Scale,
    watchlist: Path | None,
    progress: Progress,
    noise: Noise,
    need: Caseload,
) -> tuple[Context, str, Path]:
    pool = NamePool()
    roots = [n.latin[0] for n in pool.male if " " not in n.latin[0]]
    districts = build_districts(stream(seed, "geography"), roots, need.districts)
    net = build_network(stream(seed, "network"), districts, scale, pool)
    districts = scale_need(net, districts, scale, need.targeted_share)
    counters = Counters()
    payroll = build_payroll(stream(seed, "staff"), net, pool, counters.ids)
    births = Births(stream(seed, "watchlist-births"), districts)
    listed, source, target = prepare_watchlist(
        out_dir, watchlist, stream(seed, "watchlist"), pool, births
    )
    ctx = Context(
        seed, scale, out_dir, progress, pool, districts, net, payroll, counters, listed, noise
    )
    return ctx, source, target


def _flows(
    ctx: Context, market: Market, proc: Procurement, plan: PayrollPlan
) -> tuple[Book, dict[str, int]]:
    out = ctx.out_dir
    with (
        HxlWriter(out / "ledger.csv", LEDGER) as ledger,
        HxlWriter(out / "distributions.csv", DISTRIBUTIONS) as dist,
    ):
        reporting = Reporting(ctx.noise, ctx.rng("noise-reports"), ctx.innocent)
        book = Book(ledger, dist, reporting)
        run_flows(ctx, book, market, proc, plan)
    return book, {"ledger.csv": ledger.rows, "distributions.csv": dist.rows}


def _reference_files(ctx: Context, market: Market, book: Book, plan: PayrollPlan) -> dict[str, int]:
    out = ctx.out_dir
    write_payroll(ctx, plan)
    files = {"staff.csv": len(ctx.payroll.members)}
    files["organisations.csv"] = _organisations(out / "organisations.csv", ctx)
    files["geography.csv"] = _geography(out / "geography.csv", ctx, market)
    with HxlWriter(out / "prices.csv", PRICES) as prices, HxlWriter(out / "fx.csv", FX) as fx:
        write_market(market, prices, fx)
        files |= {"prices.csv": prices.rows, "fx.csv": fx.rows}
    files["iati.xml"] = write_iati(out / "iati.xml", book.iati, ctx.net.orgs, START)
    return files


def generate(
    out_dir: Path | str,
    seed: int = 1,
    scale: Scale | str = "small",
    watchlist: Path | str | None = None,
    progress: Progress = no_progress,
    *,
    noise: int | Noise = DEFAULT_NOISE,
    need_data: Path | str | None = None,
) -> Scenario:
    """Write a whole scenario into ``out_dir`` (created if missing) and return its summary.

    ``noise``: 0 a clean register, 1 as messy as a real one (the default), 2 harsh; see
    :mod:`aidtrace.demo.noise`. ``need_data``: the published caseload file, or a folder holding
    ``hno/`` (default: found as :func:`aidtrace.demo.need.find_caseload` says; without one the
    committed estimate is used, and :attr:`Scenario.need_source` says so).
    """
    out = Path(out_dir)
    rates = noise_level(noise)
    need = caseload(Path(need_data) if need_data else None)
    out.mkdir(parents=True, exist_ok=True)
    size = parse_scale(scale) if isinstance(scale, str) else scale
    ctx, source, listed = build_context(
        out, seed, size, Path(watchlist) if watchlist else None, progress, rates, need
    )
    plan = pad_payroll(ctx)
    market = build_market(ctx.rng("market"), START, size.weeks * 7)
    proc = plan_procurement(ctx, market)
    plant_suppliers(ctx)
    plant_skew(ctx)
    files = {"beneficiaries.csv": register_households(ctx)}
    book, flow_files = _flows(ctx, market, proc, plan)
    ctx.plants.extend(procurement_plants(proc))
    name_vendors_alike(ctx)
    files |= flow_files | _reference_files(ctx, market, book, plan)
    about_list = {"source": source, "file": listed.name, "sha256": _sha256(listed)}
    truth = GroundTruth(
        seed, size.label, about_list, tuple(ctx.plants), rates.level, tuple(ctx.innocent)
    )
    write_ground_truth(truth, out / "ground_truth.json")
    members, weeks = files["beneficiaries.csv"], size.weeks
    return Scenario(
        out,
        seed,
        size,
        len(ctx.households),
        members,
        weeks,
        round(book.total_usd, 2),
        files,
        truth,
        listed,
        need.source,
    )
