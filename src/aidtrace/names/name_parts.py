"""What a token is made of, where that decides whether two similar-looking tokens are one name.

- A compound's **core**: "Abdurrahim" and "Abdurrahman" share the "servant of" prefix and look
  alike, but the names are Rahim and Rahman; "Hafizullah" and "Habibullah" are Hafiz and Habib.
  Two compounds of the same kind are as alike as their cores.
- A **patronymic** is the father's name made into a middle name (Oleksandrovych, Viktorovna):
  it looks like the given name it is built on but is a different name part, so "Oleksandr"
  should not agree with another person's "Oleksandrovych".
"""

from __future__ import annotations

import re

_PREFIXES = ("abdul", "abdur", "abdus", "abdel", "abdal", "abdol", "abdu", "abd", "abu")
_SUFFIXES = ("ullah", "ulla", "allah", "uddin", "udin", "eddin", "addin", "zai")
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|evych|ovna|evna|ivna|ich|ych|yich)$")


def compound_cores(a: str, b: str) -> tuple[str, str] | None:
    """The cores of two Latin forms that are compounds of the same kind, else None."""
    # cheap tests first: this runs for almost every token pair the matcher scores
    if a[:2] == b[:2] == "ab":
        for prefix in _PREFIXES:
            if a.startswith(prefix) and b.startswith(prefix):
                return _core(a[len(prefix) :], b[len(prefix) :])
    if a[-2:] == b[-2:]:
        for suffix in _SUFFIXES:
            if a.endswith(suffix) and b.endswith(suffix):
                return _core(a[: -len(suffix)], b[: -len(suffix)])
    return None


def _core(a: str, b: str) -> tuple[str, str] | None:
    """Cores long enough to be a name part (the prefix may have taken an assimilated letter)."""
    return (a, b) if len(a) >= 3 and len(b) >= 3 else None


def patronymic_of(a: str, b: str) -> bool:
    """True when one Latin form is a patronymic built on the other (Oleksandrovych/Oleksandr)."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(shorter) < 3 or not longer.startswith(shorter[:-1]):
        return False
    return _PATRONYMIC.search(longer) is not None and _PATRONYMIC.search(shorter) is None
