"""Vendor invoices for in-kind food, and the procurement fraud planted among them.

Clean invoices are quantity × unit price at a few per cent over the market price, so their
amounts are never round; anything at or above the approval threshold is approved by the
sub-partner's project manager, anything below by the procurement officer who manages the vendor.
Planted: payments split to stay under the threshold, round lump sums for "transport", invoices
paid twice, a vendor charging half again over market, and one officer who manages most of a
province's vendors and approves their payments.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from aidtrace.demo import organisations as o
from aidtrace.demo.context import Context
from aidtrace.demo.ledger import Book, Payment, week_label
from aidtrace.demo.market import BASKET, BASKET_KG, Market
from aidtrace.demo.programmes import Modality, Programme
from aidtrace.demo.truth import IdField, Plant, PlantKind

THRESHOLD_AFN = 500_000.0
ROUND_SUMS = (150_000.0, 200_000.0, 250_000.0, 300_000.0, 400_000.0)


@dataclass
class Procurement:
    ctx: Context
    market: Market
    rng: random.Random
    overpriced: set[str] = field(default_factory=set)
    favoured: list[str] = field(default_factory=list)  # vendors of the concentrating official
    official: str = ""
    split_at: set[tuple[int, int]] = field(default_factory=set)
    round_at: set[tuple[int, int]] = field(default_factory=set)
    dup_weeks: list[int] = field(default_factory=list)
    invoices: dict[str, int] = field(default_factory=dict)
    recent: list[Payment] = field(default_factory=list)
    markup: dict[str, float] = field(default_factory=dict)
    found: dict[str, list[Payment]] = field(default_factory=dict)
    haul: float = field(default=0.0)

    def invoice_no(self, vendor: str) -> str:
        self.invoices[vendor] = self.invoices.get(vendor, 0) + 1
        return f"INV-{vendor[4:]}-{self.invoices[vendor]:05d}"

    def approver(self, prog: Programme, vendor: str, amount: float) -> str:
        if amount >= THRESHOLD_AFN:
            return self.ctx.payroll.of_org(prog.sub_partner, "project_manager")[0].staff_id
        return self.ctx.net.orgs[vendor].official_id

    def vendor_for(self, p: int, prog: Programme, week: int) -> str:
        if (
            self.favoured
            and prog.district.province_code == self.ctx.net.orgs[self.favoured[0]].province_code
        ):
            return self.favoured[(p + week) % len(self.favoured)]
        vendors = self.ctx.net.vendors[prog.district.province_code]
        return vendors[(p + week) % len(vendors)]

    def buy(
        self, book: Book, p: int, prog: Programme, week: int, day: date, households: int
    ) -> float:
        """The week's food for ``households`` in one district; returns its cost in US dollars."""
        vendor = self.vendor_for(p, prog, week)
        cost = 0.0
        for item, per_household in BASKET.items():
            unit = round(
                self.market.price(prog.district.province_code, day, item) * self.markup[vendor], 2
            )
            cost += self._invoice(book, prog, vendor, day, item, per_household * households, unit)
        tonnes = round(households * BASKET_KG / 1000, 3)
        per_tonne = 2500 + 137.0 * (
            int(prog.district.code[-2:]) % 40
        )  # farther districts cost more
        cost += self._invoice(book, prog, vendor, day, "transport", tonnes, per_tonne)
        if (p, week) in self.split_at:
            cost += self._split(book, prog, vendor, day)
        if (p, week) in self.round_at:
            cost += self._round(book, prog, vendor, day)
        if week in self.dup_weeks and self.recent:
            self.dup_weeks.remove(week)  # one invoice paid twice in each chosen week
            cost += self._repay(book, self.recent.pop(0), day)
        return cost

    def _invoice(
        self,
        book: Book,
        prog: Programme,
        vendor: str,
        day: date,
        item: str,
        qty: float,
        unit: float,
    ) -> float:
        amount = round(qty * unit, 2)
        pay = Payment(
            book.txn_id(),
            day,
            week_label(day),
            prog.sub_partner,
            amount,
            "AFN",
            "food_in_kind",
            vendor,
            "",
            self.invoice_no(vendor),
            self.approver(prog, vendor, amount),
            prog.district.code,
            item,
            qty,
            unit,
        )
        book.pay(pay)
        self.found.setdefault(vendor, []).append(pay)
        if item != "transport" and len(self.recent) < 50 and self.rng.random() < 0.05:
            self.recent.append(pay)
        return amount * self.market.rate(day)

    def _split(self, book: Book, prog: Programme, vendor: str, day: date) -> float:
        unit = round(
            self.market.price(prog.district.province_code, day, "wheat_flour")
            * self.markup[vendor],
            2,
        )
        total = THRESHOLD_AFN * self.rng.uniform(2.2, 3.8)
        parts = math.ceil(total / (0.93 * THRESHOLD_AFN))
        qty = (
            round(total / parts / unit / 50) * 50
        )  # whole 50 kg bags, each part under the threshold
        made = []
        for k in range(parts):
            when = day + timedelta(days=k + (1 if (day + timedelta(days=k)).weekday() == 4 else 0))
            amount = round(qty * unit, 2)
            pay = Payment(
                book.txn_id(),
                when,
                week_label(day),
                prog.sub_partner,
                amount,
                "AFN",
                "food_in_kind",
                vendor,
                "",
                self.invoice_no(vendor),
                self.ctx.net.orgs[vendor].official_id,
                prog.district.code,
                "wheat_flour",
                qty,
                unit,
            )
            made.append(book.pay(pay))
        detail = {
            "vendor": vendor,
            "threshold_afn": THRESHOLD_AFN,
            "total_afn": round(qty * unit * parts, 2),
            "parts": parts,
            "approved_by": made[0].approved_by,
        }
        ids = {IdField.TXN: tuple(m.txn_id for m in made), IdField.ORG: (vendor,)}
        self.ctx.plants.append(Plant(PlantKind.SPLIT_PAYMENT, ids, detail))
        return qty * unit * parts * self.market.rate(day)

    def _round(self, book: Book, prog: Programme, vendor: str, day: date) -> float:
        amount = self.rng.choice(ROUND_SUMS)
        pay = Payment(
            book.txn_id(),
            day + timedelta(days=1),
            week_label(day),
            prog.sub_partner,
            amount,
            "AFN",
            "logistics",
            vendor,
            "",
            self.invoice_no(vendor),
            self.approver(prog, vendor, amount),
            prog.district.code,
            "transport",
        )
        book.pay(pay)
        ids = {IdField.TXN: (pay.txn_id,), IdField.ORG: (vendor,)}
        self.ctx.plants.append(Plant(PlantKind.ROUND_PAYMENT, ids, {"amount_afn": amount}))
        return amount * self.market.rate(day)

    def _repay(self, book: Book, original: Payment, day: date) -> float:
        again = Payment(
            book.txn_id(),
            day + timedelta(days=3),
            week_label(day),
            original.payer,
            original.amount,
            original.currency,
            original.purpose,
            original.payee_org,
            "",
            original.invoice_no,
            original.approved_by,
            original.district,
            original.item,
            original.quantity,
            original.unit_price,
        )
        book.pay(again)
        ids = {IdField.TXN: (original.txn_id, again.txn_id), IdField.ORG: (original.payee_org,)}
        detail = {"invoice_no": original.invoice_no, "amount_afn": original.amount}
        self.ctx.plants.append(Plant(PlantKind.DUPLICATE_INVOICE, ids, detail))
        return original.amount * self.market.rate(day)


def plan_procurement(ctx: Context, market: Market) -> Procurement:
    """Assign vendor officials, pick the planted cases, and return the buyer for the weeks."""
    rng = ctx.rng("procurement")
    proc = Procurement(ctx, market, rng)
    _officials(ctx, proc, rng)
    vendors = sorted(v for vs in ctx.net.vendors.values() for v in vs)
    proc.markup = {v: rng.uniform(0.97, 1.08) for v in vendors}
    in_kind = [p for p, prog in enumerate(ctx.net.programmes) if prog.modality == Modality.IN_KIND]
    if not in_kind:
        return proc
    # only a vendor that receives orders can overcharge for them: in the concentrating
    # official's province the orders go to the official's own vendors, not the others
    ordering = ordering_vendors(proc, in_kind)
    clean = [v for v in vendors if v in ordering and v not in proc.favoured]
    # none when every in-kind district lies in that province: nothing else is bought
    for v in rng.sample(clean, min(len(clean), max(1, len(clean) // 60))):
        proc.markup[v] = rng.uniform(1.45, 1.9)
        proc.overpriced.add(v)
    weeks = ctx.scale.weeks
    slots = [(p, w) for p in in_kind for w in range(weeks) if w % 4 == 0]
    n = max(3, len(in_kind) * weeks // 160)
    picked = rng.sample(slots, min(len(slots), 2 * n))
    proc.split_at, proc.round_at = set(picked[:n]), set(picked[n:])
    proc.dup_weeks = sorted(rng.sample(range(2, weeks), min(weeks - 2, n)))
    return proc


def ordering_vendors(proc: Procurement, in_kind: list[int]) -> set[str]:
    """The vendors that :meth:`Procurement.vendor_for` gives an order to in some week."""
    progs, weeks = proc.ctx.net.programmes, proc.ctx.scale.weeks
    return {proc.vendor_for(p, progs[p], w) for p in in_kind for w in range(weeks)}


def _officials(ctx: Context, proc: Procurement, rng: random.Random) -> None:
    net = ctx.net
    for province, vendor_ids in sorted(net.vendors.items()):
        subs = sorted(
            s.org_id for s in net.of_role(o.Role.SUB_PARTNER) if s.province_code == province
        )
        officers = [m.staff_id for s in subs for m in ctx.payroll.of_org(s, "procurement_officer")]
        for i, v in enumerate(vendor_ids):
            net.orgs[v] = o.with_official(net.orgs[v], officers[i % len(officers)])
        finance = ctx.payroll.of_org(subs[0], "finance_officer")[0].staff_id
        net.orgs[net.cash_agents[province]] = o.with_official(
            net.orgs[net.cash_agents[province]], finance
        )
    _concentrate(ctx, proc, rng)


def _concentrate(ctx: Context, proc: Procurement, rng: random.Random) -> None:
    in_kind = sorted({p.sub_partner for p in ctx.net.programmes if p.modality == Modality.IN_KIND})
    if not in_kind:
        return
    sub = ctx.net.orgs[rng.choice(in_kind)]
    officer = ctx.payroll.of_org(sub.org_id, "procurement_officer")[0].staff_id
    province = sub.province_code
    pool = ctx.pool
    extra = []
    for _ in range(4):
        g = pool.male[pool.male_name(rng)]
        index = sum(1 for x in ctx.net.orgs.values() if x.role is o.Role.VENDOR)
        org = o.with_official(o.vendor(rng, index, g.latin[0], g.fa, province), officer)
        ctx.net.orgs[org.org_id] = org
        extra.append(org.org_id)
    for v in ctx.net.vendors[province]:
        ctx.net.orgs[v] = o.with_official(ctx.net.orgs[v], officer)
    ctx.net.vendors[province] = ctx.net.vendors[province] + extra
    proc.favoured, proc.official = extra, officer


def procurement_plants(proc: Procurement) -> list[Plant]:
    """The plants whose evidence is the whole quarter's invoices: overpricing and concentration."""
    plants = []
    for v in sorted(proc.overpriced):
        txns = tuple(p.txn_id for p in proc.found.get(v, ()) if p.item in BASKET)
        detail = {"markup": round(proc.markup[v], 3), "clean_markup_range": [0.97, 1.08]}
        plants.append(
            Plant(PlantKind.OVERPRICED_VENDOR, {IdField.ORG: (v,), IdField.TXN: txns}, detail)
        )
    if proc.official:
        vendors = tuple(
            sorted(k for k, org in proc.ctx.net.orgs.items() if org.official_id == proc.official)
        )
        txns = tuple(
            p.txn_id
            for v in vendors
            for p in proc.found.get(v, ())
            if p.approved_by == proc.official
        )
        ids = {IdField.STAFF: (proc.official,), IdField.ORG: vendors, IdField.TXN: txns}
        plants.append(Plant(PlantKind.VENDOR_CONCENTRATION, ids, {"vendors": len(vendors)}))
    return plants
