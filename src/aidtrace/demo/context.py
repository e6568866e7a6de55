"""What every part of the generator shares while one scenario is being made."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aidtrace.demo.geography import District
from aidtrace.demo.households import Counters
from aidtrace.demo.listed import Listed
from aidtrace.demo.names import NamePool
from aidtrace.demo.noise import LEVELS, Noise
from aidtrace.demo.programmes import Network
from aidtrace.demo.scale import Scale, stream
from aidtrace.demo.staff import Payroll
from aidtrace.demo.truth import Innocent, Plant
from aidtrace.progress import Progress

START = date(2024, 1, 1)  # a Monday: week 1 of the flows (10 Jadi 1402 in the Solar Hijri calendar)


@dataclass(frozen=True)
class HouseholdRef:
    """What the flows need to know about a registered household."""

    household_id: str
    programme: int
    head_id: str
    size: int
    ghost: bool
    offset: int  # the week of each four-week cycle in which the household is served
    served_from: int = 0  # first week served (a household registered again after it moved)
    served_until: int = 1 << 30  # the week it stops being served (it moved away)

    def served_in(self, week: int) -> bool:
        return self.served_from <= week < self.served_until


@dataclass
class Context:
    seed: int
    scale: Scale
    out_dir: Path
    progress: Progress
    pool: NamePool
    districts: list[District]
    net: Network
    payroll: Payroll
    counters: Counters
    listed: list[Listed]
    noise: Noise = LEVELS[0]
    plants: list[Plant] = field(default_factory=list)
    innocent: list[Innocent] = field(default_factory=list)
    households: list[HouseholdRef] = field(default_factory=list)

    def rng(self, label: str) -> random.Random:
        return stream(self.seed, label)
