"""Listed parties among the suppliers, and the districts served against their need.

A listed money exchange becomes a province's cash agent under a variant of its listed name; a
listed person's name, altered, becomes the owner's name of a food vendor. Both stay in the money
trail, so screening is the only thing that can catch them.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

from aidtrace.demo.context import Context
from aidtrace.demo.programmes import Modality
from aidtrace.demo.truth import IdField, Plant, PlantKind
from aidtrace.demo.variants import Variant, make_variant, transliterate
from aidtrace.demo.watchlist import pick

CASH_WORDS = ("exchange", "hawala", "sarafi", "money")


def _rename(ctx: Context, org_id: str, v: Variant, name: str, name_fa: str, role: str) -> None:
    ctx.net.orgs[org_id] = replace(ctx.net.orgs[org_id], name=name, name_fa=name_fa)
    ctx.plants.append(Plant(PlantKind.WATCHLIST_PARTY, {IdField.ORG: (org_id,)}, v.planted(role)))


def plant_suppliers(ctx: Context) -> None:
    rng = ctx.rng("watchlist-suppliers")
    progs = ctx.net.programmes
    cash_prov = sorted({p.district.province_code for p in progs if p.modality == Modality.CASH})
    kind_prov = sorted({p.district.province_code for p in progs if p.modality == Modality.IN_KIND})
    entities = pick(ctx.listed, rng, 2, person=False)
    agents = [ctx.net.cash_agents[c] for c in rng.sample(cash_prov, min(len(cash_prov), 1))]
    for listed in entities:
        v = make_variant(listed, rng)
        if any(w in listed.full.lower() for w in CASH_WORDS) and agents:
            _rename(ctx, agents.pop(), v, v.full, v.fa, "cash_agent")
        elif kind_prov:
            vendor = rng.choice(ctx.net.vendors[rng.choice(kind_prov)])
            _rename(ctx, vendor, v, v.full, v.fa, "vendor")
    people = pick(ctx.listed, rng, max(2, len(kind_prov) // 6), person=True)
    for listed in people if kind_prov else []:
        v = make_variant(listed, rng)
        vendor = rng.choice(ctx.net.vendors[rng.choice(kind_prov)])
        fa = v.fa or transliterate(v.full)
        owner = " ".join(v.parts[:2])
        _rename(
            ctx, vendor, v, f"{owner} Trading Company", f"شرکت تجارتی {fa}" if fa else "", "vendor"
        )


def plant_skew(ctx: Context) -> None:
    """Record the districts whose caseload was bent away from need (chosen in ``programmes``)."""
    per_need: dict[str, float] = {}
    for p in ctx.net.programmes:
        d = p.district
        per_need[d.code] = per_need.get(d.code, 0.0) + 1000 * p.households / max(
            d.people_in_need, 1
        )
    median = statistics.median(per_need.values())
    for direction, codes in (("favoured", ctx.net.favoured), ("neglected", ctx.net.neglected)):
        for code in codes:
            detail = {
                "direction": direction,
                "households_per_1000_in_need": round(per_need[code], 2),
                "median_households_per_1000_in_need": round(median, 2),
            }
            ctx.plants.append(Plant(PlantKind.DELIVERY_SKEW, {IdField.DISTRICT: (code,)}, detail))
