"""The UN-list screening index of ``tests/screening``, for the name comparison's tests that
run over every listed name."""

from __future__ import annotations

from tests.screening.conftest import un_index

__all__ = ["un_index"]
