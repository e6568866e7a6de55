"""Small normalisations every list parser shares: whitespace, scripts, countries, names."""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import lookup_territory
from rigour.text.scripts import text_scripts

from aidtrace.watchlists.model import EntryName, NamePart, NameQuality


def clean(value: str | None) -> str:
    """Whitespace collapsed; ``None`` and OFAC's ``-0-`` placeholder become empty."""
    if value is None:
        return ""
    value = " ".join(value.split())
    return "" if value == "-0-" else value


def script_of(text: str) -> str:
    """The dominant script's ISO 15924 name, "Latin" for text with no letters at all."""
    scripts = text_scripts(text)
    if not scripts:
        return "Latin"
    if "Latin" in scripts and len(scripts) > 1:
        scripts = scripts - {"Latin"}
    return sorted(scripts)[0]


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """ISO 3166 alpha-2 (lower case, as FtM writes it) when the name is known, else the name."""
    name = clean(name)
    if not name:
        return ""
    territory = lookup_territory(name)
    return territory.code if territory is not None else name


def name(
    full: str,
    quality: NameQuality,
    parts: tuple[NamePart, ...] = (),
    lang: str | None = None,
) -> EntryName | None:
    """An ``EntryName`` with its script detected; ``None`` for an empty name.

    A name written in a non-Latin script is graded ``ORIGINAL_SCRIPT`` whatever its alias
    quality, because matchers treat cross-script names differently.
    """
    full = clean(full)
    if not full:
        return None
    script = script_of(full)
    if script != "Latin" and quality is not NameQuality.WEAK:
        quality = NameQuality.ORIGINAL_SCRIPT
    return EntryName(full=full, quality=quality, script=script, parts=parts, lang=lang)


def unique_names(names: list[EntryName | None]) -> tuple[EntryName, ...]:
    """Names in order, without empties and without repeating a text (the first grade wins)."""
    seen: set[str] = set()
    kept: list[EntryName] = []
    for entry in names:
        if entry is None or entry.full in seen:
            continue
        seen.add(entry.full)
        kept.append(entry)
    return tuple(kept)


def unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
