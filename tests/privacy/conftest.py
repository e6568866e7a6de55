"""Fixtures: the person register's workspace of a few hundred planted beneficiaries and staff."""

from __future__ import annotations

from people.conftest import people_files, people_workspace

__all__ = ["people_files", "people_workspace"]
