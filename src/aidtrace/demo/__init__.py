"""A realistic synthetic Afghanistan aid operation with planted diversion and its ground truth.

``generate(out_dir, seed, scale, watchlist=None, progress=..., noise=1)`` writes the files
described in ``docs/formats.md`` and ``ground_truth.json`` (the plants, and the innocent
look-alikes the noise made); ``read_ground_truth(path)`` reads the latter back; ``score(truth,
alerts)`` gives precision per alert kind, recall per planted kind and false alerts per innocent
pattern.
"""

from aidtrace.demo.noise import DEFAULT_NOISE, Noise, noise_level
from aidtrace.demo.scale import Scale, parse_scale
from aidtrace.demo.scenario import Scenario, generate
from aidtrace.demo.scoring import Score, score, workspace_alerts
from aidtrace.demo.truth import (
    GroundTruth,
    IdField,
    Innocent,
    Pattern,
    Plant,
    PlantKind,
    read_ground_truth,
)

__all__ = [
    "DEFAULT_NOISE",
    "GroundTruth",
    "IdField",
    "Innocent",
    "Noise",
    "Pattern",
    "Plant",
    "PlantKind",
    "Scale",
    "Scenario",
    "Score",
    "generate",
    "noise_level",
    "parse_scale",
    "read_ground_truth",
    "score",
    "workspace_alerts",
]
