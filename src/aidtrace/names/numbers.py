"""Numbers written as words or ordinals ("Brigade Forty-Four", "1st International Bank") as
digits, so that they agree with "Brigade 44" and "First International Bank"."""

from __future__ import annotations

import re
from typing import Final

_UNIT_WORDS = """
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen
"""
_UNITS = {word: value for value, word in enumerate(_UNIT_WORDS.split())}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORDINAL_DIGITS: Final = re.compile(r"^(\d+)(st|nd|rd|th)$")
_WORDS: Final = {**_UNITS, **_TENS, **_ORDINALS}


def _value(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if not token[:1].isdigit():
        return _WORDS.get(token)
    match = _ORDINAL_DIGITS.match(token)
    if match:
        return int(match.group(1))
    return None


def numbers_as_digits(tokens: list[str]) -> list[str]:
    """Replace number words and ordinals by digits; "forty" "four" (or "forty" "4") -> "44"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        value = _value(tokens[i])
        if value is None:
            out.append(tokens[i])
            i += 1
            continue
        following = _value(tokens[i + 1]) if i + 1 < len(tokens) else None
        if value % 10 == 0 and 20 <= value <= 90 and following is not None and following < 10:
            out.append(str(value + following))
            i += 2
        else:
            out.append(str(value))
            i += 1
    return out
