"""Province and district codes from the place names a partner's file writes.

Every table that holds a ``district_code`` or ``province_code`` also accepts the place by name:
a ``province`` column (``#adm1+name``, headed ``Province`` or ``ولایت``) and a ``district``
column (``#adm2+name``, ``District``, ``ولسوالی``). Names are resolved with the gazetteer
(:mod:`aidtrace.places`), whatever spelling the file uses; a district name that several
provinces share (Kohistan, Arghandab…) is resolved within the row's province and refused
without one. A name the gazetteer does not know is a problem of that row, never a guess.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from aidtrace.places.gazetteer import DISTRICT, PROVINCE, Gazetteer, afghanistan

PROVINCE_NAME, DISTRICT_NAME = "province", "district"
PROVINCE_CODE, DISTRICT_CODE = "province_code", "district_code"
# A code field counts as present when one of these fields is (it is derived from them).
DERIVED: dict[str, tuple[str, ...]] = {
    DISTRICT_CODE: (DISTRICT_NAME,),
    PROVINCE_CODE: (PROVINCE_NAME, DISTRICT_NAME, DISTRICT_CODE),
}


@dataclass(frozen=True)
class PlaceProblem:
    """A row whose place name cannot be resolved: the row, the field read and why."""

    index: int
    field: str
    value: str
    why: str


def name_fields(codes: Collection[str], fields: Collection[str]) -> list[str]:
    """The name fields a table with ``codes`` (of ``fields``) accepts besides its own."""
    wanted = []
    if DISTRICT_CODE in codes or PROVINCE_CODE in codes:
        wanted.append(PROVINCE_NAME)
    if DISTRICT_CODE in codes:
        wanted.append(DISTRICT_NAME)
    return [w for w in wanted if w not in fields]


def resolve_places(
    frame: pl.DataFrame, located: Collection[str], gazetteer: Gazetteer | None = None
) -> tuple[pl.DataFrame, list[PlaceProblem]]:
    """Fill the code columns the file lacks from the names it has; rows that cannot be
    resolved are returned as problems (their codes stay null)."""
    places = gazetteer or afghanistan()
    problems: list[PlaceProblem] = []
    columns = set(frame.columns)
    if DISTRICT_CODE in columns and DISTRICT_CODE not in located and DISTRICT_NAME in located:
        codes = _districts(frame, places, PROVINCE_NAME in located, problems)
        frame = frame.with_columns(codes)
        located = {*located, DISTRICT_CODE}
    if PROVINCE_CODE in columns and PROVINCE_CODE not in located:
        frame = frame.with_columns(_provinces(frame, places, located, problems))
    # An unknown province is met both when placing the district and the province: say it once.
    unique = {(p.index, p.field, p.value): p for p in problems}
    return frame, list(unique.values())


def _districts(
    frame: pl.DataFrame, places: Gazetteer, with_province: bool, problems: list[PlaceProblem]
) -> pl.Series:
    """District codes, resolved once per distinct (province, district) pair of the file."""
    pairs = frame.select(
        (pl.col(PROVINCE_NAME) if with_province else pl.lit(None, pl.String)).alias("p"),
        pl.col(DISTRICT_NAME).alias("d"),
    ).with_row_index("row")
    distinct = pairs.select("p", "d").unique(maintain_order=True).drop_nulls("d")
    resolved = [_district(places, d, p) for p, d in distinct.iter_rows()]
    codes = distinct.with_columns(
        pl.Series("code", [code for code, _ in resolved], dtype=pl.String),
        pl.Series("pair", range(len(resolved)), dtype=pl.Int64),
    )
    joined = pairs.join(codes, on=["p", "d"], how="left", nulls_equal=True, maintain_order="left")
    failed = joined.filter(pl.col("code").is_null() & pl.col("d").is_not_null())
    for row, pair in failed.select("row", "pair").iter_rows():
        problem = resolved[pair][1]
        if problem is not None:
            problems.append(PlaceProblem(row, problem.field, problem.value, problem.why))
    return joined.get_column("code").alias(DISTRICT_CODE)


def _district(
    places: Gazetteer, name: str, province: str | None
) -> tuple[str | None, PlaceProblem | None]:
    within = None
    if province is not None:
        found = places.resolve(province, PROVINCE)
        if found is None:
            return None, PlaceProblem(0, PROVINCE_NAME, province, _unknown("province"))
        within = found.pcode
    matches = places.named(name, DISTRICT, within)
    if len(matches) == 1:
        return matches[0].pcode, None
    if not matches:
        where = f"district of {places.places[within].name}" if within else "district"
        return None, PlaceProblem(0, DISTRICT_NAME, name, _unknown(where))
    shared = ", ".join(places.places[p.province_code].name for p in matches)
    why = f"names a district in several provinces ({shared}); give the row's province"
    return None, PlaceProblem(0, DISTRICT_NAME, name, why)


def _provinces(
    frame: pl.DataFrame, places: Gazetteer, located: Collection[str], problems: list[PlaceProblem]
) -> pl.Series:
    """Province codes: from the district code where there is one, else the province name."""
    codes = pl.Series(PROVINCE_CODE, [None] * frame.height, dtype=pl.String)
    if DISTRICT_CODE in located:
        codes = frame.get_column(DISTRICT_CODE).str.slice(0, 4).alias(PROVINCE_CODE)
    if PROVINCE_NAME not in located:
        return codes
    names = frame.get_column(PROVINCE_NAME)
    found = {n: places.resolve(n, PROVINCE) for n in names.drop_nulls().unique().to_list()}
    by_name = names.replace_strict(
        {n: p.pcode for n, p in found.items() if p is not None},
        default=None,
        return_dtype=pl.String,
    )
    unknown = {n for n, p in found.items() if p is None}
    missing = codes.is_null() & names.is_in(list(unknown))
    for row in missing.arg_true().to_list():
        problems.append(PlaceProblem(row, PROVINCE_NAME, names[row], _unknown("province")))
    return codes.fill_null(by_name)


def _unknown(kind: str) -> str:
    where = kind if " of " in kind else f"{kind} of Afghanistan"
    return f"is not a known {where} (see the gazetteer in docs/real-data.md)"
