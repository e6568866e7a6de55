"""A tile-grid map of Afghanistan's 34 provinces, coloured by how much of the plan was delivered.

Equal tiles on a fixed grid read better than a true map on a small screen and need no
shapefile: every province gets the same weight, and positions keep their neighbours roughly
where a reader from the region expects them (Herat west, Badakhshan north-east, Kandahar south).
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.flows.summary import ProvinceFigure

# Province code (OCHA/AGCHO order) -> (name, column, row); column grows east, row grows south.
PROVINCES: dict[str, tuple[str, int, int]] = {
    "AF28": ("Jawzjan", 2, 0),
    "AF21": ("Balkh", 3, 0),
    "AF19": ("Kunduz", 4, 0),
    "AF18": ("Takhar", 5, 0),
    "AF17": ("Badakhshan", 6, 0),
    "AF31": ("Badghis", 0, 1),
    "AF29": ("Faryab", 1, 1),
    "AF22": ("Sar-e-Pul", 2, 1),
    "AF20": ("Samangan", 3, 1),
    "AF09": ("Baghlan", 4, 1),
    "AF08": ("Panjshir", 5, 1),
    "AF16": ("Nuristan", 6, 1),
    "AF15": ("Kunar", 7, 1),
    "AF32": ("Herat", 0, 2),
    "AF23": ("Ghor", 1, 2),
    "AF10": ("Bamyan", 2, 2),
    "AF03": ("Parwan", 3, 2),
    "AF02": ("Kapisa", 4, 2),
    "AF07": ("Laghman", 5, 2),
    "AF06": ("Nangarhar", 6, 2),
    "AF33": ("Farah", 0, 3),
    "AF24": ("Daykundi", 1, 3),
    "AF04": ("Wardak", 2, 3),
    "AF01": ("Kabul", 3, 3),
    "AF05": ("Logar", 4, 3),
    "AF13": ("Paktya", 5, 3),
    "AF14": ("Khost", 6, 3),
    "AF34": ("Nimroz", 0, 4),
    "AF30": ("Helmand", 1, 4),
    "AF25": ("Uruzgan", 2, 4),
    "AF11": ("Ghazni", 3, 4),
    "AF12": ("Paktika", 4, 4),
    "AF27": ("Kandahar", 2, 5),
    "AF26": ("Zabul", 3, 5),
}

# Palest to darkest; the darkest tile is the least of its plan delivered, so the eye goes to gaps.
RAMP = ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40")
NO_DATA = "#e6e6e6"


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: float
    y: float
    fill: str
    share: float | None
    usd_per_person: float | None

    @property
    def short(self) -> str:
        return self.name[:4]


@dataclass(frozen=True)
class TileMap:
    width: float
    height: float
    size: float
    tiles: tuple[Tile, ...]
    top_share: float
    legend: tuple[tuple[str, str], ...]


def tile_map(figures: list[ProvinceFigure], size: float = 64.0, gap: float = 4.0) -> TileMap:
    """Every province on the grid; colour is the share of plan delivered, relative to the best."""
    by_code = {f.province_code: f for f in figures}
    shares = [s for f in figures if (s := f.share_of_plan) is not None]
    top = max(shares, default=0.0)
    tiles = []
    for code, (name, col, row) in PROVINCES.items():
        figure = by_code.get(code)
        share = figure.share_of_plan if figure else None
        tiles.append(
            Tile(
                code,
                name,
                col * (size + gap),
                row * (size + gap),
                _colour(share, top),
                share,
                figure.usd_per_person_in_need if figure else None,
            )
        )
    columns = 1 + max(c for _, c, _ in PROVINCES.values())
    rows = 1 + max(r for _, _, r in PROVINCES.values())
    return TileMap(
        columns * (size + gap), rows * (size + gap), size, tuple(tiles), top, _legend(top)
    )


def _colour(share: float | None, top: float) -> str:
    if share is None:
        return NO_DATA
    if top <= 0:
        return RAMP[0]
    step = min(int(share / top * len(RAMP)), len(RAMP) - 1)
    return RAMP[len(RAMP) - 1 - step]


def _legend(top: float) -> tuple[tuple[str, str], ...]:
    """(colour, label) from the least delivered band to the most."""
    band = top / len(RAMP)
    return tuple(
        (RAMP[len(RAMP) - 1 - i], f"{_pct(i * band)}–{_pct((i + 1) * band)}")
        for i in range(len(RAMP))
    )


def _pct(share: float) -> str:
    value = share * 100
    return f"{value:.2g}%" if value < 10 else f"{value:.0f}%"
