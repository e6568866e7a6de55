"""The households a ghost alert names, side by side with the households they share a phone or
tazkira with.

An officer checking a household that may not exist asks first whether anyone ever saw it: a
hand-over its partner recorded as reaching it (``distributions.reached``: present at the
distribution, a receipt signed, the partner's last-mile reconciliation), and from when. Then,
for a phone or tazkira written into several households, which households those are: their
districts, registration days and enumerators, and whether each was seen. Households invented on
one number are never seen; a family sharing its phone usually is.

A record holds ids, district codes, dates and partner ids only: names stay sealed in the person
register, and a shared number is matched on its keyed token and never shown. The facts are the
ones that stay put from week to week (seen or not, since when, by which partner), so that a
decided alert does not come back only because another hand-over was recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import pyarrow as pa

from aidtrace.alerts.evidence import GhostHouseholdEvidence, HouseholdRecord, SharedGroup
from aidtrace.alerts.model import Alert, AlertKind
from aidtrace.integrity.ghosts import BENEFICIARIES, SHARED, shared_tokens
from aidtrace.store.engine import Engine

SEEN = "seen"
NEVER_SEEN = "never seen"
NO_HAND_OVER = "no hand-over recorded"
# Households outside the alert listed for one shared phone or tazkira (the group's size is
# always given in full): enough to see who they are, not a register's worth of placeholders.
OTHERS = 20
_WANTED = "__ghost_households"


@dataclass(frozen=True)
class Facts:
    """What the register and the distributions say of one household."""

    district: str | None = None
    registered_on: str | None = None
    enumerator_id: str | None = None
    hand_overs: int = 0
    first_seen_on: str | None = None
    partners: tuple[str, ...] = ()

    @property
    def at_distributions(self) -> str:
        if self.first_seen_on is not None:
            return SEEN
        return NEVER_SEEN if self.hand_overs else NO_HAND_OVER


@dataclass(frozen=True)
class Group:
    """The households holding one shared phone or tazkira, by id."""

    shared: str
    households: tuple[str, ...]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _wanted(engine: Engine, households: Iterable[str]) -> None:
    engine.register(_WANTED, pa.table({"household_id": pa.array(sorted(households), pa.string())}))


def household_facts(engine: Engine, households: Iterable[str]) -> dict[str, Facts]:
    """Each household's registration (district, day, enumerator) and hand-overs."""
    _wanted(engine, households)
    found: dict[str, Facts] = {}
    if engine.has_table("person_tokens"):
        for r in engine.query(
            "SELECT t.household_id, min(t.district) AS district, "
            "min(t.registered_on) AS registered_on, min(t.enumerator_id) AS enumerator_id "
            f"FROM person_tokens t JOIN {_WANTED} w USING (household_id) "
            "WHERE t.kind = 'beneficiary' GROUP BY 1"
        ).to_pylist():
            found[str(r["household_id"])] = Facts(
                _text(r["district"]), _text(r["registered_on"]), _text(r["enumerator_id"])
            )
    if engine.has_table("distributions"):
        for r in engine.query(
            "SELECT d.household_id, d.partner_org_id, min(d.district_code) AS district, "
            "count(*) AS hand_overs, min(CASE WHEN d.reached THEN d.date END) AS first_seen "
            f"FROM distributions d JOIN {_WANTED} w USING (household_id) GROUP BY 1, 2 "
            "ORDER BY 1, 2"
        ).to_pylist():
            household = str(r["household_id"])
            found[household] = _handed(found.get(household, Facts()), r)
    return found


def _handed(facts: Facts, row: Mapping[str, object]) -> Facts:
    """``facts`` with one partner's hand-overs to the household added."""
    seen = [d for d in (facts.first_seen_on, _text(row["first_seen"])) if d is not None]
    return dataclasses.replace(
        facts,
        district=facts.district or _text(row["district"]),
        hand_overs=facts.hand_overs + int(str(row["hand_overs"])),
        first_seen_on=min(seen, default=None),
        partners=(*facts.partners, str(row["partner_org_id"])),
    )


def shared_groups(engine: Engine, sharing: Mapping[str, set[str]]) -> dict[str, list[Group]]:
    """For each household of ``sharing`` (by what its indicator saw shared: ``phone`` or
    ``tazkira``), the groups of households holding one of its shared numbers, as the
    indicator counts them (families registered twice counting once)."""
    if not engine.has_table("person_tokens") or not engine.has_table("integrity_household_groups"):
        return {}
    groups: dict[str, list[Group]] = {}
    for what, households in sorted(sharing.items()):
        if not households:
            continue
        _wanted(engine, households)
        for group in _groups(engine, what):
            for household in set(group.households) & households:
                groups.setdefault(household, []).append(group)
    return groups


def _groups(engine: Engine, what: str) -> list[Group]:
    token, _ = SHARED[what]
    rows = engine.query(
        f"""
        WITH b AS ({BENEFICIARIES}), mine AS (
            SELECT DISTINCT b.{token} AS tok FROM b JOIN {_WANTED} w USING (household_id)
        ), groups AS ({shared_tokens(what)})
        SELECT DISTINCT g.tok, b.household_id FROM b
        JOIN groups g ON b.{token} = g.tok JOIN mine m ON g.tok = m.tok
        WHERE b.household_id IS NOT NULL ORDER BY 1, 2
        """
    ).to_pylist()
    # The token only gathers the group: it never leaves this function.
    by_token: dict[object, list[str]] = {}
    for r in rows:
        by_token.setdefault(r["tok"], []).append(str(r["household_id"]))
    return [Group(what, tuple(h)) for h in by_token.values() if len(h) > 1]


def _listed(alert: Alert) -> list[Mapping[str, object]]:
    """The alert's household entries (``households`` of its evidence)."""
    households = alert.evidence.get("households")
    listed = households if isinstance(households, list) else []
    return [h for h in listed if isinstance(h, Mapping)]


def _own(alert: Alert) -> list[str]:
    return [str(h["household_id"]) for h in _listed(alert)]


def _sharing(alert: Alert, what: str) -> set[str]:
    """The alert's households whose ``shared_<what>`` indicator fired."""
    indicator = f"shared_{what}"
    return {str(h["household_id"]) for h in _listed(alert) if indicator in _indicators(h)}


def _indicators(household: Mapping[str, object]) -> Mapping[str, object]:
    found = household.get("indicators")
    return found if isinstance(found, Mapping) else {}


def with_records(engine: Engine, alerts: Sequence[Alert]) -> list[Alert]:
    """The ghost household alerts with their records and shared numbers added to their evidence
    (``records``, ``shared_with``); any other alert as it is."""
    ghosts = [a for a in alerts if a.kind == AlertKind.GHOST_HOUSEHOLD]
    if not ghosts:
        return list(alerts)
    sharing = {what: set().union(*(_sharing(a, what) for a in ghosts)) for what in SHARED}
    groups = shared_groups(engine, sharing)
    everyone = {h for a in ghosts for h in _own(a)}
    everyone |= {h for found in groups.values() for g in found for h in g.households}
    facts = household_facts(engine, everyone)
    return [
        _recorded(a, groups, facts) if a.kind == AlertKind.GHOST_HOUSEHOLD else a for a in alerts
    ]


def _recorded(alert: Alert, groups: Mapping[str, list[Group]], facts: Mapping[str, Facts]) -> Alert:
    own = _own(alert)
    found = list(dict.fromkeys(g for h in own for g in groups.get(h, [])))
    shared_with = [_shared_group(g, own) for g in found]
    shared: dict[str, list[str]] = {}
    for group in shared_with:
        for household in group["households"]:
            shared.setdefault(household, []).append(group["shared"])
    raised = set(own)
    others = [h for h in dict.fromkeys(shared) if h not in raised]
    records = [_record(h, facts.get(h, Facts()), shared.get(h, [])) for h in own + others]
    if others:
        for record in records:
            record["in_alert"] = record["household_id"] in raised
    evidence = cast(GhostHouseholdEvidence, {**alert.evidence, "records": records})
    if shared_with:
        evidence["shared_with"] = shared_with
    seen = _seen(records[: len(own)])
    return dataclasses.replace(alert, evidence=evidence, summary=alert.summary + seen)


# How one household stands at distributions, as the end of its alert's summary.
PHRASES = {
    SEEN: "seen at a distribution",
    NEVER_SEEN: "never seen at a distribution",
    NO_HAND_OVER: NO_HAND_OVER,
}


def _seen(records: Sequence[HouseholdRecord]) -> str:
    """The alert's households at distributions, for the end of its summary (after a "; "): how
    one household stands, or how many of several were seen."""
    found = [r["at_distributions"] for r in records]
    if not found:
        return ""
    if len(found) == 1:
        return f"; {PHRASES[found[0]]}"
    if set(found) == {NO_HAND_OVER}:
        return f"; {NO_HAND_OVER}"
    return f"; {found.count(SEEN)} of {len(found)} seen at a distribution"


def _shared_group(group: Group, own: Sequence[str]) -> SharedGroup:
    """A group as evidence: the alert's households in it first, then up to ``OTHERS`` more."""
    inside = [h for h in own if h in group.households]
    outside = [h for h in group.households if h not in set(own)]
    return SharedGroup(
        shared=group.shared,
        households=inside + outside[:OTHERS],
        households_sharing=len(group.households),
    )


def _record(household: str, facts: Facts, shared: list[str]) -> HouseholdRecord:
    record = HouseholdRecord(household_id=household, at_distributions=facts.at_distributions)
    if shared:
        record["shared"] = " and ".join(sorted(set(shared)))
    optional = {
        "district": facts.district,
        "registered_on": facts.registered_on,
        "enumerator_id": facts.enumerator_id,
        "first_seen_on": facts.first_seen_on,
    }
    for key, value in optional.items():
        if value is not None:
            record[key] = value  # type: ignore[literal-required]
    if facts.partners:
        record["partners"] = sorted(set(facts.partners))
    return record
