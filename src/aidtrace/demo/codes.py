"""Identifiers that look random but never collide: a keyed permutation of a running counter.

A small (unbalanced) Feistel network over decimal digits is a bijection, so counters n ≠ m always
get different codes. Linear scrambles would leave arithmetic progressions visible in the ids.
"""

from __future__ import annotations

import zlib


def _round(value: int, key: int, step: int) -> int:
    # any function works for a Feistel round; a multiplicative hash is cheap and mixes well
    return ((value + key * (step + 1)) * 0x9E3779B97F4A7C15 >> 29) & 0xFFFFFFFF


def permute(n: int, digits: int, key: str) -> int:
    """A bijection of ``range(10**digits)``; ``n`` must lie in that range."""
    high_base: int = 10 ** (digits // 2)
    low_base: int = 10 ** (digits - digits // 2)
    salt = zlib.crc32(key.encode())
    hi, lo = divmod(n, low_base)
    for step in range(4):
        # each step changes one half by a function of the other: invertible, so a bijection
        if step % 2 == 0:
            hi = (hi + _round(lo, salt, step)) % high_base
        else:
            lo = (lo + _round(hi, salt, step)) % low_base
    return hi * low_base + lo


def code(n: int, digits: int, key: str) -> str:
    return f"{permute(n, digits, key):0{digits}d}"
