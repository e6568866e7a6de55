"""The 34 provinces of Afghanistan, their districts, population and need.

Province populations are rounded from the National Statistics and Information Authority's
settled-population estimates for 1401 SH (2022–23); the IPC-like phase is the province's
typical acute food-insecurity phase in the 2022–23 lean season (phase 3 "crisis" almost
everywhere, phase 4 "emergency" in the remote highlands and the north-west). Province codes follow
the OCHA/AGCHO order (AF01 Kabul … AF34 Nimroz). District counts per province are close to the
real ~400; the capital district carries the province centre's real name, the others are
plausible compound place names (the generator does not claim to reproduce the gazetteer).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# name, centre, population (thousands), phase, districts
PROVINCES: tuple[tuple[str, str, int, int, int], ...] = (
    ("Kabul", "Kabul", 5572, 3, 15),
    ("Kapisa", "Mahmud Raqi", 490, 3, 7),
    ("Parwan", "Charikar", 724, 3, 10),
    ("Wardak", "Maydan Shahr", 650, 3, 9),
    ("Logar", "Pul-e Alam", 430, 3, 7),
    ("Nangarhar", "Jalalabad", 1774, 3, 22),
    ("Laghman", "Mehtarlam", 503, 3, 5),
    ("Panjshir", "Bazarak", 173, 3, 7),
    ("Baghlan", "Pul-e Khumri", 1014, 3, 15),
    ("Bamyan", "Bamyan", 496, 4, 7),
    ("Ghazni", "Ghazni", 1393, 3, 19),
    ("Paktika", "Sharana", 789, 3, 19),
    ("Paktya", "Gardez", 622, 3, 11),
    ("Khost", "Khost", 640, 3, 13),
    ("Kunar", "Asadabad", 508, 3, 15),
    ("Nuristan", "Parun", 166, 4, 8),
    ("Badakhshan", "Fayzabad", 1054, 4, 28),
    ("Takhar", "Taloqan", 1113, 3, 17),
    ("Kunduz", "Kunduz", 1136, 3, 7),
    ("Samangan", "Aybak", 438, 3, 7),
    ("Balkh", "Mazar-e Sharif", 1509, 3, 15),
    ("Sar-e-Pul", "Sar-e Pul", 621, 4, 7),
    ("Ghor", "Chaghcharan", 764, 4, 10),
    ("Daykundi", "Nili", 516, 4, 9),
    ("Urozgan", "Tarin Kot", 436, 3, 6),
    ("Zabul", "Qalat", 398, 3, 11),
    ("Kandahar", "Kandahar", 1431, 3, 16),
    ("Jawzjan", "Shiberghan", 601, 3, 11),
    ("Faryab", "Maymana", 1109, 4, 14),
    ("Helmand", "Lashkar Gah", 1446, 3, 13),
    ("Badghis", "Qala-e Naw", 549, 4, 7),
    ("Herat", "Herat", 2140, 3, 16),
    ("Farah", "Farah", 563, 3, 11),
    ("Nimroz", "Zaranj", 183, 3, 5),
)

PREFIXES = (
    "Deh",
    "Qala-e",
    "Char",
    "Khwaja",
    "Shahr-e",
    "Sar-e",
    "Pul-e",
    "Bagh-e",
    "Chah-e",
    "Dara-e",
    "Nahr-e",
    "Kohna",
    "Sang",
    "Band-e",
    "Gul",
    "Sayed",
    "Mir",
    "Shinkay",
    "Kariz-e",
    "Tangi",
)
SUFFIXES = (
    "Sabz",
    "Naw",
    "Kalan",
    "Khurd",
    "Bala",
    "Payin",
    "Sufla",
    "Ulya",
    "Ghar",
    "Jawz",
    "Asyab",
    "Anjir",
    "Chaman",
    "Surkh",
    "Safed",
    "Khushk",
    "Dawlat",
    "Zard",
    "Bagh",
    "Abad",
    "Minar",
)
VILLAGE_FORMS = ("{} Kalay", "Qala-e {}", "Deh-e {}", "{} Abad", "Kariz-e {}", "{} Khel")

# Share of the population in IPC phase 3 or worse, by the area's phase (acute food insecurity).
PIN_SHARE = {1: 0.05, 2: 0.22, 3: 0.45, 4: 0.62, 5: 0.8}


@dataclass(frozen=True)
class District:
    province: str
    province_code: str
    name: str
    code: str
    population: int
    ipc_phase: int
    people_in_need: int
    villages: tuple[str, ...]

    @property
    def province_index(self) -> int:
        return int(self.province_code[2:]) - 1


def province_code(index: int) -> str:
    return f"AF{index + 1:02d}"


def _district_names(rng: random.Random, centre: str, count: int) -> list[str]:
    names = [centre]
    while len(names) < count:
        name = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
        if name not in names:
            names.append(name)
    return names


def _villages(rng: random.Random, roots: list[str]) -> tuple[str, ...]:
    return tuple(rng.choice(VILLAGE_FORMS).format(rng.choice(roots)) for _ in range(12))


def build_districts(rng: random.Random, village_roots: list[str]) -> list[District]:
    """Every district of every province, with population split unevenly (the centre is bigger)."""
    out: list[District] = []
    for p, (province, centre, pop_k, phase, count) in enumerate(PROVINCES):
        names = _district_names(rng, centre, count)
        weights = [4.0] + [rng.uniform(0.5, 1.6) for _ in range(count - 1)]
        for d, name in enumerate(names):
            pop = round(pop_k * 1000 * weights[d] / sum(weights))
            local = max(2, min(4, phase + rng.choices((-1, 0, 1), (0.2, 0.6, 0.2))[0]))
            pin = round(pop * PIN_SHARE[local] * rng.uniform(0.85, 1.15))
            code = f"{province_code(p)}{d + 1:02d}"
            villages = _villages(rng, village_roots)
            out.append(District(province, province_code(p), name, code, pop, local, pin, villages))
    return out
