"""Importers, one module per input format, registered by name."""

from aidtrace.ingest.registry import (
    IMPORTERS,
    Importer,
    ImportResult,
    all_importers,
    file_sha256,
    get_importer,
    register,
    transaction,
)

__all__ = [
    "IMPORTERS",
    "ImportResult",
    "Importer",
    "all_importers",
    "file_sha256",
    "get_importer",
    "register",
    "transaction",
]
