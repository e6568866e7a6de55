"""The payment ledger and the IATI trail it leaves, collected a week at a time.

Each hop's payment is one ledger row. Payments between organisations also become IATI
transactions: a disbursement (type 3) or expenditure (type 4) in the payer's activity and, when
the payee is itself an implementing organisation, incoming funds (type 1) in the payee's — the
payee's own account of what *arrived*, which is where skimming between hops shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aidtrace.demo.innocent_flows import Reporting
from aidtrace.demo.writers import HxlWriter, money

IMPLEMENTERS = ("DON", "AGY", "PRT", "SUB")


@dataclass(frozen=True)
class Payment:
    txn_id: str
    day: date
    week: str
    payer: str
    amount: float
    currency: str
    purpose: str
    payee_org: str = ""
    payee_person: str = ""
    invoice_no: str = ""
    approved_by: str = ""
    district: str = ""
    item: str = ""
    quantity: float | None = None
    unit_price: float | None = None

    def row(self) -> tuple[str, ...]:
        qty = "" if self.quantity is None else f"{self.quantity:g}"
        unit = "" if self.unit_price is None else money(self.unit_price)
        return (
            self.txn_id,
            self.day.isoformat(),
            self.week,
            self.payer,
            self.payee_org,
            self.payee_person,
            money(self.amount),
            self.currency,
            self.purpose,
            self.invoice_no,
            self.approved_by,
            self.district,
            self.item,
            qty,
            unit,
        )


@dataclass(frozen=True)
class IatiTxn:
    """One transaction as one organisation's IATI activity reports it."""

    reporter: str
    kind: int  # 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure
    day: date
    value: float
    currency: str
    provider: str
    receiver: str
    ref: str
    district: str


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class Book:
    """Numbers payments and hand-overs, buffers a week of them, writes them in date order."""

    def __init__(
        self, ledger: HxlWriter, distributions: HxlWriter, reporting: Reporting | None = None
    ) -> None:
        self.ledger = ledger
        self.distributions = distributions
        self.reporting = reporting
        self.week: list[Payment] = []
        self.hand_overs: list[tuple[date, tuple[str, ...]]] = []
        self.iati: list[IatiTxn] = []
        self._txn = 0
        self._dist = 0
        self.total_usd = 0.0

    def txn_id(self) -> str:
        self._txn += 1
        return f"T{self._txn:08d}"

    def pay(self, payment: Payment, received: float | None = None) -> Payment:
        self.week.append(payment)
        if payment.payee_org and payment.payer[:3] in IMPLEMENTERS:
            self._trail(payment, payment.amount if received is None else received)
        return payment

    def _trail(self, p: Payment, received: float) -> None:
        kind = 3 if p.payee_org[:3] in IMPLEMENTERS else 4
        self.iati.append(
            IatiTxn(
                p.payer,
                kind,
                p.day,
                p.amount,
                p.currency,
                p.payer,
                p.payee_org,
                p.txn_id,
                p.district,
            )
        )
        if kind != 3:
            return
        reports = [(p.day, round(received, 2))]
        if self.reporting is not None:
            whole = round(received, 2) == round(p.amount, 2)
            reports = self.reporting.incoming(p.txn_id, p.day, received, whole)
        for day, value in reports:
            self.iati.append(
                IatiTxn(
                    p.payee_org,
                    1,
                    day,
                    value,
                    p.currency,
                    p.payer,
                    p.payee_org,
                    p.txn_id,
                    p.district,
                )
            )

    def hand_over(
        self,
        day: date,
        partner: str,
        household: str,
        district: str,
        item: str,
        quantity: float,
        value_usd: float,
        reached: bool,
    ) -> str:
        self._dist += 1
        dist_id = f"D{self._dist:09d}"
        row = (
            dist_id,
            day.isoformat(),
            week_label(day),
            partner,
            household,
            district,
            item,
            f"{quantity:g}",
            money(value_usd),
            "1" if reached else "0",
        )
        self.hand_overs.append((day, row))
        return dist_id

    def flush(self) -> None:
        """Write the week's rows, oldest first (ties keep the order they were made in)."""
        for p in sorted(self.week, key=lambda x: x.day):
            self.ledger.write(p.row())
            if p.payer.startswith("DON") and p.currency == "USD":
                self.total_usd += p.amount
        for _, row in sorted(self.hand_overs, key=lambda x: x[0]):
            self.distributions.write(row)
        self.week.clear()
        self.hand_overs.clear()
