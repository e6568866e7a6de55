"""What every flow detector shares: tunable thresholds, SQL helpers and alert building.

A detector is a registered monitor (``aidtrace.monitors``). Its thresholds live in a frozen
dataclass with documented defaults; a run overrides them through the monitor's own
``RunContext.params`` (``aidtrace run -p flows.split_payments:window_days=5`` gives the
split-payments monitor ``{"window_days": "5"}``). Text values, as the command line gives them,
are read as the threshold's type; an unknown name or an unreadable value is an ``InputError``.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from aidtrace.errors import InputError, MissingInput
from aidtrace.monitors import RunContext
from aidtrace.store.engine import Engine

T = TypeVar("T")


def thresholds(ctx: RunContext, name: str, default: T) -> T:
    """``default`` with the overrides the run gives monitor ``name`` (its ``ctx.params``)."""
    if not ctx.params:
        return default
    hints = typing.get_type_hints(type(default))
    changes: dict[str, object] = {}
    for key, value in ctx.params.items():
        if key not in hints:
            known = ", ".join(f.name for f in dataclasses.fields(default))  # type: ignore[arg-type]
            raise InputError(f"{name} has no parameter {key!r} (known: {known})")
        changes[key] = _as_type(name, key, value, hints[key])
    return dataclasses.replace(default, **changes)  # type: ignore[type-var]


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _as_type(name: str, key: str, value: object, hint: Any) -> object:
    """``value`` as the threshold's declared type; text (from the command line) is parsed."""
    if not isinstance(value, str) or hint is str:
        return value
    text = value.strip()
    try:
        if hint is bool:
            if text.lower() not in _TRUE | _FALSE:
                raise ValueError(text)
            return text.lower() in _TRUE
        if hint in (int, float):
            return hint(text)
        if typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            return tuple(item(part.strip()) for part in text.split(",") if part.strip())
    except ValueError:
        raise InputError(f"{name}:{key}={value!r} is not a {_type_name(hint)}") from None
    raise InputError(f"{name}:{key} cannot be given as text; pass it from Python")


def _type_name(hint: Any) -> str:
    if typing.get_origin(hint) is tuple:
        return f"comma-separated list of {typing.get_args(hint)[0].__name__}"
    return "yes/no value" if hint is bool else str(getattr(hint, "__name__", hint))


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
