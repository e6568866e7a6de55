"""Passwords: hashed with Argon2id (``HASHER``), and refused when they are the ones an attacker
tries first (when an account is created or its password set).

The list is written here, not copied from a published leak: the words people build passwords
on (``password``, ``qwerty``, ``welcome``, the name of the organisation or the place), and the
shapes they give them (a capital, a year or ``123`` and an ``!`` at the end, letters swapped for
look-alike digits, one key held down, a run along the keyboard). A password is refused when,
once those shapes are undone, all that is left is one such word.
"""

from __future__ import annotations

import functools
import re

from argon2 import PasswordHasher

# Argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes.
HASHER = PasswordHasher()

# The words themselves, lower case. Length does not matter here: "password" padded to twelve
# characters with digits is as weak as "password".
_WORDS = """
    password passw0rd passwort motdepasse contrasena senha parola wachtwoord
    qwerty qwertyuiop qwertz azerty asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qweasd
    letmein welcome iloveyou trustno1 changeme default secret admin administrator root
    login user guest test testing master access superman batman spiderman starwars
    monkey dragon football baseball soccer cricket hockey basketball princess sunshine
    shadow michael jennifer jordan hunter ranger buster tigger charlie freedom whatever
    computer internet samsung iphone google facebook linkedin microsoft windows
    summer winter spring autumn monday friday january december
    hello helloworld abc abcdef abcdefgh alphabet starstar loveme lovely flower
    office company manager support service security system server database
    aidtrace afghanistan kabul herat kandahar mazar jalalabad taliban humanitarian
    unicef unhcr ocha undp wfp redcross ngo donor aid relief
    allahakbar bismillah inshallah mashallah pakistan iran
"""
BASE_WORDS = frozenset(_WORDS.split())

# Suffixes and prefixes people add to meet a length or a character rule.
_TRIM = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})  # fmt: skip
_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
# Whole passwords of twelve characters that no word above explains.
_WHOLE = """
    1q2w3e4r5t6y 1qaz2wsx3edc 123456789012 123123123123 111111111111 000000000000
    qwerty123456 password1234 iloveyou1234 123456789abc abc123456789 qwertyuiop12
    aaaaaaaaaaaa zaq12wsxcde3 welcome12345
"""
_SUFFIXES = ("", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "2024",
             "2025", "2026", "@123", "007")  # fmt: skip


@functools.cache
def common_passwords() -> frozenset[str]:
    """About two hundred whole passwords of the shapes above, lower case (for tests and for
    anyone who wants to see what is refused); ``is_common`` refuses their variants too."""
    picks = sorted(BASE_WORDS)[::3]
    made = {word + suffix for word in picks for suffix in _SUFFIXES[:4]}
    return frozenset(made | set(_WHOLE.split()))


def _core(password: str) -> str:
    """What is left of a password once case, spaces, look-alike digits, and the digits and
    symbols padded on at either end are undone."""
    folded = "".join(password.casefold().split())
    trimmed = _TRIM.sub("", folded)
    return (trimmed or folded).translate(_LEET)


def _keyboard_run(text: str) -> bool:
    """One key held down, or a run along a row of the keyboard or the alphabet (either way)."""
    if len(set(text)) <= 2:
        return True
    return any(text in row * 3 or text in row[::-1] * 3 for row in _ROWS)


def is_common(password: str) -> bool:
    """Would an attacker's first guesses include this password?"""
    folded = "".join(password.casefold().split())
    if folded in common_passwords() or _keyboard_run(folded):
        return True
    core = _core(password)
    return core in BASE_WORDS or _keyboard_run(core) or _repeats_a_word(core)


def _repeats_a_word(core: str) -> bool:
    """``adminadmin``, ``passwordpassword``, ``qwertyqwerty``: one common word over again."""
    return any(
        len(core) % size == 0 and core[:size] * (len(core) // size) == core
        and core[:size] in BASE_WORDS
        for size in range(3, len(core) // 2 + 1)
    )  # fmt: skip
