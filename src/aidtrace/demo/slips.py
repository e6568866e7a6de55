"""Slips of the pen on a registration form: a name spelled another way, a digit typed wrong.

Enumerators write the same name differently — Mohammad, Muhammad, Mohd, Md., محمد typed on a
Persian keyboard, Abdul Rahman run together as Abdulrahman — and mistype numbers: one digit
replaced or two neighbours swapped. The person behind the record is the same; only the form
differs.
"""

from __future__ import annotations

import random
import re

from aidtrace.demo.variants import romanise, transliterate

MOHAMMAD = re.compile(r"\b(?:Mohammad|Muhammad|Mohammed|Mohamad|Muhammed|Mohamed)\b")
SHORT_MOHAMMAD = ("Mohd", "Muhd", "Md.", "Mohd.", "Mhd")


def _abbreviated(text: str, rng: random.Random) -> str:
    return MOHAMMAD.sub(rng.choice(SHORT_MOHAMMAD), text, count=1)


def _run_together(text: str, rng: random.Random) -> str:
    words = text.split()
    i = rng.randrange(len(words) - 1)
    return " ".join([*words[:i], words[i] + words[i + 1].lower(), *words[i + 2 :]])


def _ways(text: str) -> list[str]:
    """Which slips apply to ``text`` (a name part as the form first wrote it)."""
    ways = ["romanised"] * 3  # another spelling is by far the commonest slip
    if MOHAMMAD.search(text):
        ways += ["abbreviated"] * 3  # Mohd, Md.: the commonest shortening on any list
    if transliterate(text):
        ways.append("script")
    if " " in text:
        ways.append("run_together")
    return ways


def respell(text: str, rng: random.Random) -> tuple[str, str]:
    """``text`` spelled another way, and how (``abbreviated``, ``script``…); never ``text``."""
    way = rng.choice(_ways(text))
    if way == "abbreviated":
        out = _abbreviated(text, rng)
    elif way == "script":
        out = transliterate(text)
    elif way == "run_together":
        out = _run_together(text, rng)
    else:
        out = romanise(text, rng)
    return (out, way) if out != text else (text + "h", "romanised")


def mistype(number: str, rng: random.Random) -> str:
    """``number`` with one slip after its first four characters: a digit replaced, or two
    neighbouring digits swapped (the prefix — operator or issue year — is rarely wrong)."""
    digits = [i for i, c in enumerate(number) if c.isdigit() and i > 3]
    swaps = [i for i in digits if i + 1 in digits and number[i] != number[i + 1]]
    if swaps and rng.random() < 0.4:
        i = rng.choice(swaps)
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    i = rng.choice(digits)
    return number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1 :]
