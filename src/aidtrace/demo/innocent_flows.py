"""Innocent money trails: reports that arrive late or in parts, and winter surges.

A partner's IATI *incoming funds* are its own account of what arrived. In a real operation some
of those accounts are dated a week or two after the payment (the bank credited it late, the
report was filed late) and some come in two instalments (a first tranche reported at once, the
rest when it cleared). The money is all there; only the week it shows in differs. Each such
payment is recorded in the ground truth as an :class:`~aidtrace.demo.truth.Innocent`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from aidtrace.demo.noise import Noise
from aidtrace.demo.truth import IdField, Innocent, Pattern

Report = tuple[date, float]  # the day a receiver reports money arrived, and how much


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
