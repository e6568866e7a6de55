"""The importer registry and what every importer shares: hashing and all-or-nothing loads."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from aidtrace import audit
from aidtrace.errors import InputError
from aidtrace.events import ImportRecorded
from aidtrace.ingest.limits import InputLimits
from aidtrace.progress import Progress
from aidtrace.registry import Registry
from aidtrace.workspace import Workspace

if TYPE_CHECKING:
    import pyarrow as pa

    from aidtrace.ingest.profiles import Profile
    from aidtrace.ingest.tabular import TableSpec


@dataclass(frozen=True)
class ImportResult:
    kind: str
    source: str
    sha256: str
    rows: int
    import_id: str
    skipped: bool = False  # the same file was imported before: nothing done


class Importer(Protocol):
    name: str
    description: str

    def load(self, workspace: Workspace, path: Path, progress: Progress) -> ImportResult:
        """Read ``path`` into the workspace, all or nothing."""


# Modules that register importers when imported.
IMPORTER_MODULES: tuple[str, ...] = (
    "aidtrace.ingest.finance",
    "aidtrace.ingest.iati",
    "aidtrace.people.importer",
    "aidtrace.ingest.fts",
    "aidtrace.ingest.hno",
    "aidtrace.ingest.ipc",
    "aidtrace.ingest.contracts",
)


IMPORTERS: Registry[Importer] = Registry(
    "importer", IMPORTER_MODULES, name_of=lambda importer: importer.name, sort=True
)
register = IMPORTERS.register
all_importers = IMPORTERS.all
get_importer = IMPORTERS.get


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=path) from exc
    return digest.hexdigest()


@contextmanager
def transaction(
    workspace: Workspace, kind: str, path: Path, rows: int | None = None, actor: str = "cli"
) -> Iterator[dict[str, object]]:
    """Run an import inside one store transaction and journal it on success.

    The body fills ``state['rows']``; any exception rolls everything back, so a failed import
    leaves the workspace exactly as it was.
    """
    sha = file_sha256(path)
    state: dict[str, object] = {"rows": rows or 0, "sha256": sha, "import_id": uuid.uuid4().hex}
    engine = workspace.engine
    with engine.transaction():
        yield state
        # Audit first: the log may name an import whose commit failed, never the reverse.
        audit.record(
            workspace,
            ImportRecorded(
                at=workspace.clock(),
                actor=actor,
                import_id=str(state["import_id"]),
                import_kind=kind,
                source=str(path),
                sha256=sha,
                rows=int(str(state["rows"])),
            ),
        )
        engine.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
            (state["import_id"], kind, str(path), sha, state["rows"], workspace.clock(), actor),
        )


# Stores a parsed file inside the import's transaction; returns how many records it held.
Store = Callable[[Workspace, str], int]


def already_imported(workspace: Workspace, kind: str, sha256: str) -> bool:
    """Whether this exact file (by content) was imported as ``kind`` before."""
    found = workspace.engine.query(
        "SELECT count(*) AS n FROM imports WHERE kind = ? AND sha256 = ?", (kind, sha256)
    )
    return bool(found.column("n")[0].as_py())


def import_once(
    workspace: Workspace,
    kind: str,
    path: Path,
    progress: Progress,
    parse: Callable[[], Store],
) -> ImportResult:
    """Parse ``path`` (outside the transaction), then store it inside one; a file already
    imported as ``kind`` (same content) is skipped."""
    sha = file_sha256(path)
    if already_imported(workspace, kind, sha):
        return ImportResult(kind, str(path), sha, 0, "", skipped=True)
    progress(kind, 0, None)
    store = parse()
    with transaction(workspace, kind, path) as state:
        state["rows"] = store(workspace, str(state["import_id"]))
    rows = int(str(state["rows"]))
    progress(kind, rows, rows)
    return ImportResult(kind, str(path), sha, rows, str(state["import_id"]))


def import_table_once(
    workspace: Workspace,
    kind: str,
    path: Path,
    spec: TableSpec,
    progress: Progress,
    store: Callable[[Workspace, pa.Table, str], int],
    mapping: Mapping[str, str] | None = None,
    profile: Profile | None = None,
) -> ImportResult:
    """Validate the whole of ``path`` against ``spec`` before anything is written, then
    ``store`` the table (given the workspace, the table and the import id) through
    :func:`import_once`."""

    # Imported here: reading tables loads polars, which the journal's other users never need.
    from aidtrace.ingest.tabular import read_table

    def parse() -> Store:
        table = read_table(path, spec, mapping, InputLimits.of(workspace.config), profile)
        return lambda ws, import_id: store(ws, table, import_id)

    return import_once(workspace, kind, path, progress, parse)
