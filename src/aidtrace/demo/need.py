"""People in need per district, on the country's scale: the published 2024 caseload where it says
something, and one documented rule where it does not.

The Humanitarian Needs and Response Plan 2024 caseload (OCHA HPC) is read at run time from the
published data folder when there is one (``$AIDTRACE_REAL_DATA``, else
``shared/data/real/afghanistan`` in the working directory or above; never copied into aidtrace).
The published file gives the national total and one province and one district (Kabul, AF01 and
AF0101); every other figure follows from those by :func:`spread`:

* a province without a published figure shares what the national total leaves over in
  proportion to :data:`~aidtrace.demo.geography.PROVINCES`' estimate (NSIA population times the
  in-need share of its typical IPC phase);
* a district without a published figure shares what its province leaves over, the province
  centre (the district whose P-code ends in 01) counting :data:`CENTRE_WEIGHT` times any other.

Without the folder the estimate stands in for the national and Kabul figures too, and
:attr:`Caseload.source` says so.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aidtrace.demo.geography import PIN_SHARE, PROVINCES
from aidtrace.errors import InputError
from aidtrace.places import Place, afghanistan
from aidtrace.places.gazetteer import province_of

DATA_ENV = "AIDTRACE_REAL_DATA"
RELATIVE = Path("shared") / "data" / "real" / "afghanistan"
CENTRE_WEIGHT = 4.0  # a province centre holds the provincial capital: several districts' people
# The 2024 plan targeted 17,327,995 of 23,666,389 people in need; used when no file says so.
TARGETED_SHARE = 17_327_995 / 23_666_389
OVERALL, TOTALS = "ALL", ("total", "")


@dataclass(frozen=True)
class Published:
    """What a caseload file says overall (cluster ALL, total) per level."""

    national: int
    targeted: int | None = None
    provinces: dict[str, int] = field(default_factory=dict)
    districts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Caseload:
    """People in need per district P-code (country scale) and where the figures come from."""

    districts: dict[str, int]
    targeted_share: float
    source: str


def find_caseload(given: Path | None = None, start: Path | None = None) -> Path | None:
    """The published caseload CSV: in ``given`` (a file, or a folder holding ``hno/``), else in
    ``$AIDTRACE_REAL_DATA``, else under ``shared/data/real/afghanistan`` here or above; ``None``
    when there is none."""
    if given is None and os.environ.get(DATA_ENV):
        given = Path(os.environ[DATA_ENV])
    if given is not None:
        return _csv_in(given)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (found := _csv_in(folder / RELATIVE)) is not None:
            return found
    return None


def _csv_in(path: Path) -> Path | None:
    if path.is_file():
        return path
    return next(iter(sorted((path / "hno").glob("*.csv"))), None)


def read_published(path: Path) -> Published:
    """The overall figures of an HPC caseload export (``Admin 1 PCode``, ``Admin 2 PCode``,
    ``Cluster``, ``Category``, ``In Need``, ``Targeted``)."""
    national: int | None = None
    targeted: int | None = None
    provinces: dict[str, int] = {}
    districts: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if (row.get("Cluster") or "").strip() != OVERALL:
                continue
            if (row.get("Category") or "").strip() not in TOTALS:
                continue
            in_need = _count(row.get("In Need"), path, line)
            admin1, admin2 = ((row.get(f"Admin {n} PCode") or "").strip() for n in (1, 2))
            if in_need is None:
                continue
            if admin2:
                districts[_place(admin2, path, line).pcode] = in_need
            elif admin1:
                provinces[_place(admin1, path, line).pcode] = in_need
            else:
                national, targeted = in_need, _count(row.get("Targeted"), path, line)
    if national is None:
        raise InputError(
            "no national row (cluster ALL, no P-code) with people in need", source=path
        )
    return Published(national, targeted, provinces, districts)


def _count(raw: str | None, path: Path, line: int) -> int | None:
    text = (raw or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"column 'In Need': {raw!r} is not a count", source=path, record=line)
    return int(text)


def _place(code: str, path: Path, line: int) -> Place:
    place = afghanistan().by_code(code)
    if place is None:
        raise InputError(f"{code!r} is not an Afghan P-code", source=path, record=line)
    return place


def estimate() -> dict[str, float]:
    """People in need per province by the committed table: population times phase share."""
    return {code: k * 1000 * PIN_SHARE[phase] for code, k, phase in PROVINCES}


def spread(published: Published) -> dict[str, int]:
    """People in need of every district of the gazetteer (see the module's rule)."""
    provinces = whole(_shares(published.national, published.provinces, estimate()))
    gazetteer = afghanistan()
    weights = {
        d.pcode: CENTRE_WEIGHT if d.pcode.endswith("01") else 1.0 for d in gazetteer.districts()
    }
    out: dict[str, int] = {}
    for code, in_need in sorted(provinces.items()):
        mine = {d: w for d, w in weights.items() if province_of(d) == code}
        given = {d: n for d, n in published.districts.items() if province_of(d) == code}
        out |= whole(_shares(in_need, given, mine))
    return out


def whole(shares: Mapping[str, float]) -> dict[str, int]:
    """Shares rounded to whole people that still add up to their rounded sum (largest
    remainders get the odd person), so published totals survive the spreading exactly."""
    out = {k: int(v) for k, v in shares.items()}
    short = round(sum(shares.values())) - sum(out.values())
    by_remainder = sorted(shares, key=lambda k: (out[k] - shares[k], k))
    for k in by_remainder[: max(0, short)]:
        out[k] += 1
    return out


def _shares(
    total: float, given: Mapping[str, int], weights: Mapping[str, float]
) -> dict[str, float]:
    """``given`` figures as they are; what ``total`` leaves over shared among the other keys of
    ``weights`` in proportion to their weight (nothing when the given ones exceed it)."""
    rest = {k: w for k, w in weights.items() if k not in given}
    left = max(0.0, total - sum(given.values()))
    scale = left / sum(rest.values()) if rest else 0.0
    return {**{k: float(n) for k, n in given.items()}, **{k: w * scale for k, w in rest.items()}}


def caseload(given: Path | None = None) -> Caseload:
    """People in need per district from the published caseload if found, else the estimate."""
    path = find_caseload(given)
    if path is None:
        national = round(sum(estimate().values()))
        where = f" in {given}" if given else f" (set {DATA_ENV} to its folder)"
        source = (
            f"committed estimate, {national:,} in need (NSIA population x IPC-phase share); "
            f"the published HNRP 2024 caseload was not found{where}"
        )
        return Caseload(spread(Published(national)), TARGETED_SHARE, source)
    published = read_published(path)
    share = published.targeted / published.national if published.targeted else TARGETED_SHARE
    named = len(published.provinces) + len(published.districts)
    source = (
        f"HNRP 2024 caseload {path}, {published.national:,} in need; {named} province and "
        "district figures as published, the rest spread by the rule in docs/demo.md"
    )
    return Caseload(spread(published), share, source)
