"""What every flow detector shares: tunable thresholds, SQL helpers and alert building.

A detector is a registered monitor (``aidtrace.monitors``). Its thresholds live in a frozen
dataclass with documented defaults; a run may override them through ``RunContext.params``
under the monitor's name, e.g. ``{"flows.split_payments": {"window_days": 5}}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TypeVar

from aidtrace.errors import MissingInput
from aidtrace.monitors import RunContext
from aidtrace.store.engine import Engine

T = TypeVar("T")


def thresholds(ctx: RunContext, name: str, default: T) -> T:
    """``default`` with any overrides given for monitor ``name`` in the run's parameters."""
    given = ctx.params.get(name)
    if not isinstance(given, Mapping):
        return default
    return dataclasses.replace(default, **dict(given))  # type: ignore[type-var]


def rows(engine: Engine, sql: str, params: Sequence[object] = ()) -> list[dict[str, object]]:
    """A query's result as plain dicts (aggregates are small; detail stays in the engine)."""
    result: list[dict[str, object]] = engine.query(sql, params).to_pylist()
    return result


def has_rows(engine: Engine, table: str) -> bool:
    """Whether ``table`` exists and holds at least one row."""
    if not engine.has_table(table):
        return False
    return bool(rows(engine, f"SELECT count(*) AS n FROM {table}")[0]["n"])


# What the user imports to fill each table, for the reason a skipped monitor gives.
_IMPORT_KIND = {
    "ledger": "ledger",
    "organisations": "organisations",
    "distributions": "distributions",
    "needs": "needs",
    "market_prices": "prices",
    "iati_transactions": "iati",
}


def require(engine: Engine, *tables: str) -> None:
    """Raise :class:`MissingInput` (the run skips the monitor) unless every table has rows."""
    empty = [t for t in tables if not has_rows(engine, t)]
    if empty:
        kinds = ", ".join(_IMPORT_KIND.get(t, t) for t in empty)
        raise MissingInput(f"nothing imported yet of: {kinds} (`aidtrace import KIND FILE`)")


def usd(value: object) -> str:
    """A USD amount as an officer reads it."""
    return f"US${float(value or 0):,.0f}"  # type: ignore[arg-type]


def num(value: object) -> float:
    """A SQL aggregate as a float (nulls count as zero)."""
    return float(value or 0)  # type: ignore[arg-type]
