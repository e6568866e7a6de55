"""Fixtures: the privacy tests' workspace of a few hundred planted beneficiaries and staff."""

from __future__ import annotations

from privacy.conftest import people_files, people_workspace

__all__ = ["people_files", "people_workspace"]
