"""Saving and loading a built index: list entries, analysed names and rarity in one gzipped
JSON document, so a screening run loads in a fraction of the time a rebuild takes (the token
vocabulary is derived from the names on first use).

JSON rather than pickle: the file lives in a workspace that other people may hand over, and
loading it must never run code.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.index import IndexedName, ScreeningIndex
from aidtrace.watchlists.codec import from_dict, to_dict
from aidtrace.watchlists.model import ListEntry, NameQuality

FORMAT = "aidtrace-screening-index/3"


def entry_version(entry: ListEntry) -> str:
    """A content hash of the entry without its raw fragment: the "entry version" decisions are
    remembered against."""
    data = to_dict(entry)
    data.pop("raw", None)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def save_index(index: ScreeningIndex, path: Path) -> None:
    """Write the index atomically (a half-written file is never left behind)."""
    doc = {
        "format": FORMAT,
        "snapshot": index.snapshot,
        "entries": [to_dict(e) for e in index.entries],
        "names": [_name(n) for n in index.names],
        "rarity": index.rarity.as_dict(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as fh:
        json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
    tmp.replace(path)


def load_index(path: Path) -> ScreeningIndex:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read screening index: {exc}", source=str(path)) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError("not a screening index of this aidtrace version", source=str(path))
    return ScreeningIndex(
        entries=[from_dict(e) for e in doc["entries"]],
        names=[_unname(n) for n in doc["names"]],
        rarity=TokenRarity.from_dict(doc["rarity"]),
        snapshot=doc["snapshot"],
    )


def _name(indexed: IndexedName) -> list[Any]:
    tokens = [
        [t.text, t.form, t.skeleton, t.role.value, t.script.value, list(t.alternatives)]
        for t in indexed.name.tokens
    ]
    return [indexed.entry, indexed.quality.value, indexed.name.original, tokens]


def _unname(row: list[Any]) -> IndexedName:
    entry, quality, original, tokens = row
    analysed = AnalysedName(
        original,
        tuple(
            NameToken(t[0], t[1], t[2], TokenRole(t[3]), Script(t[4]), tuple(t[5])) for t in tokens
        ),
    )
    return IndexedName(int(entry), analysed, NameQuality(quality))
