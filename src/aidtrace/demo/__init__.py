"""A realistic synthetic Afghanistan aid operation with planted diversion and its ground truth.

``generate(out_dir, seed, scale, watchlist=None, progress=...)`` writes the files described in
``docs/formats.md`` and ``ground_truth.json``; ``read_ground_truth(path)`` reads the latter back;
``score(truth, alerts)`` gives precision per alert kind and recall per planted kind.
"""

from aidtrace.demo.scale import Scale, parse_scale
from aidtrace.demo.scenario import Scenario, generate
from aidtrace.demo.scoring import Score, score, workspace_alerts
from aidtrace.demo.truth import GroundTruth, IdField, Plant, PlantKind, read_ground_truth

__all__ = [
    "GroundTruth",
    "IdField",
    "Plant",
    "PlantKind",
    "Scale",
    "Scenario",
    "Score",
    "generate",
    "parse_scale",
    "read_ground_truth",
    "score",
    "workspace_alerts",
]
