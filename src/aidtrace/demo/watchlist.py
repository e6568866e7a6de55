"""The listed persons and entities the planted parties imitate.

With ``--watchlist FILE`` the entries come from a real list, parsed by
:func:`aidtrace.watchlists.formats.parse_file` (Taliban-regime entries first, then ISIL/Al-Qaida,
then the rest); without one the generator makes a synthetic UN-format list of Afghan-looking names
and plants against that. Either way the list is written to ``watchlist.xml`` beside the data.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from aidtrace.demo.listed import Listed, relevance
from aidtrace.demo.names import NamePool, title_case
from aidtrace.demo.synthetic_list import Births, write_synthetic_list
from aidtrace.errors import InputError
from aidtrace.places.gazetteer import places_named
from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.model import EntitySchema, ListEntry, NameQuality

PART_TAGS = ("first", "given", "second", "third", "fourth", "family")  # UN, then OFAC/UK tags


def _listed(entry: ListEntry) -> Listed | None:
    primary = next((n for n in entry.names if n.quality is NameQuality.PRIMARY), None)
    if primary is None:
        return None
    parts = tuple(title_case(p.value) for tag in PART_TAGS for p in primary.parts if p.tag == tag)
    if not parts:  # no labelled parts: the first word as the given name, the rest as the father's
        words = title_case(primary.full).split(" ", 1)
        parts = tuple(words) if entry.schema is EntitySchema.PERSON else (title_case(primary.full),)
    fa = next((n.full for n in entry.names if n.quality is NameQuality.ORIGINAL_SCRIPT), "")
    person = entry.schema is EntitySchema.PERSON
    if (person and len(parts) < 2) or any("," in p for p in parts):
        return None  # a single token, or a description that leaked into the name
    where = " ".join((*entry.nationalities, *entry.programmes)).lower()
    afghan = "af" in entry.nationalities or "afghan" in where or "taliban" in where
    born_in = next(iter(places_named(entry.birth_places)), "")
    titles = tuple(entry.titles)
    return Listed(entry.source_id, person, parts, fa, titles, afghan, _born(entry), born_in)


def _born(entry: ListEntry) -> int | None:
    """The year of birth the entry gives: the middle of its first range (None when none)."""
    if not entry.birth_dates:
        return None
    first = entry.birth_dates[0]
    return (first.start.year + first.end.year) // 2


def read_listed(path: Path) -> list[Listed]:
    """The usable entries of a watchlist file, most relevant to Afghanistan first."""
    if not path.is_file():
        raise InputError(f"{path}: watchlist file not found", source=path)
    found = [x for e in parse_file(path) if (x := _listed(e)) is not None]
    if not any(x.person for x in found):
        raise InputError(f"{path}: no listed persons to plant against", source=path)
    return sorted(found, key=relevance)


def prepare_watchlist(
    out_dir: Path,
    source: Path | None,
    rng: random.Random,
    pool: NamePool,
    births: Births | None = None,
) -> tuple[list[Listed], str, Path]:
    """Put the list into the scenario (``watchlist.xml``, or ``watchlist<suffix>`` for a copied
    file in another format) and return its entries, where they came from, and the file.
    ``births``: where a synthetic list's men were born."""
    if source is None:
        target = out_dir / "watchlist.xml"
        listed = write_synthetic_list(target, rng, pool, births)
        return sorted(listed, key=relevance), "synthetic", target
    listed = read_listed(source)
    target = out_dir / f"watchlist{''.join(source.suffixes) or '.xml'}"
    shutil.copyfile(source, target)
    return listed, source.name, target


def pick(listed: list[Listed], rng: random.Random, count: int, person: bool) -> list[Listed]:
    """``count`` entries of one schema, from the most relevant part of the list."""
    pool = [x for x in listed if x.person is person]
    if not pool:
        return []
    top = [x for x in pool if x.ref.startswith("TA")] or pool  # the Taliban lists, if present
    top = [x for x in top if x.afghan] or top
    top = top[: max(count * 3, 30)]
    return [top[i % len(top)] for i in rng.sample(range(max(len(top), count)), count)]
