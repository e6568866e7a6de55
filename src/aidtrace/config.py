"""The workspace configuration file (``aidtrace.toml``)."""

from __future__ import annotations

import os
import tempfile
import tomllib
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, PositiveInt, ValidationError

from aidtrace.errors import WorkspaceError
from aidtrace.files import fsync_path

CONFIG_NAME = "aidtrace.toml"
FORMAT = "aidtrace-workspace/1"
CONFIG_MODE = 0o600


class WorkspaceConfig(BaseModel):
    """What a workspace records about itself; nothing secret goes here."""

    model_config = ConfigDict(frozen=True, extra="allow")

    format: str = FORMAT
    workspace_id: str
    created_at: datetime
    key_source: str
    engine: str = "duckdb"
    memory_limit: str = "4GB"
    # Bounds on imported files, written here only (``aidtrace.ingest.limits.InputLimits`` reads
    # its defaults from these; docs/safety/inputs.md).
    # Characters in one cell of a CSV/XLSX table, header rows included.
    input_max_cell_chars: PositiveInt = 64 * 1024
    # Characters in one cell of a personal field (names, phone, ID…): no real name comes near.
    input_max_personal_chars: PositiveInt = 4 * 1024
    # Bytes an XLSX workbook may inflate to, all its zip members together.
    input_max_xlsx_unzipped_mb: PositiveInt = 256
    # Inflated : stored size of any XLSX member above 1 MiB (real sheets measure 5–30 : 1).
    input_max_xlsx_ratio: PositiveInt = 100
    # Cells (rows × widest row) an XLSX sheet may spread over, empty ones included.
    input_max_xlsx_cells: PositiveInt = 20_000_000
    # Elements open at once in an XML file (IATI and every official list nest under 10).
    input_max_xml_depth: PositiveInt = 64
    # Bytes of one XML text node, attribute list or comment (official list fields are < 64 KiB).
    input_max_xml_text_bytes: PositiveInt = 1 << 20
    # MiB of resident memory one `aidtrace import` may take (``aidtrace.ingest.memory``).
    import_memory_limit: PositiveInt = 2048

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


def write_config(directory: Path, config: WorkspaceConfig) -> Path:
    """Replace ``aidtrace.toml`` whole and durably: a crash leaves the old file or the new one.

    The text goes to a temporary file beside it (same file system, mode 0600), is flushed to
    disk, renamed over the old file, and the directory is flushed so the rename itself survives
    a power cut. Key rotation and shredding rely on this: the config must name the new key
    source on disk before the old key is destroyed."""
    path = directory / CONFIG_NAME
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{CONFIG_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(config.dump().encode("utf-8"))
            fh.flush()
            os.fchmod(fh.fileno(), CONFIG_MODE)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(directory)
    return path


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
