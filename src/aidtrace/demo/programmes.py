"""Who serves which district: the active districts, the chain of organisations above each, its
caseload, and the vendors and cash agents of each province.

Active districts are drawn in proportion to people in need (operations go where need is); the
caseload of each is proportional to need with ±15 % log-normal noise — except the planted
*delivery skew*: a few low-need districts get three times their share, a few high-need ones a
quarter of it.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from aidtrace.demo import organisations as o
from aidtrace.demo.geography import District
from aidtrace.demo.market import CASH_TRANSFER_AFN, Market
from aidtrace.demo.names import NamePool
from aidtrace.demo.scale import Scale
from aidtrace.places.gazetteer import province_of

SECONDARY_SHARE = 0.25  # a second agency's list covers a quarter of the caseload where it operates
FAVOURED, NEGLECTED = 3.0, 0.25
OUTSIZED = 10.0  # a district with this many times the median district's need is not drawn


class Modality(StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"


@dataclass(frozen=True)
class Programme:
    district: District
    sub_partner: str
    partner: str
    agency: str
    list_id: str
    households: int
    modality: Modality


@dataclass
class Network:
    orgs: dict[str, o.Org]
    programmes: list[Programme]
    vendors: dict[str, list[str]] = field(default_factory=dict)  # province code → vendor ids
    cash_agents: dict[str, str] = field(default_factory=dict)  # province code → cash agent id
    planned: dict[str, float] = field(default_factory=dict)  # district code → households planned
    favoured: list[str] = field(default_factory=list)
    neglected: list[str] = field(default_factory=list)
    donor_shares: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def of_role(self, role: o.Role) -> list[o.Org]:
        return [org for org in self.orgs.values() if org.role is role]


def within_reach(districts: list[District]) -> list[District]:
    """The districts the operation may work in: all but those whose need is more than
    :data:`OUTSIZED` times the median district's. With the published caseload that leaves out
    Kabul district alone (2.3 million in need, a city the gazetteer holds as one district, 54
    times the median): served in proportion to need it would take most of any demo's caseload
    and leave the other districts too few households to test."""
    median = statistics.median(d.people_in_need for d in districts)
    return [d for d in districts if d.people_in_need <= OUTSIZED * median]


def _weighted_sample(rng: random.Random, items: list[District], k: int) -> list[District]:
    keyed = sorted(items, key=lambda d: rng.random() ** (1.0 / max(d.people_in_need, 1)))
    return sorted(keyed[-k:], key=lambda d: d.code)


def _skew(rng: random.Random, active: list[District], net: Network) -> dict[str, float]:
    factor = {d.code: rng.lognormvariate(0.0, 0.15) for d in active}
    count = max(1, len(active) // 40)
    low = sorted((d for d in active if d.ipc_phase <= 2), key=lambda d: d.code)
    # the neglected are among the neediest: big caseloads that get a quarter of their share
    # (a small one would be held up by the six-household floor and get far more than that)
    big = sorted(active, key=lambda d: (-d.people_in_need, d.code))[: max(2, len(active) // 3)]
    high = [d for d in big if d.ipc_phase >= 4] or [d for d in big if d.ipc_phase >= 3]
    high = high[: count * 2]
    for d in rng.sample(low, min(count, len(low))):
        factor[d.code] *= FAVOURED / factor[d.code]
        net.favoured.append(d.code)
    for d in rng.sample(high, min(count, len(high))):
        factor[d.code] *= NEGLECTED / factor[d.code]
        net.neglected.append(d.code)
    return factor


def _chain(rng: random.Random, active: list[District], net: Network) -> dict[str, o.Org]:
    """Partners take whole provinces; each has two sub-partners; returns district → sub-partner."""
    agencies = net.of_role(o.Role.UN_AGENCY)
    provinces = sorted({d.province_code for d in active})
    n_partners = max(3, min(28, round(len(active) / 14)))
    partners = [o.partner(rng, i, agencies[i % len(agencies)]) for i in range(n_partners)]
    subs: list[o.Org] = []
    by_district: dict[str, o.Org] = {}
    for p_index, code in enumerate(provinces):
        prt = partners[p_index % n_partners]
        pair = [o.sub_partner(rng, len(subs) + j, prt, code) for j in range(2)]
        subs += pair
        for d_index, d in enumerate(x for x in active if x.province_code == code):
            by_district[d.code] = pair[d_index % 2]
    subs = [s for s in subs if s in by_district.values()]  # a province with one district needs one
    used = {s.parent_org_id for s in subs}
    net.orgs.update({p.org_id: p for p in partners if p.org_id in used})
    net.orgs.update({s.org_id: s for s in subs})
    return by_district


def _suppliers(rng: random.Random, pool: NamePool, provinces: list[str], net: Network) -> None:
    for code in provinces:
        ids: list[str] = []
        for _ in range(3):
            g = pool.male[pool.male_name(rng)]
            org = o.vendor(
                rng, sum(map(len, net.vendors.values())) + len(ids), g.latin[0], g.fa, code
            )
            net.orgs[org.org_id] = org
            ids.append(org.org_id)
        net.vendors[code] = ids
        g = pool.male[pool.male_name(rng)]
        agent = o.cash_agent(rng, len(net.cash_agents), f"Haji {g.latin[0]}", f"حاجی {g.fa}", code)
        net.orgs[agent.org_id] = agent
        net.cash_agents[code] = agent.org_id


def build_network(
    rng: random.Random, districts: list[District], scale: Scale, pool: NamePool
) -> Network:
    net = Network({org.org_id: org for org in o.donors() + o.agencies()}, [])
    districts = within_reach(districts)
    active = _weighted_sample(rng, districts, min(scale.active_districts, len(districts)))
    if not any(d.ipc_phase <= 2 for d in active):  # a low-need district to favour must be served
        extra = rng.choice([d for d in districts if d.ipc_phase <= 2])
        active = sorted([*active, extra], key=lambda d: d.code)
    factor = _skew(rng, active, net)
    weight = {d.code: d.people_in_need * factor[d.code] for d in active}
    subs = _chain(rng, active, net)
    secondary = rng.sample(active, max(3, len(active) // 4))
    lists = {d.code: 1 + (SECONDARY_SHARE if d in secondary else 0.0) for d in active}
    total = sum(weight[code] * n for code, n in lists.items())
    # planted ghosts and duplicates (about 2.5 %) come on top of the clean caseload
    clean = scale.households * 0.975
    # the plan shares the caseload by need alone: the skew is what delivery did to it
    need = sum(d.people_in_need * lists[d.code] for d in active)
    net.planned = {d.code: clean * d.people_in_need * lists[d.code] / need for d in active}
    for d in active:
        caseload = max(6, round(clean * weight[d.code] / total))
        modality = rng.choice((Modality.CASH, Modality.IN_KIND))
        _add(net, d, subs[d.code], caseload, modality)
        if d in secondary:
            second = max(3, round(caseload * SECONDARY_SHARE))
            _add(net, d, _other_agency_sub(net, subs[d.code]), second, modality)
    _suppliers(rng, pool, sorted({d.province_code for d in active}), net)
    for agency in net.of_role(o.Role.UN_AGENCY):
        funders = rng.sample(net.of_role(o.Role.DONOR), 3)
        shares = sorted(rng.uniform(0.2, 1.0) for _ in funders)
        net.donor_shares[agency.org_id] = [
            (d.org_id, s / sum(shares)) for d, s in zip(funders, shares, strict=True)
        ]
    return net


def _other_agency_sub(net: Network, sub: o.Org) -> o.Org:
    agency = net.orgs[sub.parent_org_id].parent_org_id
    others = [
        s
        for s in net.of_role(o.Role.SUB_PARTNER)
        if net.orgs[s.parent_org_id].parent_org_id != agency
    ]
    return others[int(sub.org_id[4:]) % len(others)] if others else sub


def _add(net: Network, d: District, sub: o.Org, households: int, modality: Modality) -> None:
    prt = net.orgs[sub.parent_org_id]
    agency = prt.parent_org_id
    programme = Programme(
        d, sub.org_id, prt.org_id, agency, f"{agency}/L1402", households, modality
    )
    net.programmes.append(programme)


def planned_usd(net: Network, market: Market, start: date, weeks: int) -> dict[str, float]:
    """What the plan sets out to hand over in each served district over ``weeks``: its planned
    households times one transfer or food basket every four weeks, at ``start``'s prices."""
    modality = {p.district.code: p.modality for p in net.programmes}
    rate, cycles = market.rate(start), weeks / 4
    out = {}
    for code, households in net.planned.items():
        if modality[code] is Modality.CASH:
            afn = CASH_TRANSFER_AFN
        else:
            afn = market.basket_afn(province_of(code), start)
        out[code] = households * afn * rate * cycles
    return out


def scale_need(
    net: Network, districts: list[District], scale: Scale, targeted_share: float
) -> list[District]:
    """People in need and population brought to the demo's size by one factor for the whole
    country: the one that makes the scenario's beneficiaries the share of the served districts'
    people in need that the 2024 plan targeted nationally. Programmes get the scaled districts."""
    served = {p.district.code for p in net.programmes}
    need = sum(d.people_in_need for d in districts if d.code in served)
    factor = scale.beneficiaries / (targeted_share * need) if need else 1.0
    scaled = {
        d.code: replace(
            d,
            people_in_need=max(1, round(d.people_in_need * factor)),
            population=max(1, round(d.population * factor)),
        )
        for d in districts
    }
    net.programmes = [replace(p, district=scaled[p.district.code]) for p in net.programmes]
    return list(scaled.values())
