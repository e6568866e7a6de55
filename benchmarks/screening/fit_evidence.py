"""Fit the weight of birth date, nationality and gender beside the name (Fellegi–Sunter).

    .venv/bin/python benchmarks/screening/fit_evidence.py [negatives]

Matches: yente's UN positives (as listed, and with their treatments) against the UN entry their
name finds first at 0.8 or more. Non-matches: the synthetic US-centred negatives (a sample of
``negatives``, 10,000 by default) against every UN entry their name alone reaches at 0.5 — the
wrong people a screening officer is shown. For each piece of evidence and each agreement level,
the likelihood ratio P(level | match) / P(level | non-match) (add-one smoothed); a logistic fit of
match against the name-only score gives the score points one unit of log-odds is worth. Each
level then counts ``ln(LR) / slope`` points, capped at ``CAP``. The global negatives, which the
screening benchmark reports false alerts on, are not used here.

Prints the table that ``aidtrace.screening.score.EVIDENCE_POINTS`` holds.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from collections import Counter
from pathlib import Path

from aidtrace.screening import Query, build_index, screen_names
from aidtrace.screening.evidence import (
    Agreement,
    compare_birth,
    compare_gender,
    compare_nationality,
    parse_birth_date,
)
from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.model import ListEntry

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
YENTE = DATA / "benchmarks/yente_candidate_generation"
UN_2026 = DATA / "watchlists/un/un_consolidated_2026-02-27.xml"
CAP = 0.25  # no single piece of evidence moves a score by more than this
# Gender is absent from the positives: a match is assumed to record it wrongly 1 time in 100
GENDER_SLIP = 0.01

Pair = tuple[float, dict[str, Agreement]]


def _rows(name: str) -> list[dict[str, str]]:
    with (YENTE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _levels(row: dict[str, str], entry: ListEntry) -> dict[str, Agreement]:
    dob = row.get("date_of_birth") or ""
    birth = compare_birth(parse_birth_date(dob) if dob else None, entry.birth_dates)
    nationality = compare_nationality(row.get("nationality") or None, entry.nationalities)
    gender = compare_gender(row.get("gender") or None, entry.gender)
    return {
        "birth_date": birth.agreement,
        "nationality": nationality.agreement,
        "gender": gender.agreement,
    }


def collect(negatives: int) -> tuple[list[Pair], list[Pair]]:
    """(name-only score, agreement levels) of the matching and the non-matching pairs."""
    index = build_index(parse_file(UN_2026))
    matches: list[Pair] = []
    for file in ("positives_un_untreated.csv", "positives_un_treated.csv"):
        rows = _rows(file)
        queries = [Query(r["full_name"], str(i), organisation=False) for i, r in enumerate(rows)]
        for row, result in zip(rows, screen_names(index, queries, 0.8, limit=1), strict=True):
            if result.hits:
                matches.append((result.hits[0].score, _levels(row, result.hits[0].entry)))
    rows = random.Random(1).sample(_rows("negatives_us.csv"), negatives)
    queries = [Query(r["full_name"], str(i), organisation=False) for i, r in enumerate(rows)]
    others: list[Pair] = []
    for row, result in zip(rows, screen_names(index, queries, 0.5, limit=20), strict=True):
        others.extend((hit.score, _levels(row, hit.entry)) for hit in result.hits)
    return matches, others


def slope(matches: list[Pair], others: list[Pair]) -> float:
    """Log-odds of a match per point of name-only score: logistic regression by Newton."""
    data = [(s, 1.0) for s, _ in matches] + [(s, 0.0) for s, _ in others]
    a = b = 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in data:
            p = 1 / (1 + math.exp(-(a + b * x)))
            ga += y - p
            gb += (y - p) * x
            w = p * (1 - p)
            haa += w
            hab += w * x
            hbb += w * x * x
        det = haa * hbb - hab * hab
        a += (hbb * ga - hab * gb) / det
        b += (haa * gb - hab * ga) / det
    return b


def ratios(matches: list[Pair], others: list[Pair], field: str) -> dict[Agreement, float]:
    """P(level | match) / P(level | non-match) for the levels that say something."""
    levels = [a for a in Agreement if a is not Agreement.UNKNOWN]
    seen_m = Counter(p[1][field] for p in matches if p[1][field] is not Agreement.UNKNOWN)
    seen_u = Counter(p[1][field] for p in others if p[1][field] is not Agreement.UNKNOWN)
    total_m, total_u = sum(seen_m.values()), sum(seen_u.values())
    if field == "gender":  # no gender among the positives: an assumed slip rate
        share_u = (seen_u[Agreement.EXACT] + 1) / (total_u + 2)
        return {Agreement.EXACT: (1 - GENDER_SLIP) / share_u,
                Agreement.CONFLICT: GENDER_SLIP / (1 - share_u)}  # fmt: skip
    return {
        level: ((seen_m[level] + 1) / (total_m + len(levels)))
        / ((seen_u[level] + 1) / (total_u + len(levels)))
        for level in levels
    }


def main(negatives: int) -> None:
    matches, others = collect(negatives)
    per_logit = 1 / slope(matches, others)
    print(f"pairs: {len(matches)} matching, {len(others)} not; {per_logit:.4f} points per nat")
    for field in ("birth_date", "nationality", "gender"):
        table = ratios(matches, others, field)
        points = {
            level.value: round(max(-CAP, min(CAP, math.log(lr) * per_logit)), 3)
            for level, lr in table.items()
        }
        print(field, {k.value: round(v, 2) for k, v in table.items()}, points)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
