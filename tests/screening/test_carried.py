"""Which matched name parts are the same name, and which only resemble the listed one."""

from __future__ import annotations

import pytest

from aidtrace.screening.carried import same_name
from aidtrace.screening.match import TokenPair


@pytest.mark.parametrize(
    ("query", "listed", "how", "same"),
    [
        # romanisations and scripts of one name
        ("mohamad", "mohammad", "variant", True),
        ("omar", "عمر", "cross-script", True),
        ("hamed", "hamid", "skeleton", True),
        # names the tables do not know are still read by their consonants
        ("sher", "shir", "skeleton", True),
        ("rasheed", "رشید", "cross-script", True),
        # known names of the same consonants are different names
        ("ahmed", "حمید", "cross-script", False),
        ("hamed", "ahmad", "skeleton", False),
        ("mahmud", "محمد", "cross-script", False),
        ("hossein", "حسن", "cross-script", False),
        # a typo-level edit or an initial only resembles
        ("nasim", "qasim", "typo", False),
        ("m", "mohammad", "initial", False),
    ],
)
def test_a_part_is_the_same_name_or_only_resembles(
    query: str, listed: str, how: str, same: bool
) -> None:
    assert same_name(TokenPair(query, listed, 0.92, how, 1.0)) is same
