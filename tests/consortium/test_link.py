"""Linking two agencies' files finds the planted cross-registrations and not the look-alikes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aidtrace.consortium import link, linkfile, registers
from aidtrace.errors import InputError

from .conftest import Linked, Round


def test_cross_registrations_are_found_with_f1_above_095(exported: Round, linked: Linked) -> None:
    score = registers.score(linked.found, exported.registers.truth)
    assert len(exported.registers.truth) == 150
    assert score.f1 >= 0.95, score
    assert score.precision >= 0.95, score
    assert score.recall >= 0.93, score


def test_look_alikes_are_not_linked(exported: Round, linked: Linked) -> None:
    lookalikes = exported.registers.lookalikes
    assert len(lookalikes) == 75
    assert len(linked.found & lookalikes) <= 2


def test_every_pair_crosses_agencies_and_names_what_agreed(linked: Linked) -> None:
    clusters = linked.document["clusters"]
    assert isinstance(clusters, list)
    assert clusters
    for cluster in clusters:
        for pair in cluster["pairs"]:
            assert pair["a"][0] != pair["b"][0]
            assert pair["probability"] >= link.THRESHOLD
            assert set(pair["agreed"]) <= set(link.EVIDENCE_TOKENS)
            assert pair["agreed"]


def _files(exported: Round) -> list[linkfile.LinkageFile]:
    return [linkfile.read(f) for f in exported.files]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"round": 2}, "different consortium rounds"),
        ({"check": "0" * 16}, "different consortium rounds"),
        ({"agency": "AGENCY-A"}, "one agency"),
    ],
)
def test_files_of_different_rounds_or_one_agency_are_refused(
    exported: Round, change: dict[str, object], message: str
) -> None:
    a, b = _files(exported)
    b = replace(b, header=replace(b.header, **change))  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        link.link([a, b])


def test_one_file_is_not_enough(exported: Round) -> None:
    with pytest.raises(InputError, match="at least two"):
        link.link(_files(exported)[:1])
