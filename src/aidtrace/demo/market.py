"""Market prices and exchange rates: what a food basket costs and what an afghani is worth.

Retail prices in afghanis are of the order WFP's Afghanistan market monitor reported for early
2024 (wheat flour about 35–40 AFN/kg, cooking oil 110–140 AFN/l, pulses 80–110 AFN/kg); remote
provinces pay more. The afghani traded at about 70–72 per US dollar in the first quarter of 2024,
firming slightly; the rate here is a gentle random walk in that band.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from aidtrace.demo.geography import PROVINCES
from aidtrace.demo.writers import HxlWriter

ITEMS = {  # item → (unit, base price AFN)
    "wheat_flour": ("kg", 38.0),
    "rice": ("kg", 85.0),
    "pulses": ("kg", 95.0),
    "vegetable_oil": ("litre", 125.0),
    "salt": ("kg", 18.0),
    "sugar": ("kg", 75.0),
}
BASKET = {"wheat_flour": 50.0, "pulses": 9.0, "vegetable_oil": 4.5, "salt": 1.0}  # a month's ration
BASKET_KG = 64.5
CASH_TRANSFER_AFN = 4500.0  # per household per month
OTHER_CURRENCIES = {"EUR": 1.09, "PKR": 0.00357}


@dataclass(frozen=True)
class Market:
    prices: dict[tuple[str, str, str], float]  # (province code, "YYYY-MM", item) → AFN
    afn_usd: dict[date, float]  # USD per afghani, by day

    def price(self, province: str, day: date, item: str) -> float:
        return self.prices[(province, f"{day:%Y-%m}", item)]

    def rate(self, day: date) -> float:
        return self.afn_usd[day]

    def basket_afn(self, province: str, day: date) -> float:
        return sum(q * self.price(province, day, item) for item, q in BASKET.items())


def months(start: date, days: int) -> list[str]:
    return sorted({f"{start + timedelta(days=d):%Y-%m}" for d in range(days)})


def build_market(rng: random.Random, start: date, days: int) -> Market:
    prices: dict[tuple[str, str, str], float] = {}
    for code, _, phase in PROVINCES:
        remote = rng.uniform(0.94, 1.06) + (0.06 if phase >= 4 else 0.0)
        for item, (_, base) in ITEMS.items():
            level = base * remote
            for month in months(start, days):
                level *= rng.uniform(0.98, 1.03)
                prices[(code, month, item)] = round(level, 1)
    afn, rates = 71.2, {}
    for d in range(-7, days + 28):
        afn = max(68.0, min(73.0, afn + rng.gauss(-0.02, 0.12)))
        rates[start + timedelta(days=d)] = round(1.0 / afn, 8)
    return Market(prices, rates)


def write_market(market: Market, prices_path: HxlWriter, fx_path: HxlWriter) -> None:
    for (province, month, item), price in sorted(market.prices.items()):
        prices_path.write((province, month, item, ITEMS[item][0], f"{price:.1f}"))
    for day, rate in sorted(market.afn_usd.items()):
        fx_path.write((day.isoformat(), "AFN", f"{rate:.8f}"))
        for currency, usd in OTHER_CURRENCIES.items():
            fx_path.write((day.isoformat(), currency, f"{usd:.5f}"))
