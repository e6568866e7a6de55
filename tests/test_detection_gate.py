"""The detection gate: two evaluation seeds of the demo at 3,000 beneficiaries, every planted
kind found with recall at least 0.8 and precision at least 0.7.

Seeds 101 and 102 belong to the evaluation set of ``benchmarks/detection/run.py``: they are never
looked at while rules or thresholds are chosen, so this gate measures detection on worlds the
monitors were not tuned on. The demo's default noise (a register as messy as a real one) is used.
"""

from __future__ import annotations

import pytest

from aidtrace.demo.job import run_demo
from aidtrace.demo.scoring import KindScore

SEEDS = (101, 102)
MIN_RECALL = 0.8
MIN_PRECISION = 0.7


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[KindScore]]:
    by_kind: dict[str, list[KindScore]] = {}
    for seed in SEEDS:
        out = run_demo(tmp_path_factory.mktemp(f"seed{seed}") / "demo", seed=seed, scale="3000")
        for k in out.evaluation.kinds:
            by_kind.setdefault(k.kind.value, []).append(k)
    return by_kind


def pooled(counts: list[KindScore]) -> tuple[float | None, float | None]:
    """Recall and precision over both worlds together (``None`` when nothing to measure)."""
    planted = sum(k.planted for k in counts)
    alerts = sum(k.alerts for k in counts)
    recall = sum(k.found for k in counts) / planted if planted else None
    precision = sum(k.true_alerts for k in counts) / alerts if alerts else None
    return recall, precision


def test_every_planted_kind_is_found_on_unseen_worlds(
    scores: dict[str, list[KindScore]],
) -> None:
    failing = {}
    for kind, counts in sorted(scores.items()):
        recall, precision = pooled(counts)
        if (recall is not None and recall < MIN_RECALL) or (
            precision is not None and precision < MIN_PRECISION
        ):
            failing[kind] = (recall, precision)
    assert not failing, f"below recall {MIN_RECALL} or precision {MIN_PRECISION}: {failing}"
