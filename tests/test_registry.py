"""The typed registry every kind of plug-in uses, and the kinds that use it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from aidtrace.errors import KeyMaterialError, NotFound
from aidtrace.registry import Registry


@dataclass(frozen=True)
class Thing:
    name: str


def _things(*, sort: bool = False) -> Registry[Thing]:
    things: Registry[Thing] = Registry("thing", name_of=lambda t: t.name, sort=sort)
    for name in ("b", "c", "a"):
        things.register(Thing(name))
    return things


@pytest.mark.parametrize(("sort", "order"), [(False, ["b", "c", "a"]), (True, ["a", "b", "c"])])
def test_all_lists_in_registration_order_or_by_name(sort: bool, order: list[str]) -> None:
    assert list(_things(sort=sort).all()) == order


def test_get_returns_what_registered_and_a_later_registration_replaces() -> None:
    things = _things()
    assert things.get("a") == Thing("a")
    other = Thing("a")
    assert things.register(other, "z") is other  # an explicit name wins over name_of
    assert things.get("z") is other
    assert "z" in things
    assert "y" not in things


def test_an_unknown_name_is_one_line_naming_the_known_ones() -> None:
    with pytest.raises(NotFound) as caught:
        _things(sort=True).get("d")
    assert str(caught.value) == "no thing named 'd' (known: a, b, c)"


def test_the_error_class_is_the_registrys() -> None:
    empty: Registry[int] = Registry("key", error=KeyMaterialError)
    with pytest.raises(KeyMaterialError, match=r"no key named 'x' \(known: none\)"):
        empty.get("x")


def test_a_thing_without_a_name_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        Registry[int]("number").register(1)


def test_the_modules_are_imported_on_first_lookup_only() -> None:
    things: Registry[Thing] = Registry("thing", ("aidtrace.no_such_module",))
    things.register(Thing("a"), "a")  # registering imports nothing
    with pytest.raises(ModuleNotFoundError):
        things.all()


@pytest.mark.parametrize(
    ("module", "function", "names"),
    [
        (
            "aidtrace.ingest",
            "all_importers",
            {"ledger", "beneficiaries", "iati", "fts", "contracts"},
        ),
        ("aidtrace.watchlists.formats", "all_formats", {"un_xml", "ofac_csv", "eu_xml"}),
        ("aidtrace.keyring.rotate", "all_rekeyers", {"people", "free_text", "consortium"}),
    ],
)
def test_each_kind_loads_its_modules(module: str, function: str, names: set[str]) -> None:
    import importlib

    registered = getattr(importlib.import_module(module), function)()
    assert names <= set(registered)


def test_formats_keep_their_sniffing_order() -> None:
    from aidtrace.watchlists.formats import all_formats

    formats = list(all_formats())
    assert formats.index("ftm_delta") < formats.index("ftm_json")


def test_schema_components_and_key_sources_are_registered() -> None:
    from aidtrace.privacy.keys import KEY_SOURCES
    from aidtrace.store.migrations import SCHEMAS, latest_versions

    assert {"file", "env", "passphrase", "kms"} <= set(KEY_SOURCES.all())
    assert list(SCHEMAS.all()) == sorted(SCHEMAS.all())
    assert latest_versions()["audit"] >= 1
