"""Fixtures: the desk tests' workspace with one account per role, and its audit events."""

from __future__ import annotations

from web.conftest import audit_events, desk_path, template_workspace

__all__ = ["audit_events", "desk_path", "template_workspace"]
