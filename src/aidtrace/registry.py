"""A small typed registry: named things of one kind, each registered by the module defining it.

Importers, watchlist formats, schema migrations, key sources, re-keyers and monitors each keep
one ``Registry``; its ``modules`` are imported on the first lookup, so a registry costs nothing
until it is used and a command loads only the kinds it asks for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from aidtrace.errors import AidtraceError, NotFound

T = TypeVar("T")


class Registry(Generic[T]):
    """Things of one ``kind`` by name. ``all()`` lists them in the order they registered (the
    order of ``modules``), or by name if ``sort``; ``get`` of an unknown name raises ``error``
    in one line naming the known ones. ``by_name`` is the live table (tests may patch it)."""

    def __init__(
        self,
        kind: str,
        modules: Sequence[str] = (),
        *,
        name_of: Callable[[T], str] | None = None,
        sort: bool = False,
        error: type[AidtraceError] = NotFound,
    ) -> None:
        self.kind = kind
        self.modules = tuple(modules)
        self.by_name: dict[str, T] = {}
        self._name_of = name_of
        self._sort = sort
        self._error = error
        self._loaded = False

    def register(self, item: T, name: str | None = None) -> T:
        """Add ``item`` under ``name`` (by default the name ``name_of`` reads from it); a later
        registration under the same name replaces the earlier one. Returns ``item``."""
        if name is None:
            if self._name_of is None:
                raise ValueError(f"a {self.kind} needs a name to be registered")
            name = self._name_of(item)
        self.by_name[name] = item
        return item

    def all(self) -> dict[str, T]:
        """Every registered thing, by name, after importing the modules that register them."""
        self._load()
        items = sorted(self.by_name.items()) if self._sort else self.by_name.items()
        return dict(items)

    def get(self, name: str) -> T:
        """The thing registered as ``name``; ``error`` naming the known ones if there is none."""
        if name not in self:
            known = ", ".join(self.all()) or "none"
            raise self._error(f"no {self.kind} named {name!r} (known: {known})")
        return self.by_name[name]

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self.by_name

    def _load(self) -> None:
        if self._loaded:
            return
        for module in self.modules:
            importlib.import_module(module)
        self._loaded = True
