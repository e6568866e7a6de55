"""Afghanistan's 34 provinces as a tile-grid map: one square each, roughly where it lies.

Codes are OCHA's P-codes (AF01 Kabul … AF34 Nimroz); rows run north to south, columns west to
east. A tile grid keeps every province the same size, so small central provinces stay legible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    row: int
    col: int


TILES: tuple[Tile, ...] = (
    Tile("AF29", "Faryab", 0, 1),
    Tile("AF28", "Jawzjan", 0, 2),
    Tile("AF21", "Balkh", 0, 3),
    Tile("AF19", "Kunduz", 0, 4),
    Tile("AF18", "Takhar", 0, 5),
    Tile("AF17", "Badakhshan", 0, 6),
    Tile("AF31", "Badghis", 1, 0),
    Tile("AF22", "Sar-e-Pul", 1, 1),
    Tile("AF20", "Samangan", 1, 2),
    Tile("AF09", "Baghlan", 1, 3),
    Tile("AF08", "Panjsher", 1, 4),
    Tile("AF16", "Nuristan", 1, 5),
    Tile("AF32", "Hirat", 2, 0),
    Tile("AF23", "Ghor", 2, 1),
    Tile("AF10", "Bamyan", 2, 2),
    Tile("AF03", "Parwan", 2, 3),
    Tile("AF02", "Kapisa", 2, 4),
    Tile("AF07", "Laghman", 2, 5),
    Tile("AF15", "Kunar", 2, 6),
    Tile("AF33", "Farah", 3, 0),
    Tile("AF24", "Daykundi", 3, 1),
    Tile("AF04", "Wardak", 3, 2),
    Tile("AF01", "Kabul", 3, 3),
    Tile("AF05", "Logar", 3, 4),
    Tile("AF06", "Nangarhar", 3, 5),
    Tile("AF34", "Nimroz", 4, 0),
    Tile("AF30", "Hilmand", 4, 1),
    Tile("AF25", "Uruzgan", 4, 2),
    Tile("AF11", "Ghazni", 4, 3),
    Tile("AF13", "Paktya", 4, 4),
    Tile("AF14", "Khost", 4, 5),
    Tile("AF27", "Kandahar", 5, 2),
    Tile("AF26", "Zabul", 5, 3),
    Tile("AF12", "Paktika", 5, 4),
)

BY_CODE = {t.code: t for t in TILES}


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalpha())


_BY_NAME = {_key(t.name): t for t in TILES} | {
    _key(alias): BY_CODE[code]
    for alias, code in (
        ("Herat", "AF32"),
        ("Helmand", "AF30"),
        ("Jowzjan", "AF28"),
        ("Panjshir", "AF08"),
        ("Paktia", "AF13"),
        ("Sar-e Pol", "AF22"),
        ("Maidan Wardak", "AF04"),
        ("Urozgan", "AF25"),
    )
}


def find_tile(code: str | None, name: str | None = None) -> Tile | None:
    """The tile for a province given by P-code (or, failing that, by name in any usual spelling)."""
    if code and code.upper() in BY_CODE:
        return BY_CODE[code.upper()]
    return _BY_NAME.get(_key(name)) if name else None
