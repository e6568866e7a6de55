"""Import profiles: how to read one partner's files, saved once and used again.

A profile names, for one kind of file, the file's column for each field (``mapping``), values
that hold for every row when the file has no column for them (``fixed``: ``currency=AFN``) and
the day/month order of date columns (``date_formats``: ``DMY`` for every date column, or per
field, ``signed_on=MDY``). Options given on the command line are laid over a saved profile.

Profiles live in the workspace, one JSON file each under ``profiles/`` (owner-only, like the
rest of the workspace); they hold column names and constants, never data from the files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aidtrace.errors import InputError, NotFound
from aidtrace.files import private_dir, write_private
from aidtrace.ingest.dates import DateOrder

if TYPE_CHECKING:
    from aidtrace.workspace import Workspace

ALL_DATES = "*"  # the key of ``date_formats`` that applies to every date column
PROFILES_DIR = "profiles"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Profile:
    """How to read one partner's files of one kind."""

    name: str = ""
    kind: str = ""
    mapping: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, str] = field(default_factory=dict)
    date_formats: Mapping[str, DateOrder] = field(default_factory=dict)

    def date_order(self, field_name: str) -> DateOrder | None:
        """The order given for a date field, or for every date field, if any."""
        return self.date_formats.get(field_name, self.date_formats.get(ALL_DATES))

    def over(self, base: Profile) -> Profile:
        """This profile's entries laid over ``base``'s (this one wins on the same field)."""
        return Profile(
            base.name or self.name,
            base.kind or self.kind,
            {**base.mapping, **self.mapping},
            {**base.fixed, **self.fixed},
            {**base.date_formats, **self.date_formats},
        )

    def as_json(self) -> str:
        body = {
            "name": self.name,
            "kind": self.kind,
            "mapping": dict(self.mapping),
            "fixed": dict(self.fixed),
            "date_formats": {k: str(v) for k, v in self.date_formats.items()},
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, source: Path) -> Profile:
        try:
            body = json.loads(text)
            return cls(
                str(body["name"]),
                str(body["kind"]),
                {str(k): str(v) for k, v in body.get("mapping", {}).items()},
                {str(k): str(v) for k, v in body.get("fixed", {}).items()},
                {str(k): DateOrder(v) for k, v in body.get("date_formats", {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"not a readable import profile ({exc})", source=source) from exc


def parse_pairs(pairs: Iterable[str], what: str, form: str = "FIELD=VALUE") -> dict[str, str]:
    """``["amount=Montant"]`` → ``{"amount": "Montant"}``; ``what`` names the option."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"{what} {pair!r} is not {form}")
        out[key.strip()] = value.strip()
    return out


def parse_date_formats(items: Iterable[str]) -> dict[str, DateOrder]:
    """``["DMY"]`` (every date column) or ``["signed_on=MDY"]`` (one field) → orders."""
    out: dict[str, DateOrder] = {}
    for item in items:
        key, sep, value = item.rpartition("=")
        try:
            out[key.strip() if sep else ALL_DATES] = DateOrder(value.strip().upper())
        except ValueError:
            choices = ", ".join(DateOrder)
            raise InputError(f"date format {item!r}: the order must be one of {choices}") from None
    return out


def profile_path(workspace: Workspace, name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise InputError(
            f"profile name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)"
        )
    return workspace.path / PROFILES_DIR / f"{name}.json"


def save_profile(workspace: Workspace, profile: Profile) -> Path:
    """Write ``profile`` into the workspace, replacing one of the same name; a field that its
    kind's files do not have is refused now, not at the first import that uses it."""
    path = profile_path(workspace, profile.name)
    _refuse_unknown_fields(profile)
    private_dir(path.parent)
    return write_private(path, profile.as_json())


def _refuse_unknown_fields(profile: Profile) -> None:
    # Imported here: the table reader and the importers import this module.
    from aidtrace.ingest import get_importer
    from aidtrace.ingest.tabular import TableSpec, unknown_fields

    spec = getattr(get_importer(profile.kind), "spec", None) if profile.kind else None
    if not isinstance(spec, TableSpec):
        return
    unknown, not_dates = unknown_fields(spec, profile)
    if unknown or not_dates:
        fields = ", ".join(c.name for c in spec.columns)
        what = "; ".join(
            text
            for text in (
                unknown and f"no field {', '.join(unknown)}",
                not_dates and f"no date field {', '.join(not_dates)}",
            )
            if text
        )
        raise InputError(
            f"profile {profile.name!r}: {profile.kind} files have {what} (their fields: {fields})"
        )


def load_profile(workspace: Workspace, name: str) -> Profile:
    path = profile_path(workspace, name)
    if not path.is_file():
        known = ", ".join(p.name for p in list_profiles(workspace)) or "none saved yet"
        raise NotFound(f"no import profile named {name!r} (known: {known})")
    return Profile.from_json(path.read_text(encoding="utf-8"), path)


def list_profiles(workspace: Workspace) -> list[Profile]:
    folder = workspace.path / PROFILES_DIR
    if not folder.is_dir():
        return []
    return [
        Profile.from_json(p.read_text(encoding="utf-8"), p) for p in sorted(folder.glob("*.json"))
    ]


def remove_profile(workspace: Workspace, name: str) -> None:
    path = profile_path(workspace, name)
    if not path.is_file():
        raise NotFound(f"no import profile named {name!r}")
    path.unlink()
