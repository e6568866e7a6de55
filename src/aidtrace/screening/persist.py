"""Saving and loading a built index: list entries, analysed names, rarity and the blocking
structures in one gzipped JSON document, so a screening run loads what a rebuild would derive
(the token vocabularies by party kind, their blocking keys and runs) instead of deriving it again.

JSON rather than pickle: the file lives in a workspace that other people may hand over, and
loading it must never run code.

What the document derives from the names (analysis, blocking keys) depends on the code that
derived it: the document carries a digest of those sources (``code_stamp``), and one written by
other code is refused as stale (``StaleIndex``), so it is built again rather than trusted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from aidtrace.errors import InputError
from aidtrace.names.model import AnalysedName, NameToken, Script, TokenRole
from aidtrace.names.rarity import TokenRarity
from aidtrace.screening.blocking import Vocabulary
from aidtrace.screening.index import IndexedName, ScreeningIndex
from aidtrace.screening.parties import Kind, KindVocabularies, by_kind, remember_kinds
from aidtrace.watchlists.codec import from_dict, to_dict
from aidtrace.watchlists.model import ListEntry, NameQuality

FORMAT = "aidtrace-screening-index/5"
PACKAGE = Path(__file__).resolve().parents[1]
# The sources whose code decides what the document holds beyond the list entries: how names are
# analysed and compared, and the blocking keys, runs and kinds built from them.
DERIVED_FROM = ("names", "screening/blocking.py", "screening/match.py", "screening/parties.py",
                "screening/index.py", "screening/persist.py")  # fmt: skip


class StaleIndex(InputError):
    """A screening index written by other code: what it derived from the names may differ."""


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of the sources the document's analysed names and blocking structures come from."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in DERIVED_FROM:
        path = PACKAGE / part
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if source.is_file():
                digest.update(str(source.relative_to(PACKAGE)).encode())
                digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def entry_version(entry: ListEntry) -> str:
    """A content hash of the entry without its raw fragment: the "entry version" decisions are
    remembered against."""
    data = to_dict(entry)
    data.pop("raw", None)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def dump_index(index: ScreeningIndex) -> bytes:
    """The index as the gzipped document ``read_index`` reads, its kinds built first if needed."""
    doc = {
        "format": FORMAT,
        "code": code_stamp(),
        "snapshot": index.snapshot,
        "entries": [to_dict(e) for e in index.entries],
        "names": [_name(n) for n in index.names],
        "rarity": index.rarity.as_dict(),
        "kinds": _kinds(by_kind(index)),
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=3)


def save_index(index: ScreeningIndex, path: Path) -> None:
    """Write the index atomically: written under a name of this writer's own beside ``path`` and
    renamed over it, so neither a half-written file nor one mixed from two writers building the
    same index at once is ever found there (the last complete one wins)."""
    data = dump_index(index)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def load_index(path: Path) -> ScreeningIndex:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read screening index: {exc}", source=str(path)) from exc
    return read_index(data, str(path))


def read_index(data: bytes, source: str = "screening index") -> ScreeningIndex:
    """The index ``dump_index`` wrote, with its kinds ready (``parties.by_kind``)."""
    try:
        doc = json.loads(gzip.decompress(data))
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"cannot read screening index: {exc}", source=source) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError("not a screening index of this aidtrace version", source=source)
    if doc.get("code") != code_stamp():
        raise StaleIndex("screening index built by other code; build it again", source=source)
    index = ScreeningIndex(
        entries=[from_dict(e) for e in doc["entries"]],
        names=[_unname(n) for n in doc["names"]],
        rarity=TokenRarity.from_dict(doc["rarity"]),
        snapshot=doc["snapshot"],
    )
    remember_kinds(index, _unkinds(doc["kinds"], index.rarity))
    return index


# A token, and the lists of numbers the blocking structures hold, are written as one string
# each: JSON reads one long string far faster than the many small values it would be otherwise.
SEP = "\x00"  # no analysed text holds it
ROLES = {r.value: r for r in TokenRole}
SCRIPTS = {s.value: s for s in Script}


def _token(t: NameToken) -> str:
    return SEP.join((t.text, t.form, t.skeleton, t.role.value, t.script.value, *t.alternatives))


def _untoken(row: str) -> NameToken:
    text, form, skeleton, role, script, *alternatives = row.split(SEP)
    return NameToken(text, form, skeleton, ROLES[role], SCRIPTS[script], tuple(alternatives))


def _numbers(values: Iterable[int]) -> str:
    return " ".join(map(str, values))


def _unnumbers(text: str) -> list[int]:
    return list(map(int, text.split()))


def _name(indexed: IndexedName) -> list[Any]:
    tokens = [_token(t) for t in indexed.name.tokens]
    return [indexed.entry, indexed.quality.value, indexed.name.original, tokens]


def _unname(row: list[Any]) -> IndexedName:
    entry, quality, original, tokens = row
    analysed = AnalysedName(original, tuple(_untoken(t) for t in tokens))
    return IndexedName(int(entry), analysed, NameQuality(quality))


def _kinds(kinds: KindVocabularies) -> dict[str, Any]:
    return {
        "size": kinds.size,
        "positions": {kind.value: list(p) for kind, p in kinds.positions.items()},
        "firms": kinds.firms,
        "vocabularies": {kind.value: _vocabulary(v) for kind, v in kinds.vocabularies.items()},
    }


def _unkinds(doc: dict[str, Any], rarity: TokenRarity) -> KindVocabularies:
    return KindVocabularies(
        vocabularies={Kind(k): _unvocabulary(v, rarity) for k, v in doc["vocabularies"].items()},
        positions={Kind(k): p for k, p in doc["positions"].items()},
        size=doc["size"],
        firms=doc["firms"],
    )


def _vocabulary(vocab: Vocabulary) -> dict[str, Any]:
    """What ``Vocabulary.add_name`` derives from the names; the weights come from the rarity.
    The blocking keys are written per vocabulary token (a token's ids were appended to each of
    its keys in the order the tokens were added, so reading them back in that order restores
    each key's list as it was)."""
    keys_of: list[list[str]] = [[] for _ in vocab.tokens]
    for key, ids in vocab.keys.items():
        for vid in ids:
            keys_of[vid].append(key)
    return {
        "tokens": [_token(t) for t in vocab.tokens],
        "keys": [SEP.join(keys) for keys in keys_of],
        "holders": [_numbers(names) for names in vocab.holders],
        "name_tokens": [_numbers(ids) for ids in vocab.name_tokens],
        "joined": vocab.joined,
        "evidence_ids": _numbers(sorted(vocab.evidence_ids)),
        "keyed_ids": _numbers(sorted(vocab.keyed_ids)),
        "long_texts": {str(n): [texts, ids] for n, (texts, ids) in vocab.long_texts.items()},
        "wholes": vocab.wholes,
        "runs": {
            key: ";".join(_numbers((n, *run)) for n, run in runs)
            for key, runs in vocab.runs.items()
        },
        "initials": vocab.initials,
    }


def _unvocabulary(doc: dict[str, Any], rarity: TokenRarity) -> Vocabulary:
    vocab = Vocabulary(rarity)
    vocab.tokens = [_untoken(t) for t in doc["tokens"]]
    vocab.ids = {(t.text, t.role): vid for vid, t in enumerate(vocab.tokens)}
    keys: dict[str, list[int]] = {}
    for vid, joined in enumerate(doc["keys"]):
        for key in joined.split(SEP) if joined else ():
            keys.setdefault(key, []).append(vid)
    vocab.keys = keys
    vocab.holders = [_unnumbers(names) for names in doc["holders"]]
    vocab.name_tokens = [tuple(_unnumbers(ids)) for ids in doc["name_tokens"]]
    vocab.joined = doc["joined"]
    vocab.evidence_ids = set(_unnumbers(doc["evidence_ids"]))
    vocab.keyed_ids = set(_unnumbers(doc["keyed_ids"]))
    vocab.long_texts = {int(n): (texts, ids) for n, (texts, ids) in doc["long_texts"].items()}
    vocab.wholes = doc["wholes"]
    vocab.runs = {
        key: [_run(part) for part in runs.split(";")] for key, runs in doc["runs"].items()
    }
    vocab.initials = {letter: [(n, v) for n, v in pairs]
                      for letter, pairs in doc["initials"].items()}  # fmt: skip
    vocab.reweigh()  # the weights, from the rarity (a population may be added later: again then)
    return vocab


def _run(text: str) -> tuple[int, tuple[int, ...]]:
    name_id, *run = map(int, text.split())
    return name_id, tuple(run)
