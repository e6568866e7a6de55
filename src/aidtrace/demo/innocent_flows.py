"""Innocent money trails: reports that arrive late or in parts, and winter surges.

A partner's IATI *incoming funds* are its own account of what arrived. In a real operation some
of those accounts are dated a week or two after the payment (the bank credited it late, the
report was filed late) and some come in two instalments (a first tranche reported at once, the
rest when it cleared). The money is all there; only the week it shows in differs.

In winter some programmes pay every household a top-up for fuel and blankets (AFN 3,000 through
the province's hawala agent) over two weeks of January or February: twice the hand-overs of an
ordinary week, paid for by a bigger grant down the chain. Each such payment or round is recorded
in the ground truth as an :class:`~aidtrace.demo.truth.Innocent`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from aidtrace.demo.context import START, Context, HouseholdRef
from aidtrace.demo.noise import Noise
from aidtrace.demo.truth import IdField, Innocent, Pattern

Report = tuple[date, float]  # the day a receiver reports money arrived, and how much
TOP_UP_AFN = 3000.0  # a winter top-up per household (fuel and blankets), paid in cash
WINTER_WEEKS = range(1, 7)  # a surge starts in one of these weeks (January to mid-February)


class Reporting:
    """When and in how many parts each receiver reports the money it was sent."""

    def __init__(self, noise: Noise, rng: random.Random, innocent: list[Innocent]) -> None:
        self.noise = noise
        self.rng = rng
        self.innocent = innocent

    def incoming(self, txn_id: str, day: date, received: float, whole: bool) -> list[Report]:
        """The receiver's reports of one payment (``whole``: nothing was skimmed on the way —
        skimmed payments are planted leakage and are reported on time, in one piece)."""
        if self.noise.clean or not whole:
            return [(day, round(received, 2))]
        roll = self.rng.random()
        if roll < self.noise.late_report:
            late = day + timedelta(days=self.rng.randint(7, 13))
            self._record(Pattern.LATE_REPORT, txn_id, day, [late])
            return [(late, round(received, 2))]
        if roll < self.noise.late_report + self.noise.partial_report:
            first = round(received * self.rng.uniform(0.4, 0.85), 2)
            rest = day + timedelta(days=self.rng.randint(7, 20))
            self._record(Pattern.PARTIAL_REPORT, txn_id, day, [day, rest])
            return [(day, first), (rest, round(received - first, 2))]
        return [(day, round(received, 2))]

    def _record(self, pattern: Pattern, txn_id: str, paid: date, reported: list[date]) -> None:
        detail = {"paid_on": paid.isoformat(), "reported_on": [d.isoformat() for d in reported]}
        self.innocent.append(Innocent(pattern, {IdField.TXN: (txn_id,)}, detail))


class Surge:
    """One programme's winter top-up: the weeks it runs and what it paid."""

    def __init__(self, programme: int, start: int) -> None:
        self.programme, self.weeks = programme, range(start, start + 2)
        self.txns: list[str] = []
        self.distributions: list[str] = []

    def offsets(self, week: int) -> tuple[int, int]:
        """Whose top-up is paid this week: two of the four weekly groups, all four in two weeks
        (those served this week anyway, and those two weeks away)."""
        return week % 4, (week + 2) % 4


class Surges:
    """Plans the winter top-ups and records them as innocent once the weeks have run."""

    def __init__(self, ctx: Context, programmes: int, leaking: set[int]) -> None:
        """``leaking``: programmes with planted leakage, left without a surge so that no record
        is both planted and innocent."""
        rng = ctx.rng("noise-surges")
        self.ctx = ctx
        weeks = [w for w in WINTER_WEEKS if w + 2 <= ctx.scale.weeks]
        chosen = [
            p
            for p in range(programmes)
            if weeks and rng.random() < ctx.noise.surge and p not in leaking
        ]
        self.by_programme = {p: Surge(p, rng.choice(weeks)) for p in chosen}

    def households(
        self, p: int, week: int, served: dict[tuple[int, int], list[HouseholdRef]]
    ) -> list[HouseholdRef]:
        """The households of programme ``p`` topped up this week (none outside a surge)."""
        surge = self.by_programme.get(p)
        if surge is None or week not in surge.weeks:
            return []
        return [
            r
            for offset in surge.offsets(week)
            for r in served.get((p, offset), [])
            if r.served_in(week) and not r.ghost
        ]

    def note(self, p: int, txns: list[str], distributions: list[str]) -> None:
        self.by_programme[p].txns += txns
        self.by_programme[p].distributions += distributions

    def record(self) -> None:
        for p, surge in sorted(self.by_programme.items()):
            if not surge.txns:
                continue
            prog = self.ctx.net.programmes[p]
            ids = {IdField.TXN: tuple(surge.txns), IdField.DISTRIBUTION: tuple(surge.distributions)}
            weeks = [(START + timedelta(days=7 * w)).isoformat() for w in surge.weeks]
            detail = {
                "district_code": prog.district.code,
                "sub_partner": prog.sub_partner,
                "weeks_from": weeks,
                "top_up_afn": TOP_UP_AFN,
            }
            self.ctx.innocent.append(Innocent(Pattern.SEASONAL_SURGE, ids, detail))
