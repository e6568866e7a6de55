"""A small synthetic programme with known plants, written in the demo's file formats.

Four provinces of five districts; donors → agencies → partners → sub-partners → vendors and
cash agents → households. Planted (``PLANTS``): a partner keeping 30 %, an overpriced vendor, a
duplicate invoice, a payment split under a limit, a vendor paid in round sums, an official tied to
two vendors, a favoured and a neglected district, a payment loop, a party outside the programme,
a velocity spike, a cash agent with made-up amounts (Benford) and an IATI hop gap.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from aidtrace.ingest import get_importer
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace

PROVINCES = ["AF01", "AF02", "AF03", "AF04"]
START = date(2024, 1, 1)
WEEKS = 16
AFN = 0.014  # USD per AFN
PRICES_AFN = {"wheat": 30.0, "oil": 150.0, "beans": 80.0}

PLANTS = {
    "leakage": {"P3", "AF0202"},
    "overpriced_vendor": {"V5"},
    "duplicate_invoice": {"V2"},
    "split_payment": {"V1"},
    "round_amount": {"V7"},
    "vendor_concentration": {"OFF-9"},
    "overserved_district": {"AF0103"},
    "underserved_district": {"AF0305"},
    "payment_loop": {"P1"},
    "outside_programme": {"ZZ-UNKNOWN"},
    "velocity_spike": {"V4"},
    "benford_nonconformity": {"C2"},
    "hop_gap": {"A2"},
    "delivery_shift": {"AF0402"},
    "threshold_hugging": {"OFF-HUG"},
}

HXL = {
    "organisations": [
        "#org+id",
        "#org+name",
        "#org+type",
        "#org+id+parent",
        "#adm1+code",
        "#contact+id+official",
    ],
    "ledger": [
        "#txn+id",
        "#date",
        "#org+id+payer",
        "#org+id+payee",
        "#beneficiary+id+payee",
        "#value",
        "#currency",
        "#txn+purpose",
        "#txn+invoice",
        "#contact+id+approver",
        "#adm2+code",
        "#item+name",
        "#item+quantity",
        "#value+unit",
    ],
    "distributions": [
        "#activity+id",
        "#date",
        "#org+id",
        "#household+id",
        "#adm2+code",
        "#item+name",
        "#item+quantity",
        "#value",
        "#reached",
    ],
    "needs": [
        "#adm1+code",
        "#adm1+name",
        "#adm2+code",
        "#adm2+name",
        "#inneed",
        "#severity+ipc",
        "#value+planned",
    ],
    "prices": ["#adm1+code", "#date+month", "#item+name", "#item+unit", "#value+afn"],
    "fx": ["#date", "#currency", "#value+usd"],
}


class Scenario:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.files: dict[str, list[list[object]]] = {k: [] for k in HXL}
        self.n = 0

    def pay(self, day: date, payer: str, payee: str | None, amount: float, **kw: object) -> str:
        self.n += 1
        txn = f"T{self.n:06d}"
        self.files["ledger"].append(
            [
                txn,
                day.isoformat(),
                payer,
                payee or "",
                kw.get("person", ""),
                round(amount, 2),
                kw.get("currency", "USD"),
                kw.get("purpose", ""),
                kw.get("invoice", ""),
                kw.get("approver", ""),
                kw.get("district", ""),
                kw.get("item", ""),
                kw.get("qty", ""),
                kw.get("unit", ""),
            ]
        )
        return txn

    def build(self) -> Scenario:
        self._parties()
        self._needs_prices_fx()
        self._money()
        self._plants()
        return self

    def _parties(self) -> None:
        org = self.files["organisations"]
        org += [["D1", "Donor 1", "donor", "", "", ""], ["D2", "Donor 2", "donor", "", "", ""]]
        org += [
            ["A1", "Agency 1", "un_agency", "", "", ""],
            ["A2", "Agency 2", "un_agency", "", "", ""],
        ]
        for i, prov in enumerate(PROVINCES, 1):
            org.append([f"P{i}", f"Partner {i}", "partner", f"A{1 + i % 2}", prov, ""])
            org.append([f"S{i}", f"Sub {i}", "sub_partner", f"P{i}", prov, ""])
            org.append([f"C{i}", f"Agent {i}", "cash_agent", "", prov, ""])
            for j in range(3):
                v = 3 * (i - 1) + j + 1
                official = "OFF-9" if v in (9, 10, 11, 12) else ""
                org.append([f"V{v}", f"Vendor {v}", "vendor", "", prov, official])

    def _needs_prices_fx(self) -> None:
        self.pin: dict[str, int] = {}
        for p in PROVINCES:
            for d in range(1, 6):
                code = f"{p}{d:02d}"
                self.pin[code] = self.rng.randint(8_000, 30_000)
                self.files["needs"].append(
                    [p, f"Prov {p}", code, f"Dist {code}", self.pin[code], 3, self.pin[code] * 5]
                )
            for month in range(1, 6):
                for item, price in PRICES_AFN.items():
                    self.files["prices"].append([p, f"2024-{month:02d}", item, "kg", price])
        for w in range(WEEKS + 2):
            self.files["fx"].append([(START + timedelta(weeks=w)).isoformat(), "AFN", AFN])

    def _money(self) -> None:
        for w in range(WEEKS):
            day = START + timedelta(weeks=w)
            for i, prov in enumerate(PROVINCES, 1):
                agency = f"A{1 + i % 2}"
                if i <= 2:  # each donor funds one agency, one grant a week
                    self.pay(day, f"D{i}", f"A{1 + i % 2}", 120_000 + self.rng.random() * 9_000)
                self.pay(day, agency, f"P{i}", 55_000 + self.rng.random() * 5_000)
                keep = 0.30 if i == 3 else 0.08
                self.pay(
                    day, f"P{i}", f"S{i}", 50_000 * (1 - keep) * (0.97 + 0.06 * self.rng.random())
                )
                self._purchases(day, i, prov)
                self._cash(day, i, prov)

    def _purchases(self, day: date, i: int, prov: str) -> None:
        for j in range(3):
            v = 3 * (i - 1) + j + 1
            for _ in range(2):
                item = self.rng.choice(sorted(PRICES_AFN))
                qty = round(self.rng.lognormvariate(5.5, 0.8))
                markup = 1.6 if v == 5 else self.rng.uniform(0.95, 1.08)
                unit = PRICES_AFN[item] * markup
                approver = "OFF-9" if v in (9, 10) else f"OFF-{i}{self.rng.randint(1, 3)}"
                district = f"{prov}{self.rng.randint(1, 5):02d}"
                self.pay(
                    day + timedelta(days=self.rng.randint(0, 4)),
                    f"S{i}",
                    f"V{v}",
                    qty * unit,
                    currency="AFN",
                    item=item,
                    qty=qty,
                    unit=round(unit, 2),
                    invoice=f"INV-{v}-{self.n}",
                    approver=approver,
                    district=district,
                )

    def _cash(self, day: date, i: int, prov: str) -> None:
        self.pay(day, f"S{i}", f"C{i}", 8_000 + self.rng.random() * 500, approver=f"OFF-{i}1")
        for district in (c for c in sorted(self.pin) if c.startswith(prov)):
            factor = 3.0 if district == "AF0103" else 0.25 if district == "AF0305" else 1.0
            if district == "AF0402":  # served in the first half of the period only
                factor = 2.0 if (day - START).days // 7 < WEEKS // 2 else 0.0
            mean = self.pin[district] / 4000 * factor * self.rng.lognormvariate(0, 0.15)
            for _ in range(self._poisson(mean)):
                self._household(day, i, district)

    def _poisson(self, mean: float) -> int:
        count, total = 0, self.rng.expovariate(1.0)
        while total < mean:
            count += 1
            total += self.rng.expovariate(1.0)
        return count

    def _household(self, day: date, i: int, district: str) -> None:
        amount = self.rng.lognormvariate(4.0, 1.2) + 10
        if i == 2:  # made-up amounts: first digits 5-9 only
            amount = self.rng.randint(5, 9) * 10 ** self.rng.randint(1, 3) + self.rng.randint(0, 9)
        number = len(self.files["distributions"]) + 1
        self.pay(day, f"C{i}", None, amount, person=f"B{number}", district=district)
        # The entitlement in AFN; AF0202's hand-overs are recorded 15 % short in weeks 4-11.
        skim = 0.85 if district == "AF0202" and 4 <= (day - START).days // 7 <= 11 else 1.0
        self.files["distributions"].append(
            [
                f"X{number}",
                day.isoformat(),
                f"S{i}",
                f"H{number}",
                district,
                "cash",
                round(amount / AFN),
                round(amount * skim, 2),
                1,
            ]
        )

    def _plants(self) -> None:
        day = START + timedelta(weeks=5)
        first = next(r for r in self.files["ledger"] if r[3] == "V2")
        self.pay(
            day + timedelta(days=9),
            "S1",
            "V2",
            float(str(first[5])),
            currency="AFN",
            invoice=str(first[8]).lower(),
            approver="OFF-11",
        )
        for k in range(3):
            self.pay(
                day + timedelta(days=k), "S1", "V1", 9_650, approver="OFF-12", invoice=f"INV-1-S{k}"
            )
        for w, lump in ((2, 150_000), (7, 250_000), (11, 300_000)):
            self.pay(
                START + timedelta(weeks=w, days=2),
                "S3",
                "V7",
                lump,
                currency="AFN",
                approver=f"OFF-3{self.rng.randint(1, 3)}",
                purpose="logistics",
            )
        for k in range(8):  # just under the US$10,000 approval limit, week after week
            self.pay(
                START + timedelta(weeks=2 * k, days=4),
                "S2",
                "V6",
                9_750 + 30 * k,
                approver="OFF-HUG",
                invoice=f"INV-HUG-{k}",
            )
        self.pay(day, "P1", "S2", 20_000.0)
        self.pay(day + timedelta(days=3), "S2", "P1", 19_000.0)
        self.pay(day, "S3", "ZZ-UNKNOWN", 7_345.0)
        self.pay(
            START + timedelta(weeks=12),
            "S2",
            "V4",
            3_013_457.35,
            currency="AFN",
            approver="OFF-21",
            invoice="INV-BIG",
        )

    def iati(self) -> str:
        """Agencies report each donor payment as incoming funds; A2 under-reports D1's by 10 %."""
        by_agency: dict[str, list[str]] = {}
        for r in self.files["ledger"]:
            if not str(r[2]).startswith("D"):
                continue
            donor, agency, day = str(r[2]), str(r[3]), str(r[1])
            value = float(str(r[5])) * (0.9 if agency == "A2" else 1.0)
            by_agency.setdefault(agency, []).append(
                f"<transaction ref='{r[0]}'><transaction-type code='1'/>"
                f"<transaction-date iso-date='{day}'/>"
                f"<value value-date='{day}'>{value:.2f}</value>"
                f"<provider-org ref='{donor}'/><receiver-org ref='{agency}'/></transaction>"
            )
        acts = [
            f"<iati-activity default-currency='USD'><iati-identifier>{agency}-2024"
            f"</iati-identifier><reporting-org ref='{agency}'/>{''.join(txns)}</iati-activity>"
            for agency, txns in sorted(by_agency.items())
        ]
        return f"<iati-activities version='2.03'>{''.join(acts)}</iati-activities>"

    def write(self, out: Path) -> dict[str, Path]:
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for kind, data in self.files.items():
            path = out / f"{kind}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow([h.strip("#").replace("+", "_") for h in HXL[kind]])
                w.writerow(HXL[kind])
                w.writerows(data)
            paths[kind] = path
        paths["iati"] = out / "iati.xml"
        paths["iati"].write_text(self.iati(), encoding="utf-8")
        return paths


def load(workspace: Workspace, out: Path, seed: int = 7) -> Scenario:
    scenario = Scenario(seed).build()
    for kind, path in scenario.write(out).items():
        get_importer(kind).load(workspace, path, no_progress)
    return scenario
