"""The result file: opaque ids only, and refused whole when anything is off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aidtrace.consortium import resultfile
from aidtrace.errors import InputError

from .conftest import Linked, Round


def test_the_result_names_agencies_and_opaque_ids_only(exported: Round, linked: Linked) -> None:
    text = linked.result.read_text()
    read = resultfile.read(linked.result)
    assert {e[0] for e in read.exports} == {"AGENCY-A", "AGENCY-B"}
    assert len(read.clusters) == len(linked.document["clusters"])  # type: ignore[arg-type]
    for row in exported.registers.a[:300]:
        assert row["member_id"] not in text
        assert row["given_name"] not in text


def _mutate(document: dict[str, Any], where: str, value: object) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(document))
    target, *path = where.split(".")
    node: Any = doc
    keys = [target, *path]
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    node[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("format", "x", "not a result file"),
        ("version", 9, "version 9"),
        ("round", "1", "round"),
        ("check", "abc", "round check"),
        ("threshold", 3, "threshold"),
        ("exports", [], "exports"),
        ("exports.0.records", -1, "export records"),
        ("clusters.0.members", [["AGENCY-A", "0" * 20]], "cluster size"),
        ("clusters.0.members.0", ["AGENCY-Z", "0" * 20], "unknown agency"),
        ("clusters.0.members.0", ["AGENCY-A", "beneficiary:M1"], "malformed"),
        ("clusters.0.pairs.0.a", ["AGENCY-A", "f" * 20], "leaves its cluster"),
        ("clusters.0.pairs.0.probability", 1.5, "bad score"),
        ("clusters.0.pairs.0.agreed", ["given_name"], "bad agreed"),
        ("clusters.0", "x", "not an object"),
    ],
)
def test_a_bad_result_is_refused(
    linked: Linked, tmp_path: Path, where: str, value: object, message: str
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_mutate(linked.document, where, value)))
    with pytest.raises(InputError, match=message):
        resultfile.read(path)


@pytest.mark.parametrize("content", [b"", b"\xff\xfe", b"[" * 100_000, b"{}"])
def test_unreadable_results_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(InputError):
        resultfile.read(path)
