"""Reading JSON-lines files (one JSON object per line) with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError

MAX_LINE = 16 << 20  # one entity above 16 MiB is not a real list record


def objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, object)`` for every non-blank line; anything but a JSON object is refused."""
    try:
        with path.open("rb") as fh:
            # readline with a size stops there: an endless line is never read whole.
            for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), b""), 1):
                if not raw.strip():
                    continue
                yield number, _decode(raw, path, number)
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc


def _decode(raw: bytes, path: Path, number: int) -> dict[str, Any]:
    where = f"line {number}"
    if len(raw) > MAX_LINE:
        raise InputError(f"line longer than {MAX_LINE} bytes", source=path, record=where)
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", source=path, record=where) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", source=path, record=where) from exc
    if not isinstance(value, dict):
        raise InputError("expected one JSON object per line", source=path, record=where)
    return value


def read_document(path: Path) -> dict[str, Any]:
    """A whole small JSON document that must be an object (e.g. a delta index)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_LINE + 1)
        if len(raw) > MAX_LINE:
            raise InputError(f"a JSON document over {MAX_LINE} bytes", source=path)
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a valid JSON document: {exc}", source=path) from exc
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    if not isinstance(value, dict):
        raise InputError("expected a JSON object", source=path)
    return value
