"""Hardened Bloom-filter encodings of names, for fuzzy comparison without the names.

A Bloom filter sets, for every letter bigram of a name, a few bit positions; two spellings that
share most bigrams share most bits, and Dice similarity of the bits approximates the similarity
of the names. Plain filters (Schnell, Bachteler and Reiher 2009) fall to known attacks, so this
encoder hardens them:

* **Keyed random hashing.** Bit positions come from HMAC-SHA256 under the workspace's linkage
  key, not from public double hashing, so an attacker cannot precompute which bigram sets which
  bits (the dictionary attack), nor exploit the arithmetic structure of double hashing that the
  pattern-mining attacks of Kroll and Steinmetzer (2015) use.
* **Position tags.** Each bigram is tagged with the name part it came from (given, father's,
  grandfather's), so bits of one name part cannot be mined from filters of another.
* **Balancing** (Berger and Schnell; Schnell and Borgs 2016). The filter is stored with its
  complement and the 2m bits are shuffled by a keyed permutation. Every stored filter then has
  exactly m bits set, so the number of bits no longer reveals name length, and the frequency of
  individual bit positions is flattened — the signal frequency attacks (Kuzu et al. 2011;
  Christen et al. 2017, 2018) mine. Dice of balanced filters equals ``1 - H/m`` where ``H`` is the
  Hamming distance of the underlying filters.

What remains: identical names still give identical filters (as identical tokens do), so the
frequency of *whole* filters within one workspace is visible; see the manual (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import struct
from collections.abc import Iterable

DEFAULT_BASE_BITS = 128
DEFAULT_HASHES = 2
_PART_CACHE = 200_000


class BloomEncoder:
    """Encodes tagged bigram sets into balanced, keyed Bloom filters of signed 64-bit words."""

    def __init__(
        self,
        key: bytes,
        *,
        base_bits: int = DEFAULT_BASE_BITS,
        hashes: int = DEFAULT_HASHES,
        balanced: bool = True,
    ) -> None:
        if base_bits % 64 or not 0 < base_bits <= 1 << 16:
            raise ValueError("base_bits must be a positive multiple of 64, at most 65536")
        self._key = key
        self.base_bits = base_bits
        self.hashes = hashes
        self.balanced = balanced
        self.stored_bits = base_bits * 2 if balanced else base_bits
        self._positions: dict[str, tuple[int, ...]] = {}
        self._parts: dict[str, frozenset[int]] = {}
        self._masks, self._empty = self._layout()

    @property
    def words(self) -> int:
        return self.stored_bits // 64

    def _layout(self) -> tuple[list[int], int]:
        """Per base position, the stored bits it toggles; and the stored form of no bits."""
        m = self.base_bits
        if not self.balanced:
            return [1 << p for p in range(m)], 0
        seed = hmac.digest(self._key, b"bloom-permutation", hashlib.sha256)
        perm = list(range(2 * m))
        # A keyed shuffle: secret seed, so the permutation is as secret as the key.
        random.Random(seed).shuffle(perm)
        empty = 0
        for p in range(m):
            empty |= 1 << perm[m + p]
        # Setting base bit p sets its own stored bit and clears its complement's stored bit.
        return [(1 << perm[p]) | (1 << perm[m + p]) for p in range(m)], empty

    def positions(self, gram: str) -> tuple[int, ...]:
        found = self._positions.get(gram)
        if found is None:
            digest = hmac.digest(self._key, b"bloom\x1f" + gram.encode("utf-8"), hashlib.sha256)
            found = tuple(
                int.from_bytes(digest[2 * i : 2 * i + 2], "big") % self.base_bits
                for i in range(self.hashes)
            )
            # The bigram vocabulary is small; caching makes millions of records cheap.
            self._positions[gram] = found
        return found

    def tagged_positions(self, tag: str, name: str, grams: Iterable[str]) -> frozenset[int]:
        """The base positions of one name part's bigrams, tagged; cached per (tag, name)."""
        key = f"{tag}\x1f{name}"
        found = self._parts.get(key)
        if found is None:
            found = frozenset(p for g in grams for p in self.positions(f"{tag}{g}"))
            if len(self._parts) >= _PART_CACHE:
                self._parts.clear()
            self._parts[key] = found
        return found

    def encode_positions(self, base: Iterable[int]) -> list[int]:
        """The stored filter of a set of base positions, as signed 64-bit words (``BIGINT``)."""
        bits = self._empty
        for p in set(base):
            bits ^= self._masks[p]
        raw = bits.to_bytes(self.stored_bits // 8, "little")
        return list(struct.unpack(f"<{self.words}q", raw))

    def encode(self, grams: Iterable[str]) -> list[int]:
        """The stored filter of a bigram set (lowest bits first)."""
        return self.encode_positions(p for g in grams for p in self.positions(g))


def dice(a: Iterable[int], b: Iterable[int]) -> float:
    """Dice similarity of two filters given as words (what the SQL comparison computes)."""
    both = each = 0
    for x, y in zip(a, b, strict=True):
        both += (x & y & 0xFFFFFFFFFFFFFFFF).bit_count()
        each += (x & 0xFFFFFFFFFFFFFFFF).bit_count() + (y & 0xFFFFFFFFFFFFFFFF).bit_count()
    return 2.0 * both / each if each else 0.0
