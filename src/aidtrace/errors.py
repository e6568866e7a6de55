"""One exception root for everything aidtrace raises on purpose.

Each subclass carries its context as data (file, record, detail) so that every edge (CLI, web API)
can translate it once into one clear line or one JSON error shape.
"""

from __future__ import annotations

from pathlib import Path


class AidtraceError(Exception):
    """Root of every error aidtrace raises deliberately."""

    code = "error"

    def __init__(
        self, message: str, *, source: str | Path | None = None, record: str | int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = str(source) if source is not None else None
        self.record = record

    def __str__(self) -> str:
        where = ""
        if self.source is not None:
            where = self.source
            if self.record is not None:
                where += f", record {self.record}"
            where += ": "
        return f"{where}{self.message}"

    def as_dict(self) -> dict[str, str | int | None]:
        """The one error shape the API returns."""
        return {
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "record": self.record,
        }


class WorkspaceError(AidtraceError):
    """A workspace is missing, corrupt, foreign or of an unknown version."""

    code = "workspace"


class StoreError(AidtraceError):
    """The embedded store refused an operation."""

    code = "store"


class InputError(AidtraceError):
    """An input file is malformed, hostile or of the wrong kind."""

    code = "input"


class KeyMaterialError(AidtraceError):
    """A key is missing, wrong, or has been destroyed."""

    code = "key"


class IntegrityError(AidtraceError):
    """Tampering or corruption detected (ciphertext, audit log, snapshot)."""

    code = "integrity"


class PermissionDenied(AidtraceError):
    """The acting user may not do this."""

    code = "permission"


class NotFound(AidtraceError):
    """A named thing (alert, case, snapshot, event) does not exist."""

    code = "not_found"


class MissingInput(NotFound):
    """A step's inputs are not in the workspace yet (e.g. no watchlist loaded).

    ``aidtrace run`` records a monitor that raises it as skipped, with this reason, instead of
    failing the whole run.
    """

    code = "missing_input"
