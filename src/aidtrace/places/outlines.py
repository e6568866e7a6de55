"""Afghanistan's 34 province outlines, simplified, for the maps of the desk and the report.

The outlines are derived from the IPC's published area polygons (``ipc_afg.geojson``, IPC
acute food insecurity analysis; see ``real/afghanistan/README.md`` in the shared data): each
province polygon simplified with Douglas–Peucker at 0.02° (about 2 km, under a pixel on a map
of the country 700 px wide) and rounded to 0.01°. The simplified table ships in
``outline_table`` so that maps draw on a machine without the shared data; ``derive`` rebuilds it
from the file (``write_table``), and a test checks the two agree. The IPC's urban areas
(points) are left out. Each province's label point is worked out then too.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError
from aidtrace.places.afghanistan import PROVINCES, PROVINCES_FA

TOLERANCE = 0.02  # degrees
DIGITS = 2

Point = tuple[float, float]  # longitude, latitude
Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Outline:
    """One province: its P-code, official and Dari names, rings, and where its label goes."""

    code: str
    name: str
    name_fa: str
    rings: tuple[Ring, ...]
    label: Point


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.dist(p, a)
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / math.hypot(dx, dy)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the fewest of ``points`` that stay within ``tolerance`` of the line."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, first
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(coords: Iterable[Sequence[float]]) -> Ring | None:
    points = [(float(c[0]), float(c[1])) for c in coords]
    # A closed ring is split in two so that its far side is kept.
    half = len(points) // 2
    kept = simplify(points[: half + 1], TOLERANCE)[:-1] + simplify(points[half:], TOLERANCE)
    rounded = [(round(x, DIGITS), round(y, DIGITS)) for x, y in kept]
    unique = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    if len(unique) < 4:
        return None
    # Clockwise (as d3-geo, which draws the desk's maps, wants an outer ring); the IPC's
    # polygons come either way round.
    return tuple(unique) if _area(tuple(unique)) < 0 else tuple(reversed(unique))


def _polygons(geometry: dict[str, Any]) -> list[list[list[Sequence[float]]]]:
    coords: Any = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        return [coords]
    if geometry.get("type") == "MultiPolygon":
        return list(coords)
    return []  # the urban areas are points


def encode(rings: Iterable[Ring]) -> str:
    """Rings as text: points ``lon lat`` joined by commas, rings by semicolons."""
    return ";".join(",".join(f"{x:g} {y:g}" for x, y in ring) for ring in rings)


def decode(text: str) -> tuple[Ring, ...]:
    return tuple(
        tuple((float(x), float(y)) for x, y in (p.split(" ") for p in ring.split(",")))
        for ring in text.split(";")
    )


def derive(geojson: Path) -> dict[str, tuple[Point, str]]:
    """The outline table from the IPC's GeoJSON file: P-code → (label point, encoded outer
    rings)."""
    from aidtrace.places.gazetteer import PROVINCE, afghanistan

    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    gazetteer, table = afghanistan(), {}
    for feature in features:
        polygons = _polygons(feature["geometry"])
        if not polygons:
            continue
        title = str(feature["properties"]["title"])
        place = gazetteer.resolve(title, level=PROVINCE)
        if place is None:
            raise InputError(f"{geojson.name}: {title!r} is not a province", source=str(geojson))
        rings = [r for polygon in polygons if (r := _ring(polygon[0])) is not None]
        largest = max(rings, key=lambda r: abs(_area(r)))
        table[place.pcode] = (label_point(largest), encode(rings))
    return dict(sorted(table.items()))


def _edges(ring: Ring) -> list[tuple[Point, Point]]:
    return list(zip(ring, ring[1:] + ring[:1], strict=True))


def _area(ring: Ring) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring))


def _inside(p: Point, ring: Ring) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in _edges(ring):
        if (y0 > p[1]) != (y1 > p[1]) and p[0] < x0 + (p[1] - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def label_point(ring: Ring, steps: int = 24) -> Point:
    """Where a province's name goes: of a grid of points inside the ring, the one farthest
    from its border (a centroid can fall outside a bent province, or in a narrow corridor)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    edges = _edges(ring)
    best, room = ring[0], -1.0
    for i in range(1, steps):
        for j in range(1, steps):
            p = (
                min(xs) + (max(xs) - min(xs)) * i / steps,
                min(ys) + (max(ys) - min(ys)) * j / steps,
            )
            if not _inside(p, ring):
                continue
            distance = min(_segment_distance(p, a, b) for a, b in edges)
            if distance > room:
                best, room = p, distance
    return (round(best[0], 3), round(best[1], 3))


@lru_cache(maxsize=1)
def outlines() -> tuple[Outline, ...]:
    """Every province with its outline, in P-code order."""
    from aidtrace.places.outline_table import LABELS, OUTLINES

    names = {code: name for code, name, _ in PROVINCES}
    return tuple(
        Outline(code, names[code], PROVINCES_FA[code], decode(text), LABELS[code])
        for code, text in OUTLINES.items()
    )


@dataclass(frozen=True)
class Frame:
    """A projection of longitude/latitude onto a drawing ``width`` wide: equirectangular,
    scaled by the cosine of the middle latitude (so Afghanistan keeps its shape)."""

    west: float
    north: float
    scale: float
    squeeze: float
    width: float
    height: float

    def xy(self, p: Point) -> tuple[float, float]:
        return (
            round((p[0] - self.west) * self.squeeze * self.scale, 1),
            round((self.north - p[1]) * self.scale, 1),
        )


def frame(shapes: Iterable[Outline], width: float) -> Frame:
    points = [p for o in shapes for ring in o.rings for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = width / ((east - west) * squeeze)
    return Frame(west, north, scale, squeeze, width, round((north - south) * scale, 1))


def svg_path(outline: Outline, f: Frame) -> str:
    """The outline as an SVG path in frame ``f``."""
    parts = []
    for ring in outline.rings:
        xy = [f.xy(p) for p in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)


def write_table(geojson: Path, target: Path) -> None:
    """Write ``outline_table.py`` from the IPC's GeoJSON file."""
    table = derive(geojson)
    lines = [
        '"""The 34 province outlines, simplified: generated by',
        "``aidtrace.places.outlines.write_table`` from the IPC's ``ipc_afg.geojson`` (IPC acute",
        "food insecurity analysis, Afghanistan, published on HDX); do not edit by hand. P-code →",
        'rings of ``lon lat`` points, and where the province\'s name goes."""',
        "",
        "LABELS: dict[str, tuple[float, float]] = {",
        *(f'    "{code}": ({x!r}, {y!r}),' for code, ((x, y), _) in table.items()),
        "}",
        "",
        "OUTLINES: dict[str, str] = {",
    ]
    for code, (_, text) in table.items():
        lines.append(f'    "{code}": (')
        lines += [f'        "{chunk}"' for chunk in _chunks(text, 86)]
        lines.append("    ),")
    target.write_text("\n".join([*lines, "}", ""]), encoding="utf-8")


def _chunks(text: str, width: int) -> list[str]:
    chunks = []
    while len(text) > width:
        cut = text.rfind(",", 0, width) + 1 or width
        chunks.append(text[:cut])
        text = text[cut:]
    return [*chunks, text]
