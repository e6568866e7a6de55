"""Where each official list is published, and how to override that per workspace.

Defaults are the official download addresses. A workspace may override or add sources in
``<workspace>/lists.toml``::

    [sources.un]
    url = "https://mirror.example.org/consolidated.xml"

A source with several files (the OFAC CSV set) lists them under ``files`` as name → URL; the
first file is the one the format is loaded from. The same file may set the load guards
(``[guards]``, see ``lists.guards``) and the freshness limit (``[freshness]``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError

SOURCES_FILE = "lists.toml"
OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"


@dataclass(frozen=True)
class ListSource:
    """One published list: its files (saved name → URL) and the format to read them with."""

    name: str
    format: str
    files: tuple[tuple[str, str], ...]
    default: bool = True  # fetched by ``lists update`` when no names are given

    @property
    def url(self) -> str:
        return self.files[0][1]


DEFAULT_SOURCES: dict[str, ListSource] = {
    s.name: s
    for s in (
        ListSource(
            "un",
            "un_xml",
            (("consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),),
        ),
        ListSource(
            "ofac_sdn",
            "ofac_csv",
            (
                ("sdn.csv", f"{OFAC}/SDN.CSV"),
                ("alt.csv", f"{OFAC}/ALT.CSV"),
                ("add.csv", f"{OFAC}/ADD.CSV"),
                ("sdn_comments.csv", f"{OFAC}/SDN_COMMENTS.CSV"),
            ),
        ),
        ListSource("ofac_cons", "ofac_xml", (("consolidated.xml", f"{OFAC}/CONSOLIDATED.XML"),)),
        # The same SDN list, richer but larger; an alternative to the CSV set, not fetched twice.
        ListSource(
            "ofac_sdn_advanced",
            "ofac_advanced_xml",
            (("sdn_advanced.xml", f"{OFAC}/SDN_ADVANCED.XML"),),
            default=False,
        ),
        ListSource(
            "uk",
            "uk_xml",
            (
                (
                    "uk_sanctions_list.xml",
                    "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
                ),
            ),
        ),
        ListSource(
            "eu",
            "eu_xml",
            (
                (
                    "eu_fsf.xml",
                    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                    "content?token=dG9rZW4tMjAxNw",
                ),
            ),
        ),
        # CC BY-NC 4.0: free for non-commercial use only, hence not fetched unless named.
        ListSource(
            "opensanctions",
            "ftm_json",
            (
                (
                    "entities.ftm.json",
                    "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
                ),
            ),
            default=False,
        ),
    )
}


def _override(
    base: ListSource | None, name: str, table: Mapping[str, Any], path: Path
) -> ListSource:
    files: tuple[tuple[str, str], ...]
    if isinstance(table.get("files"), dict):
        files = tuple((str(k), str(v)) for k, v in table["files"].items())
    elif "url" in table and base is not None:
        files = ((base.files[0][0], str(table["url"])), *base.files[1:])
    elif "url" in table:
        files = ((f"{name}.download", str(table["url"])),)
    else:
        raise InputError(f"source {name!r} needs a url or files", source=path)
    fmt = str(table.get("format") or (base.format if base else ""))
    if not fmt:
        raise InputError(f"source {name!r} needs a format", source=path)
    found = base or ListSource(name, fmt, files)
    return replace(
        found, format=fmt, files=files, default=bool(table.get("default", found.default))
    )


def read_settings(workspace_path: Path | None) -> dict[str, Any]:
    """The workspace's ``lists.toml`` as plain data (empty when it has none)."""
    path = workspace_path / SOURCES_FILE if workspace_path else None
    if path is None or not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid TOML: {exc}", source=path) from exc


def load_sources(workspace_path: Path | None = None) -> dict[str, ListSource]:
    """The default sources, overridden by the workspace's ``lists.toml`` if it has one."""
    sources = dict(DEFAULT_SOURCES)
    tables = read_settings(workspace_path).get("sources", {})
    for name, table in tables.items():
        sources[name] = _override(
            sources.get(name), name, table, Path(workspace_path or ".") / SOURCES_FILE
        )
    return sources


def with_urls(sources: Mapping[str, ListSource], urls: Mapping[str, str]) -> dict[str, ListSource]:
    """``sources`` with the main file of some replaced by a URL (e.g. from ``--url un=…``)."""
    out = dict(sources)
    for name, url in urls.items():
        if name not in out:
            raise InputError(f"unknown list source {name!r} (known: {', '.join(out)})")
        base = out[name]
        out[name] = replace(base, files=((base.files[0][0], url), *base.files[1:]))
    return out
