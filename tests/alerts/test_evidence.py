"""Every kind of alert has its evidence typed, field by field."""

from __future__ import annotations

from typing import is_typeddict

import pytest

from aidtrace.alerts.evidence import KIND_EVIDENCE
from aidtrace.alerts.model import AlertKind


def test_every_kind_has_typed_evidence() -> None:
    assert set(KIND_EVIDENCE) == set(AlertKind)


@pytest.mark.parametrize("kind", list(AlertKind))
def test_each_kinds_evidence_is_a_typed_dict_with_fields(kind: AlertKind) -> None:
    for shape in KIND_EVIDENCE[kind]:
        assert is_typeddict(shape)
        assert shape.__required_keys__, shape
