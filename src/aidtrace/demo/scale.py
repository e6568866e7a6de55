"""How big a scenario is: ``--scale small | 10k | 100k | 1m | <number>`` beneficiaries."""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from aidtrace.errors import InputError

NAMED = {"tiny": 2_000, "small": 20_000, "medium": 100_000, "large": 1_000_000}
SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}
MEAN_HOUSEHOLD = 7.0  # Afghan households average about seven members (NSIA, ALCS 2016–17)
HOUSEHOLDS_PER_DISTRICT = 360  # caseload a sub-partner team registers in one district
WEEKS = 13  # one quarter of weekly flows


@dataclass(frozen=True)
class Scale:
    """The target number of beneficiaries (people) and what follows from it."""

    beneficiaries: int
    label: str

    @property
    def households(self) -> int:
        return max(40, round(self.beneficiaries / MEAN_HOUSEHOLD))

    @property
    def active_districts(self) -> int:
        return max(12, min(401, round(self.households / HOUSEHOLDS_PER_DISTRICT)))

    @property
    def weeks(self) -> int:
        return WEEKS


def parse_scale(text: str) -> Scale:
    """``small``, ``10k``, ``1.5m`` or a plain number of beneficiaries."""
    key = text.strip().lower()
    if key in NAMED:
        return Scale(NAMED[key], key)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([km]?)", key)
    if not match:
        raise InputError(f"scale {text!r} is not a size: use small, 10k, 100k, 1m or a number")
    count = round(float(match.group(1)) * SUFFIX[match.group(2)])
    if not 200 <= count <= 50_000_000:
        raise InputError(f"scale {text!r} is out of range (200 to 50m beneficiaries)")
    return Scale(count, key)


def stream(seed: int, label: str) -> random.Random:
    """An independent random stream per concept, so adding draws in one keeps the others stable."""
    return random.Random(seed * 0x1_0000_0000 + zlib.crc32(label.encode()))
