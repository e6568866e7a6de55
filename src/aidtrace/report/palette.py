"""Colours for the maps of the report and the desk, and text that stays readable on them.

A map colours each province by a band of its figure; its name is written on it in black or
white, whichever contrasts more with that band's colour. With black and white to choose from,
every colour reaches a WCAG contrast ratio of at least 4.5 (the bar for normal text) with one
of them, so no name is lost on a dark province (as dark text on dark tiles once was).
"""

from __future__ import annotations

from collections.abc import Sequence

BLACK, WHITE = "#000000", "#ffffff"
NO_DATA = "#e4e7ec"

# Seven bands, light to dark: blues for "how much reached people", reds for "how far behind".
BLUES = ("#eff5fb", "#d0e2f2", "#a9cce6", "#79b0d8", "#4a8fc6", "#2a6eae", "#124f8c")
REDS = ("#fde0c5", "#fbc19f", "#f7a07c", "#ef7a5d", "#dc5340", "#b7352c", "#8a1f1c")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    return BLACK if contrast(fill, BLACK) >= contrast(fill, WHITE) else WHITE


def band(value: float | None, top: float, ramp: Sequence[str]) -> str:
    """The colour of ``value`` on ``ramp``, split into equal bands from 0 to ``top``."""
    if value is None:
        return NO_DATA
    if top <= 0:
        return ramp[0]
    return ramp[min(int(value / top * len(ramp)), len(ramp) - 1)]


def thresholds(top: float, ramp: Sequence[str]) -> list[float]:
    """The band limits ``band`` uses (for a chart library's threshold scale)."""
    return [top * i / len(ramp) for i in range(1, len(ramp))]
