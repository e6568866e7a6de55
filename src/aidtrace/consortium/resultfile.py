"""The linkage result: cross-agency clusters naming agency and opaque record id only.

Format ``aidtrace-share-result``, version 1, one JSON document (``docs/consortium.md``):

``{"format", "version", "consortium", "round", "check", "threshold",
"exports": [{"agency", "export_id", "records"}],
"clusters": [{"cluster_id", "members": [[agency, record_id], ...],
"pairs": [{"a": [agency, record_id], "b": [...], "probability", "agreed": [token, ...],
"name_dice"}]}]}``

Reading checks the size, every field's type and range, that every member's agency is one of
the exports, and that every pair joins two members of its cluster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aidtrace.consortium.link import EVIDENCE_TOKENS, Linked, node
from aidtrace.consortium.linkfile import Header
from aidtrace.consortium.secret import check_name
from aidtrace.errors import InputError
from aidtrace.files import write_private

FORMAT = "aidtrace-share-result"
VERSION = 1
MAX_BYTES = 1 << 30
MAX_CLUSTER = 1000
_ID = re.compile(r"[0-9a-f]{20}")
_CHECK = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Member:
    agency: str
    record_id: str


@dataclass(frozen=True)
class Pair:
    a: Member
    b: Member
    probability: float
    agreed: tuple[str, ...]
    name_dice: float


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    members: tuple[Member, ...]
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class Result:
    consortium: str
    round: int
    check: str
    threshold: float
    exports: tuple[tuple[str, str, int], ...]  # (agency, export id, records)
    clusters: tuple[Cluster, ...]


def build(headers: Sequence[Header], linked: Linked) -> dict[str, Any]:
    """The result document of one linkage run."""
    first = headers[0]
    cluster_of = dict(
        zip(
            linked.clusters.column("person_id").to_pylist(),
            linked.clusters.column("cluster_id").to_pylist(),
            strict=True,
        )
    )
    clusters: dict[str, dict[str, Any]] = {}
    for p in linked.pairs:
        cid = cluster_of[node(*p["a"])]  # type: ignore[misc]
        c = clusters.setdefault(cid, {"members": set(), "pairs": []})
        c["members"] |= {tuple(p["a"]), tuple(p["b"])}  # type: ignore[arg-type]
        c["pairs"].append({**p, "a": list(p["a"]), "b": list(p["b"])})  # type: ignore[call-overload]
    numbered = sorted(clusters.values(), key=lambda c: sorted(c["members"]))
    return {
        "format": FORMAT,
        "version": VERSION,
        "consortium": first.consortium,
        "round": first.round,
        "check": first.check,
        "threshold": linked.threshold,
        "exports": [
            {"agency": h.agency, "export_id": h.export_id, "records": h.records} for h in headers
        ],
        "clusters": [
            {
                "cluster_id": f"c{i}",
                "members": [list(m) for m in sorted(c["members"])],
                "pairs": c["pairs"],
            }
            for i, c in enumerate(numbered, 1)
        ],
    }


def write(path: Path, document: Mapping[str, Any]) -> Path:
    return write_private(path, json.dumps(document, ensure_ascii=False) + "\n")


def _want(cond: bool, what: str, path: Path) -> None:
    if not cond:
        raise InputError(f"is not a valid linkage result: {what}", source=path)


def _member(value: Any, agencies: set[str], path: Path) -> Member:
    ok = isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
    _want(ok, "a member is not [agency, record id]", path)
    agency, record = str(value[0]), str(value[1])
    _want(agency in agencies, f"member of unknown agency {agency!r}", path)
    _want(bool(_ID.fullmatch(record)), "a record id is malformed", path)
    return Member(agency, record)


def _number(value: Any) -> bool:
    return type(value) in (int, float) and 0.0 <= float(value) <= 1.0


def _pair(v: Any, members: set[Member], agencies: set[str], path: Path) -> Pair:
    _want(isinstance(v, dict), "a pair is not an object", path)
    a, b = _member(v.get("a"), agencies, path), _member(v.get("b"), agencies, path)
    _want(a in members and b in members and a.agency != b.agency, "a pair leaves its cluster", path)
    agreed = v.get("agreed")
    _want(isinstance(agreed, list) and set(agreed) <= set(EVIDENCE_TOKENS), "bad agreed", path)
    _want(_number(v.get("probability")) and _number(v.get("name_dice")), "bad score", path)
    return Pair(a, b, float(v["probability"]), tuple(agreed), float(v["name_dice"]))


def _cluster(v: Any, agencies: set[str], path: Path) -> Cluster:
    _want(isinstance(v, dict), "a cluster is not an object", path)
    raw, pairs = v.get("members"), v.get("pairs")
    _want(isinstance(v.get("cluster_id"), str) and len(v["cluster_id"]) <= 32, "cluster id", path)
    _want(isinstance(raw, list) and 2 <= len(raw) <= MAX_CLUSTER, "cluster size", path)
    _want(isinstance(pairs, list) and len(pairs) <= MAX_CLUSTER**2, "cluster pairs", path)
    members = tuple(_member(m, agencies, path) for m in raw)
    found = set(members)
    return Cluster(
        str(v["cluster_id"]), members, tuple(_pair(p, found, agencies, path) for p in pairs)
    )


def _exports(value: Any, path: Path) -> tuple[tuple[str, str, int], ...]:
    _want(isinstance(value, list) and 2 <= len(value) <= 100, "exports", path)
    out = []
    for e in value:
        _want(isinstance(e, dict), "an export is not an object", path)
        agency, export_id, records = e.get("agency"), e.get("export_id"), e.get("records")
        _want(isinstance(agency, str) and isinstance(export_id, str), "export names", path)
        _want(type(records) is int and records >= 0, "export records", path)
        out.append((check_name(agency, "agency"), export_id, records))
    return tuple(out)


def read(path: Path) -> Result:
    """A result file, checked throughout (``InputError`` naming the first problem)."""
    size = path.stat().st_size
    _want(size <= MAX_BYTES, f"{size:,} bytes is too large", path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"is not readable JSON ({exc})", source=path) from None
    _want(isinstance(data, dict) and data.get("format") == FORMAT, "not a result file", path)
    _want(data.get("version") == VERSION, f"version {data.get('version')!r} (want 1)", path)
    check, number = data.get("check"), data.get("round")
    _want(isinstance(check, str) and bool(_CHECK.fullmatch(check)), "round check", path)
    _want(type(number) is int and 1 <= number < 1 << 31, "round", path)
    _want(_number(data.get("threshold")), "threshold", path)
    exports = _exports(data.get("exports"), path)
    agencies = {e[0] for e in exports}
    clusters = data.get("clusters")
    _want(isinstance(clusters, list), "clusters", path)
    return Result(
        check_name(str(data.get("consortium"))),
        number,
        check,
        float(data["threshold"]),
        exports,
        tuple(_cluster(c, agencies, path) for c in clusters),
    )
