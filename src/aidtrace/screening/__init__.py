"""Screening: the index (blocking), the scorer with its explanation, batch screening,
rescreening on list updates with decision memory, and the screening monitor."""

from aidtrace.screening.index import ScreeningIndex, build_index
from aidtrace.screening.query import Query
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import Hit, ScreeningResult, screen_names

__all__ = [
    "DEFAULT_THRESHOLD",
    "Hit",
    "Query",
    "ScreeningIndex",
    "ScreeningResult",
    "build_index",
    "screen_names",
]
