"""Key rotation re-encrypts every field and re-makes every token, keeping what links."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import KeyMaterialError
from aidtrace.privacy.access import reveal
from aidtrace.privacy.keyring import KeyRing
from aidtrace.privacy.keys import EnvKeySource, FileKeySource
from aidtrace.privacy.rotate import rotate_keys
from aidtrace.workspace import Workspace

PERSON = "staff:S00004"


def _links(ws: Workspace) -> list[tuple[str, ...]]:
    """Which people share a given-name token and which a phone token (not the tokens)."""
    rows = ws.engine.query(
        "SELECT string_agg(person_id, ',' ORDER BY person_id) AS ids FROM person_tokens "
        "GROUP BY given_tok, name_bf0, phone_suffix_tok ORDER BY ids"
    ).to_pylist()
    return [tuple(str(r["ids"]).split(",")) for r in rows]


def _key_ids(ws: Workspace, table: str, column: str) -> set[str]:
    return set(
        ws.engine.query(f"SELECT DISTINCT {column} AS k FROM {table}").column("k").to_pylist()
    )


def test_rotation_under_the_same_root(people_workspace: Workspace) -> None:
    ws = people_workspace
    before, links = reveal(ws, PERSON, actor="t", reason="rotation check"), _links(ws)
    old_tokens = set(ws.engine.query("SELECT given_tok FROM person_tokens").column(0).to_pylist())
    report = rotate_keys(ws)
    assert [k[:4] for k in report.new_key_ids] == ["fe2-", "lt2-"]
    assert report.rows == {"people": 340}
    assert _key_ids(ws, "person_fields", "key_id") == {report.new_key_ids[0]}
    assert _key_ids(ws, "person_tokens", "token_key_id") == {report.new_key_ids[1]}
    assert reveal(ws, PERSON, actor="t", reason="rotation check") == before
    assert _links(ws) == links
    new_tokens = set(ws.engine.query("SELECT given_tok FROM person_tokens").column(0).to_pylist())
    assert not old_tokens & new_tokens


def test_rotation_to_a_new_root_shreds_the_old_key_file(
    people_workspace: Workspace, tmp_path: Path
) -> None:
    ws = people_workspace
    old = ws.keys
    assert isinstance(old, FileKeySource)
    before = reveal(ws, PERSON, actor="t", reason="rotation check")
    report = rotate_keys(ws, FileKeySource.create(tmp_path / "keys" / "root.v2.key"))
    assert report.old_source_destroyed
    assert not old.path.exists()
    path = ws.path
    ws.close()
    with Workspace.open(path) as again:
        assert again.keys.describe().endswith("root.v2.key")
        assert reveal(again, PERSON, actor="t", reason="rotation check") == before
        assert KeyRing.open(again).version == 2


def test_rotation_to_the_wrong_key_later_is_refused(
    people_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEW_ROOT", "12" * 32)
    rotate_keys(people_workspace, EnvKeySource("NEW_ROOT"))
    monkeypatch.setenv("NEW_ROOT", "34" * 32)
    with pytest.raises(KeyMaterialError, match="wrong key"):
        reveal(people_workspace, PERSON, actor="t", reason="rotation check")
