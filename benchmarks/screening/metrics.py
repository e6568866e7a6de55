"""Precision, recall and F1 of scored pairs at a threshold, overall and per group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def prf(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> dict[str, float]:
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if not y and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores, strict=True) if y and s < threshold)
    tn = len(labels) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    counts: dict[str, float] = {"n": len(labels), "tp": tp, "fp": fp, "fn": fn, "tn": tn}
    return {
        **counts,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def by_group(
    items: Sequence[T],
    labels: Sequence[bool],
    scores: Sequence[float],
    threshold: float,
    key: Callable[[T], str],
) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[key(item)].append(i)
    return {
        g: prf([labels[i] for i in idx], [scores[i] for i in idx], threshold)
        for g, idx in sorted(groups.items())
    }


def calibration(labels: Sequence[bool], scores: Sequence[float]) -> dict[str, dict[str, float]]:
    """Share of true matches per score band: how far a score can be read as a probability."""
    bands: dict[str, list[bool]] = defaultdict(list)
    for label, score in zip(labels, scores, strict=True):
        low = min(int(score * 10), 9) / 10
        bands[f"{low:.1f}-{low + 0.1:.1f}"].append(label)
    return {
        band: {"n": len(v), "matches": round(sum(v) / len(v), 3)}
        for band, v in sorted(bands.items())
    }
