"""The workspace configuration: each input bound is written once, as its setting's default."""

from __future__ import annotations

from dataclasses import fields

from aidtrace.config import WorkspaceConfig
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits

SETTINGS = {n for n in WorkspaceConfig.model_fields if n.startswith("input_max_")}


def test_every_input_bound_is_a_setting_and_every_setting_a_bound() -> None:
    assert {f"input_max_{f.name}" for f in fields(InputLimits)} == SETTINGS


def test_the_bounds_default_to_the_settings_defaults() -> None:
    # The figures the manual (docs/safety/inputs.md) gives.
    expected = InputLimits(
        cell_chars=64 * 1024,
        personal_chars=4 * 1024,
        xlsx_unzipped_mb=256,
        xlsx_ratio=100,
        xlsx_cells=20_000_000,
        xml_depth=64,
        xml_text_bytes=1 << 20,
    )
    assert expected == DEFAULT_LIMITS
    for name in SETTINGS:
        default = WorkspaceConfig.model_fields[name].default
        assert getattr(DEFAULT_LIMITS, name.removeprefix("input_max_")) == default
