"""The weekly money trail, last mile first: what each district's households received, what that
cost, and the transfers up the chain that paid for it.

Every household is served once in each four-week cycle: in cash districts a hawala agent pays
AFN 4,500 to the head of household; in in-kind districts the sub-partner hands over a month's
food basket bought from a local vendor. Upstream, each organisation passes on what the layer
below spent plus its support costs (sub-partner 12 %, partner 7 %, agency 8 %) — the shares
humanitarian budgets typically allow for indirect costs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from aidtrace.demo.context import START, Context, HouseholdRef
from aidtrace.demo.innocent_flows import TOP_UP_AFN, Surges
from aidtrace.demo.ledger import Book, Payment, week_label
from aidtrace.demo.market import CASH_TRANSFER_AFN, Market
from aidtrace.demo.payroll import PayrollPlan, pay_salaries
from aidtrace.demo.procurement import Procurement
from aidtrace.demo.programmes import Modality, Programme
from aidtrace.demo.truth import IdField, Plant, PlantKind

SUPPORT = {"sub_partner": 0.12, "partner": 0.07, "agency": 0.08}
HAWALA_FEE = 0.015
MISSED = 0.03  # a clean household misses its first hand-over now and then (sick, away, late list)


class Leak:
    """Skimming between two hops over a run of weeks in one district."""

    def __init__(self, hop: str, programme: int, weeks: range, share: float) -> None:
        self.hop, self.programme, self.weeks, self.share = hop, programme, weeks, share
        self.txns: list[str] = []
        self.distributions: list[str] = []
        self.sent = 0.0
        self.received = 0.0

    def active(self, hop: str, programme: int, week: int) -> bool:
        return hop == self.hop and programme == self.programme and week in self.weeks


class Flows:
    def __init__(
        self, ctx: Context, book: Book, market: Market, proc: Procurement, payroll: PayrollPlan
    ) -> None:
        self.ctx, self.book, self.market, self.proc, self.payroll = ctx, book, market, proc, payroll
        self.rng = ctx.rng("flows")
        self.served: dict[tuple[int, int], list[HouseholdRef]] = defaultdict(list)
        for ref in ctx.households:
            self.served[(ref.programme, ref.offset)].append(ref)
        self.leaks = self._plan_leaks()
        # staff are paid monthly out of the weekly grants: each grant carries its share of payroll
        self.payroll_week: dict[str, float] = defaultdict(float)
        for m in ctx.payroll.members:
            self.payroll_week[m.org_id] += m.salary * 12 / 52
        self.programmes_of = Counter(p.sub_partner for p in ctx.net.programmes)
        self.surges = Surges(ctx, len(ctx.net.programmes), {x.programme for x in self.leaks})

    def _plan_leaks(self) -> list[Leak]:
        progs = self.ctx.net.programmes
        cash = [p for p, prog in enumerate(progs) if prog.modality == Modality.CASH]
        start = self.rng.randrange(2, self.ctx.scale.weeks - 4)
        leaks = [
            Leak(
                "partner->sub_partner",
                self.rng.randrange(len(progs)),
                range(start, start + 4),
                self.rng.uniform(0.1, 0.2),
            )
        ]
        if cash:
            leaks.append(
                Leak(
                    "cash_agent->beneficiary",
                    self.rng.choice(cash),
                    range(start, start + 8),
                    self.rng.uniform(0.1, 0.2),
                )
            )
        return leaks

    def leak(self, hop: str, programme: int, week: int) -> Leak | None:
        return next((x for x in self.leaks if x.active(hop, programme, week)), None)

    def run(self) -> None:
        for week in range(self.ctx.scale.weeks):
            self.week(week)
            self.book.flush()
            self.ctx.progress("flows", week + 1, self.ctx.scale.weeks)
        for leak in self.leaks:
            self.ctx.plants.append(self._leak_plant(leak))
        self.surges.record()

    def week(self, week: int) -> None:
        monday = START + timedelta(days=7 * week)
        by_partner: dict[str, float] = defaultdict(float)
        for p, prog in enumerate(self.ctx.net.programmes):
            refs = [r for r in self.served.get((p, week % 4), []) if r.served_in(week)]
            topped = self.surges.households(p, week, self.served)
            if not refs and not topped:
                continue
            cost = self.serve(p, prog, week, monday, refs)
            if topped:
                cost += self.top_up(p, prog, week, monday, topped)
            by_partner[prog.partner] += self.fund_sub_partner(p, prog, week, monday, cost)
        self.fund_upwards(monday, by_partner)
        payday = next(
            (d for d in (monday + timedelta(days=i) for i in range(7)) if d.day == 25), None
        )
        if payday is not None:
            pay_salaries(
                self.ctx,
                self.book,
                self.payroll,
                payday - timedelta(days=1 if payday.weekday() == 4 else 0),
            )

    def reached(self, ref: HouseholdRef, week: int) -> bool:
        return not ref.ghost and not (week < 4 and self.rng.random() < MISSED)

    def serve(
        self, p: int, prog: Programme, week: int, monday: date, refs: list[HouseholdRef]
    ) -> float:
        """The week's ordinary round of one programme; its cost in US dollars."""
        if not refs:
            return 0.0
        if prog.modality == Modality.CASH:
            return self.cash(p, prog, week, monday, refs)
        return self.in_kind(p, prog, week, monday, refs)

    def top_up(
        self, p: int, prog: Programme, week: int, monday: date, refs: list[HouseholdRef]
    ) -> float:
        """A winter top-up round in cash (an innocent surge); its records go to the truth."""
        txns, hand_overs = len(self.book.week), len(self.book.hand_overs)
        cost = self.cash(p, prog, week, monday, refs, TOP_UP_AFN)
        new_txns = [x.txn_id for x in self.book.week[txns:]]
        self.surges.note(p, new_txns, [row[0] for _, row in self.book.hand_overs[hand_overs:]])
        return cost

    def cash(
        self,
        p: int,
        prog: Programme,
        week: int,
        monday: date,
        refs: list[HouseholdRef],
        afn: float = CASH_TRANSFER_AFN,
    ) -> float:
        day = monday + timedelta(days=2)
        agent = self.ctx.net.cash_agents[prog.district.province_code]
        rate = self.market.rate(day)
        leak = self.leak("cash_agent->beneficiary", p, week)
        paid_afn = 0.0
        for ref in refs:
            reached = self.reached(ref, week)
            value = afn * rate
            if reached or ref.ghost:
                pay = Payment(
                    self.book.txn_id(),
                    day,
                    week_label(day),
                    agent,
                    afn,
                    "AFN",
                    "cash_transfer",
                    payee_person=ref.head_id,
                    district=prog.district.code,
                )
                self.book.pay(pay)
                paid_afn += afn
            got = value * (1 - leak.share) if leak and reached else value
            dist = self.book.hand_over(
                day,
                prog.sub_partner,
                ref.household_id,
                prog.district.code,
                "cash",
                afn,
                round(got, 2),
                reached,
            )
            if leak and reached:
                leak.txns.append(pay.txn_id)
                leak.distributions.append(dist)
                leak.sent += round(value, 2)
                leak.received += round(got, 2)
        send_day = monday + timedelta(days=1)
        usd = round(paid_afn * self.market.rate(send_day) * (1 + HAWALA_FEE), 2)
        approver = self._approver(prog.sub_partner, usd)
        self.book.pay(
            Payment(
                self.book.txn_id(),
                send_day,
                week_label(send_day),
                prog.sub_partner,
                usd,
                "USD",
                "cash_transfer",
                agent,
                approved_by=approver,
                district=prog.district.code,
            )
        )
        return usd

    def in_kind(
        self, p: int, prog: Programme, week: int, monday: date, refs: list[HouseholdRef]
    ) -> float:
        cost = self.proc.buy(self.book, p, prog, week, monday + timedelta(days=1), len(refs))
        day = monday + timedelta(days=3)
        value = self.market.basket_afn(prog.district.province_code, day) * self.market.rate(day)
        for ref in refs:
            self.book.hand_over(
                day,
                prog.sub_partner,
                ref.household_id,
                prog.district.code,
                "food_basket",
                1,
                round(value, 2),
                self.reached(ref, week),
            )
        return cost

    def _approver(self, org: str, usd: float) -> str:
        post = "project_manager" if usd >= 7000 else "finance_officer"
        return self.ctx.payroll.of_org(org, post)[0].staff_id

    def fund_sub_partner(
        self, p: int, prog: Programme, week: int, monday: date, cost: float
    ) -> float:
        staff = self.payroll_week[prog.sub_partner] / self.programmes_of[prog.sub_partner]
        amount = round(cost * (1 + SUPPORT["sub_partner"]) + staff, 2)
        leak = self.leak("partner->sub_partner", p, week)
        received = round(amount * (1 - leak.share), 2) if leak else amount
        finance = self.ctx.payroll.of_org(prog.partner, "finance_manager")[0].staff_id
        pay = Payment(
            self.book.txn_id(),
            monday,
            week_label(monday),
            prog.partner,
            amount,
            "USD",
            "grant",
            prog.sub_partner,
            approved_by=finance,
            district=prog.district.code,
        )
        self.book.pay(pay, received=received)
        if leak:
            leak.txns.append(pay.txn_id)
            leak.sent += amount
            leak.received += received
        return amount

    def fund_upwards(self, monday: date, by_partner: dict[str, float]) -> None:
        orgs = self.ctx.net.orgs
        by_agency: dict[str, float] = defaultdict(float)
        for partner, spent in sorted(by_partner.items()):
            amount = round(spent * (1 + SUPPORT["partner"]) + self.payroll_week[partner], 2)
            agency = orgs[partner].parent_org_id
            self.book.pay(
                Payment(
                    self.book.txn_id(),
                    monday,
                    week_label(monday),
                    agency,
                    amount,
                    "USD",
                    "grant",
                    partner,
                )
            )
            by_agency[agency] += amount
        for agency, spent in sorted(by_agency.items()):
            total = spent * (1 + SUPPORT["agency"])
            for donor, share in self.ctx.net.donor_shares[agency]:
                self.book.pay(
                    Payment(
                        self.book.txn_id(),
                        monday,
                        week_label(monday),
                        donor,
                        round(total * share, 2),
                        "USD",
                        "contribution",
                        agency,
                    )
                )

    def _leak_plant(self, leak: Leak) -> Plant:
        prog = self.ctx.net.programmes[leak.programme]
        payer = (
            prog.partner
            if leak.hop.startswith("partner")
            else self.ctx.net.cash_agents[prog.district.province_code]
        )
        payee = prog.sub_partner if leak.hop.startswith("partner") else ""
        ids = {
            IdField.TXN: tuple(leak.txns),
            IdField.DISTRICT: (prog.district.code,),
            IdField.ORG: tuple(x for x in (payer, payee) if x),
            IdField.DISTRIBUTION: tuple(leak.distributions),
        }
        weeks = [week_label(START + timedelta(days=7 * w)) for w in leak.weeks]
        detail = {
            "hop": leak.hop,
            "weeks": weeks,
            "share": round(leak.share, 3),
            "sent_usd": round(leak.sent, 2),
            "received_usd": round(leak.received, 2),
        }
        return Plant(PlantKind.LEAKAGE, ids, detail)


def run_flows(
    ctx: Context, book: Book, market: Market, proc: Procurement, payroll: PayrollPlan
) -> None:
    Flows(ctx, book, market, proc, payroll).run()


__all__ = ["Flows", "run_flows"]
