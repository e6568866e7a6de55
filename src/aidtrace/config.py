"""The workspace configuration file (``aidtrace.toml``)."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from aidtrace.errors import WorkspaceError

CONFIG_NAME = "aidtrace.toml"
FORMAT = "aidtrace-workspace/1"


class WorkspaceConfig(BaseModel):
    """What a workspace records about itself; nothing secret goes here."""

    model_config = ConfigDict(frozen=True, extra="allow")

    format: str = FORMAT
    workspace_id: str
    created_at: datetime
    key_source: str
    engine: str = "duckdb"
    memory_limit: str = "4GB"

    def dump(self) -> str:
        lines = ["# aidtrace workspace configuration"]
        for name, value in self.model_dump(mode="json").items():
            lines.append(f"{name} = {_toml_value(value)}")
        return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def load_config(directory: Path) -> WorkspaceConfig:
    path = directory / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WorkspaceError(
            "not an aidtrace workspace (no aidtrace.toml); run `aidtrace init` first",
            source=directory,
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"config file is not valid TOML: {exc}", source=path) from exc
    try:
        config = WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise WorkspaceError(f"config field {field!r}: {first['msg']}", source=path) from exc
    if config.format != FORMAT:
        raise WorkspaceError(f"unknown workspace format {config.format!r}", source=path)
    return config
