"""The 34 provinces of Afghanistan and their 401 districts, with population, phase and need.

Provinces and districts are the gazetteer's (:mod:`aidtrace.places`: OCHA P-codes and names);
people in need come from :mod:`aidtrace.demo.need` (the published 2024 caseload, or the estimate
below). Province populations are rounded from the National Statistics and Information
Authority's settled-population estimates for 1401 SH (2022–23); the IPC-like phase is the
province's typical acute food-insecurity phase in the 2022–23 lean season (phase 3 "crisis"
almost everywhere, phase 4 "emergency" in the remote highlands and the north-west), each
district ±1 around it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from aidtrace.places import afghanistan

# P-code, population (thousands), typical IPC phase
PROVINCES: tuple[tuple[str, int, int], ...] = (
    ("AF01", 5572, 3),  # Kabul
    ("AF02", 490, 3),  # Kapisa
    ("AF03", 724, 3),  # Parwan
    ("AF04", 650, 3),  # Wardak
    ("AF05", 430, 3),  # Logar
    ("AF06", 1774, 3),  # Nangarhar
    ("AF07", 503, 3),  # Laghman
    ("AF08", 173, 3),  # Panjsher
    ("AF09", 1014, 3),  # Baghlan
    ("AF10", 496, 4),  # Bamyan
    ("AF11", 1393, 3),  # Ghazni
    ("AF12", 789, 3),  # Paktika
    ("AF13", 622, 3),  # Paktya
    ("AF14", 640, 3),  # Khost
    ("AF15", 508, 3),  # Kunar
    ("AF16", 166, 4),  # Nuristan
    ("AF17", 1054, 4),  # Badakhshan
    ("AF18", 1113, 3),  # Takhar
    ("AF19", 1136, 3),  # Kunduz
    ("AF20", 438, 3),  # Samangan
    ("AF21", 1509, 3),  # Balkh
    ("AF22", 621, 4),  # Sar-e-Pul
    ("AF23", 764, 4),  # Ghor
    ("AF24", 516, 4),  # Daykundi
    ("AF25", 436, 3),  # Uruzgan
    ("AF26", 398, 3),  # Zabul
    ("AF27", 1431, 3),  # Kandahar
    ("AF28", 601, 3),  # Jawzjan
    ("AF29", 1109, 4),  # Faryab
    ("AF30", 1446, 3),  # Hilmand
    ("AF31", 549, 4),  # Badghis
    ("AF32", 2140, 3),  # Hirat
    ("AF33", 563, 3),  # Farah
    ("AF34", 183, 3),  # Nimroz
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


def _villages(rng: random.Random, roots: list[str]) -> tuple[str, ...]:
    return tuple(rng.choice(VILLAGE_FORMS).format(rng.choice(roots)) for _ in range(12))


def build_districts(
    rng: random.Random, village_roots: list[str], in_need: Mapping[str, int]
) -> list[District]:
    """Every district of the gazetteer with its people in need (``in_need``, by P-code) and a
    population: the province's shared among its districts as its need is."""
    gazetteer = afghanistan()
    out: list[District] = []
    for code, pop_k, phase in PROVINCES:
        province = gazetteer.places[code]
        districts = gazetteer.districts(code)
        need = sum(in_need[d.pcode] for d in districts)
        per_person = pop_k * 1000 / need if need else 0.0
        for d in districts:
            pin = in_need[d.pcode]
            local = max(2, min(4, phase + rng.choices((-1, 0, 1), (0.2, 0.6, 0.2))[0]))
            villages = _villages(rng, village_roots)
            population = max(pin, round(pin * per_person))
            out.append(
                District(province.name, code, d.name, d.pcode, population, local, pin, villages)
            )
    return out
