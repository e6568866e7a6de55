"""Partners' contracts (``aidtrace import contracts``): what a monitor should ask of them.

Four readings of the ``contracts`` table, each an alert with the contracts behind it:

* **started before it was signed** — work began (``started_on``) before the contract was signed
  (``signed_on``): money may have been committed without a contract.
* **ended before it started** — an actual end before the start: a date is wrong, or the work
  was never done as recorded.
* **cost far from the norm** — a contract's cost per unit (cost / quantity) at least ``ratio``
  (2) times, or at most 1/``ratio`` of, the median of the *other* contracts for the same item,
  unit and currency in the same province, when there are at least ``min_peers`` (3) of them.
  The median, so that one odd contract neither sets nor hides the norm.
* **one contractor written several ways** — within one partner's contracts, contractor names
  written differently that the screening name matcher scores at least ``same_name`` (0.85) as
  the same organisation ("Kabul Construction Co." / "Kabul Constrution Company"): split
  contracts under spelling variants escape per-contractor ceilings and reviews.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from aidtrace.alerts.evidence import (
    ContractCostEvidence,
    ContractFields,
    ContractorSpellingsEvidence,
    EndedBeforeStartEvidence,
    StartedBeforeSignedEvidence,
)
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import require, rows, thresholds
from aidtrace.monitors import RunContext, register

# Every kind of alert this monitor raises.
KINDS = (
    "contract_started_before_signed",
    "contract_ended_before_start",
    "contract_cost_off_norm",
    "contractor_several_spellings",
)


@dataclass(frozen=True)
class Thresholds:
    ratio: float = 2.0
    min_peers: int = 3
    same_name: float = 0.85


class ContractsMonitor:
    name = "flows.contracts"
    version = "1"
    description = (
        "Partners' contracts: dates out of order, unit costs off the norm, one contractor "
        "under several names"
    )

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "contracts")
        contracts = rows(ctx.workspace.engine, "SELECT * FROM contracts ORDER BY project_id")
        yield from self._dates(contracts)
        yield from self._costs(contracts, t)
        yield from self._spellings(contracts, t)

    def _dates(self, contracts: Sequence[dict[str, object]]) -> Iterator[Alert]:
        for c in contracts:
            subject = _label(c)
            signed, started, ended = (
                _day(c, "signed_on"),
                _day(c, "started_on"),
                _day(c, "actual_end"),
            )
            if signed and started and started < signed:
                days = (signed - started).days
                yield detected(
                    self,
                    AlertKind.CONTRACT_STARTED_BEFORE_SIGNED,
                    subject=subject,
                    score=min(1.0, 0.5 + days / 60),
                    severity=Severity.HIGH if days > 7 else Severity.MEDIUM,
                    summary=f"{subject}: work started {started}, {days} days before the "
                    f"contract was signed ({signed})",
                    evidence=StartedBeforeSignedEvidence(**_contract(c), days_early=days),
                )
            if started and ended and ended < started:
                days = (started - ended).days
                yield detected(
                    self,
                    AlertKind.CONTRACT_ENDED_BEFORE_START,
                    subject=subject,
                    score=0.8,
                    severity=Severity.MEDIUM,
                    summary=f"{subject}: recorded as ended {ended}, {days} days before it "
                    f"started ({started})",
                    evidence=EndedBeforeStartEvidence(**_contract(c), days_before_start=days),
                )

    def _costs(self, contracts: Sequence[dict[str, object]], t: Thresholds) -> Iterator[Alert]:
        groups: dict[tuple[object, ...], list[tuple[dict[str, object], float]]] = {}
        for c in contracts:
            quantity, cost = c["quantity"], c["cost"]
            if not c["item"] or not c["province_code"]:
                continue
            if not isinstance(quantity, float) or quantity <= 0 or not isinstance(cost, float):
                continue
            key = (c["item"], c["unit"], c["currency"], c["province_code"])
            groups.setdefault(key, []).append((c, cost / quantity))
        for (item, unit, currency, province), members in groups.items():
            for i, (c, unit_cost) in enumerate(members):
                peers = [cost for j, (_, cost) in enumerate(members) if j != i]
                if len(peers) < t.min_peers:
                    continue
                norm = median(peers)
                ratio = unit_cost / norm if norm else 0.0
                if norm <= 0 or 1 / t.ratio < ratio < t.ratio:
                    continue
                subject = _label(c)
                per = f" per {unit}" if unit else ""
                how = f"{ratio:.1f} times" if ratio >= 1 else f"{1 / ratio:.1f} times less than"
                yield detected(
                    self,
                    AlertKind.CONTRACT_COST_OFF_NORM,
                    subject=subject,
                    score=min(1.0, abs(ratio - 1) / (2 * t.ratio)),
                    severity=Severity.HIGH if ratio >= 2 * t.ratio else Severity.MEDIUM,
                    summary=f"{subject}: {item} at {unit_cost:,.2f} {currency}{per}, {how} "
                    f"the median of {len(peers)} other contracts in {province} "
                    f"({norm:,.2f})",
                    identity_key=f"{item}|{unit}|{currency}",
                    evidence=ContractCostEvidence(
                        **_contract(c),
                        unit_cost=round(unit_cost, 4),
                        median_of_peers=round(norm, 4),
                        ratio=round(ratio, 3),
                        peers=len(peers),
                    ),
                )

    def _spellings(self, contracts: Sequence[dict[str, object]], t: Thresholds) -> Iterator[Alert]:
        by_partner: dict[str, dict[str, list[str]]] = {}
        for c in contracts:
            partner = str(c["partner"] or "")
            names = by_partner.setdefault(partner, {})
            names.setdefault(str(c["contractor"]), []).append(_label(c))
        for partner, names in sorted(by_partner.items()):
            for group in _same_contractor(sorted(names), t.same_name):
                spelled = {n: names[n] for n in group}
                first = group[0]
                who = f"{partner}'s contracts" if partner else "contracts with no partner named"
                yield detected(
                    self,
                    AlertKind.CONTRACTOR_SEVERAL_SPELLINGS,
                    subject=first,
                    score=0.7,
                    severity=Severity.MEDIUM,
                    summary=f"{who} name one contractor {len(group)} ways: "
                    + "; ".join(repr(n) for n in group),
                    identity_key=partner,
                    evidence=ContractorSpellingsEvidence(partner=partner, spellings=spelled),
                )


def _same_contractor(names: Sequence[str], floor: float) -> list[list[str]]:
    """Groups of differently written names the name matcher takes for one organisation."""
    from aidtrace.names.analyze import analyse
    from aidtrace.names.rarity import TokenRarity
    from aidtrace.screening.match import compare

    analysed = [analyse(n, organisation=True) for n in names]
    rarity = TokenRarity()
    rarity.add(analysed)
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if compare(analysed[i], analysed[j], rarity).score >= floor:
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(names):
        groups.setdefault(root(i), []).append(name)
    return [g for g in groups.values() if len(g) > 1]


def _day(c: dict[str, object], key: str) -> date | None:
    value = c[key]
    return value if isinstance(value, date) else None


def _label(c: dict[str, object]) -> str:
    contract = f" / {c['contract_id']}" if c.get("contract_id") else ""
    return f"contract {c['project_id']}{contract}"


def _contract(c: dict[str, object]) -> ContractFields:
    """The contract as an alert shows it: its identity, parties, dates, cost and place."""
    return ContractFields(
        project_id=c["project_id"],
        contract_id=c["contract_id"],
        partner=c["partner"],
        contractor=c["contractor"],
        signed_on=_iso(c["signed_on"]),
        started_on=_iso(c["started_on"]),
        planned_end=_iso(c["planned_end"]),
        actual_end=_iso(c["actual_end"]),
        cost=c["cost"],
        currency=c["currency"],
        item=c["item"],
        quantity=c["quantity"],
        unit=c["unit"],
        province_code=c["province_code"],
        district_code=c["district_code"],
    )


def _iso(day: object) -> str | None:
    # DATE columns hold a date or NULL: nothing else is falsy there.
    return str(day) if day else None


MONITOR = register(ContractsMonitor())
