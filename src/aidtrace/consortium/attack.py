"""A frequency attack on a linkage file, to measure what the encodings give away.

The attacker holds an exported file but not the consortium secret, so no dictionary attack is
open (a token or filter cannot be computed without the key). What remains is frequency
alignment (Kuzu et al. 2011; Christen et al. 2017): sort the file's distinct values of a column
by how often they occur, sort the plaintext values of a reference population the same way, and
read rank *i* of one as rank *i* of the other. The attacker here is as strong as it gets: the
reference population is the register itself (every person's plaintext, without the link
between plaintext and row) and the attacker normalises names with aidtrace's own public code.

A *dictionary* attack encodes every likely person and looks for the encodings in the file
(``dictionary_attack``): it finds nothing under any key but the round's, and with the round's
secret (a member's) it finds nearly everyone the dictionary holds.

A record counts as re-identified when the attacker's guesses for its name column and its
birth-year column are both right (one guess, for a column already salted with the year), weighted
by ``1/k`` where ``k`` is how many people of the reference share the guessed values: the attacker
has then singled the person out among ``k`` (a guess that leaves ``k`` people is worth ``1/k`` of
a person). The same attack on a single-name column shows what the compound tokens avoid.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa

from aidtrace.consortium.share_tokens import NAME_TOKENS, ShareEncoder
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


THREE = ("given_name", "father_name", "grandfather_name")
# Shared column -> (name parts, public name function, salt) of the plaintext it encodes.
ENCODED: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "names_tok": (THREE, "normalise", None),
    "names_key": (THREE, "variant_key", None),
    "names_phon": (THREE, "phonetic", None),
    "gf_year_a": (THREE[:2], "variant_key", "pair_a"),
    "gf_year_b": (THREE[:2], "variant_key", "pair_b"),
    "gf_place": (THREE[:2], "phonetic", "district"),
    "fg_year": (THREE[1:], "variant_key", "year"),
}


def _salt(person: Mapping[str, object], year: int | None, salt: str | None) -> Hashable:
    if salt is None:
        return ""
    if salt == "district":
        return person.get("district_code")
    if year is None:
        return None
    return {"pair_a": year // 2, "pair_b": (year + 1) // 2, "year": year}[salt]


def plain_values(
    people: Sequence[Mapping[str, object]], years: Sequence[int | None], column: str
) -> list[Hashable]:
    """What ``column`` encodes, in plaintext, for each person (None where it holds no token),
    computed with aidtrace's own public name functions."""
    parts, key, salt = ENCODED[column]
    function = getattr(default_name_keys(), key)
    out: list[Hashable] = []
    for person, year in zip(people, years, strict=True):
        values = tuple(function(str(person.get(part) or "")) for part in parts)
        salted = _salt(person, year, salt)
        out.append((*values, salted) if all(values) and salted is not None else None)
    return out


def attack_column(
    table: pa.Table,
    column: str,
    people: Sequence[Mapping[str, object]],
    years: Sequence[int | None],
) -> AttackOutcome:
    """The attack on one shared name column of a linkage table (plus its birth-year column,
    unless the column is already salted with the year)."""
    names = plain_values(people, years, column)
    encoded = table.column(column).to_pylist()
    if ENCODED[column][2] in ("pair_a", "pair_b", "year"):
        blank = ["-"] * len(names)
        return frequency_attack(encoded, blank, names, blank)
    return frequency_attack(encoded, table.column("year_tok").to_pylist(), names, list(years))


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


# What a dictionary of people can be matched on: the name tokens and the two numbers.
LOOKED_UP = (*NAME_TOKENS, "phone_tok", "tazkira_tok")


def dictionary_attack(
    table: pa.Table,
    dictionary: Iterable[tuple[Mapping[str, object], Mapping[str, object]]],
    encoder: ShareEncoder,
) -> float:
    """Share of the file's records with a name, phone or tazkira token that the attacker's
    encodings of ``dictionary`` (``(public, personal)`` fields of each person it guesses) hold,
    under ``encoder``: the attacker's guess of the round's key."""
    known: dict[str, set[object]] = {c: set() for c in LOOKED_UP}
    for public, personal in dictionary:
        row = encoder.plain_row(public, personal)
        for c in LOOKED_UP:
            if row[c] is not None:
                known[c].add(row[c])
    columns = [(table.column(c).to_pylist(), known[c]) for c in LOOKED_UP]
    found = sum(
        1 for i in range(table.num_rows) if any(values[i] in hit for values, hit in columns)
    )
    return found / table.num_rows if table.num_rows else 0.0
