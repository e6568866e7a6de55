"""Name comparison: case tables and an accuracy floor on the real nomenklatura name_bench."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.names import TokenRarity, analyse
from aidtrace.screening import DEFAULT_THRESHOLD, Query
from aidtrace.screening.match import compare
from aidtrace.screening.score import score_entry
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

NO_RARITY = TokenRarity()


def _score(a: str, b: str) -> float:
    return compare(analyse(a), analyse(b), NO_RARITY).score


@pytest.mark.parametrize(
    ("query", "listed", "at_least"),
    [
        ("عبدالغنی برادر", "Abdul Ghani Baradar", 0.9),  # Arabic script vs Latin
        ("Abdul Ghani Baradar", "عبدالغنی برادر", 0.9),  # and the other way round
        ("Mullah Abdul Ghani Baradar", "Abdul Ghani Baradar", 0.99),  # title ignored
        ("Abd al-Ghani Baradar", "Abdul Ghani Baradar", 0.99),
        ("Muhammad Hasan Akhund", "Mohammad Hassan Akhund", 0.9),
        ("محمد حسن آخوند", "Mohammad Hassan Akhund", 0.9),
        ("محمد علي", "Mohamed Ali", 0.9),
        ("أحمد حسن", "Ahmed Hassan", 0.9),
        ("عبد الله", "Abdullah", 0.9),
        ("خالد محمود", "Khaled Mahmoud", 0.9),
        ("Hafizullah Ahmadzai", "Hafiz Ullah Ahmad Zai", 0.99),
        ("VladimirPutin", "Vladimir Putin", 0.85),
        ("Владимир Путин", "Vladimir Putin", 0.99),
        ("Baradar Abdul Ghani", "Abdul Ghani Baradar", 0.95),  # order matters only a little
        ("Brigade Forty-Four", "Brigade 44", 0.99),
        ("I9or Sech1n", "Igor Sechin", 0.99),
        ("Mohammad Abdul Abbas Akhund", "Mohammad Abbas Akhund", 0.85),
    ],
)
def test_same_person(query: str, listed: str, at_least: float) -> None:
    assert _score(query, listed) >= at_least


@pytest.mark.parametrize(
    ("query", "listed", "below"),
    [
        ("Abdul Ghani Baradar", "Abdul Ghani Haqqani", 0.75),
        ("Raúl Castillo", "Raúl Castro", 0.75),
        ("Sandeep Pichai", "Sundar Pichai", 0.8),
        ("عبدالغنی برادر", "Abdul Rahman Zahid", 0.5),
        ("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi", 0.75),  # another father
        ("Ayman Sabawi Ibrahim al-Dulaimi", "Ayman Sabawi Ibrahim al-Tikriti", 0.75),
    ],
)
def test_different_person(query: str, listed: str, below: float) -> None:
    assert _score(query, listed) < below


def test_common_names_weigh_less() -> None:
    rarity = TokenRarity()
    rarity.add(analyse(n) for n in ["Mohammad Gul"] * 50 + ["Mohammad Khan"] * 50 + ["Baradar"])
    common = compare(analyse("Mohammad Gul Baradar"), analyse("Mohammad Gul Akbari"), rarity)
    rare = compare(analyse("Mohammad Gul Baradar"), analyse("Ahmad Wali Baradar"), rarity)
    assert rare.information > common.information


def _bench(path: Path) -> tuple[float, float, float]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rarity = TokenRarity()
    rarity.add(analyse(r["name2"], r["schema"] != "Person") for r in rows)
    tp = fp = fn = 0
    for row in rows:
        org = row["schema"] != "Person"
        schema = EntitySchema.ORGANIZATION if org else EntitySchema.PERSON
        entry = ListEntry("bench", "1", schema, (EntryName(row["name2"], NameQuality.PRIMARY),))
        names = [(analyse(row["name2"], org), NameQuality.PRIMARY)]
        scored = score_entry(Query(row["name1"]), analyse(row["name1"], org), entry, names, rarity)
        predicted = scored is not None and scored[0] >= DEFAULT_THRESHOLD
        actual = row["is_match"] == "true"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_name_bench_accuracy_floor(shared_data: Path) -> None:
    """Fails when name matching falls below the 0.88 target on the real benchmark (0.893)."""
    precision, recall, f1 = _bench(shared_data / "benchmarks/nomenklatura_name_bench/cases.csv")
    assert f1 >= 0.88, (precision, recall, f1)
    assert precision >= 0.88
    assert recall >= 0.80
