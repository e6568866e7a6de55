"""A frequency attack on a linkage file, to measure what the encodings give away.

The attacker holds an exported file but not the consortium secret, so no dictionary attack is
open (a token or filter cannot be computed without the key). What remains is frequency
alignment (Kuzu et al. 2011; Christen et al. 2017): sort the file's distinct values of a column
by how often they occur, sort the plaintext values of a reference population the same way, and
read rank *i* of one as rank *i* of the other. The attacker here is as strong as it gets: the
reference population is the register itself (every person's plaintext, without the link
between plaintext and row) and the attacker normalises names with aidtrace's own public code.

A record counts as re-identified when the attacker's guesses for its name and birth-year columns
are both right, weighted by ``1/k`` where ``k`` is how many people of the reference share that
guessed name and year: the attacker has then singled the person out among ``k`` (a guess that
leaves ``k`` people is worth ``1/k`` of a person). The same attack on a single-name column shows
what the compound tokens avoid.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from aidtrace.privacy.tokens import default_name_keys


@dataclass(frozen=True)
class AttackOutcome:
    records: int
    values_right: float  # share of records whose guessed name value is right
    reidentified: float  # expected share of records singled out (see the module docstring)


def align(
    encoded: Sequence[Hashable], plain: Sequence[Hashable], rng: random.Random
) -> dict[Hashable, Hashable]:
    """Encoded value → plaintext value of the same frequency rank; ties are broken at random
    (the attacker knows no order that links a row of the file to a person)."""

    def ranked(values: Sequence[Hashable]) -> list[Hashable]:
        counts = Counter(v for v in values if v is not None)
        tiebreak = {v: rng.random() for v in counts}
        return sorted(counts, key=lambda v: (-counts[v], tiebreak[v]))

    return dict(zip(ranked(encoded), ranked(plain), strict=False))


def name_values(
    people: Sequence[Mapping[str, object]], parts: Sequence[str], key: str = "normalise"
) -> list[Hashable]:
    """What a compound name column encodes, in plaintext: the names ``parts`` of each person
    through one public name function (``normalise``, ``variant_key`` or ``phonetic``); None
    when one is blank (the column holds no token then)."""
    keys = default_name_keys()
    function = getattr(keys, key)
    out: list[Hashable] = []
    for p in people:
        values = tuple(function(str(p.get(part) or "")) for part in parts)
        out.append(values if all(values) else None)
    return out


def frequency_attack(
    name_column: Sequence[Hashable],
    year_column: Sequence[Hashable],
    names: Sequence[Hashable],
    years: Sequence[Hashable],
    *,
    seed: int = 1,
) -> AttackOutcome:
    """Attack one file's name and year columns. ``names[i]`` and ``years[i]`` are row i's
    plaintext values: the attacker's reference population (in no particular order) and the
    truth the guesses are scored against."""
    rng = random.Random(seed)
    name_guess, year_guess = align(name_column, names, rng), align(year_column, years, rng)
    population = Counter(zip(names, years, strict=True))
    right = singled = 0.0
    for i, (n_tok, y_tok) in enumerate(zip(name_column, year_column, strict=True)):
        if n_tok is None or names[i] is None or name_guess.get(n_tok) != names[i]:
            continue
        right += 1
        if years[i] is not None and year_guess.get(y_tok) == years[i]:
            singled += 1 / population[(names[i], years[i])]
    n = len(names)
    return AttackOutcome(n, right / n if n else 0.0, singled / n if n else 0.0)
