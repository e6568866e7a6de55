"""Key sources, key ids and the key ring's wrong-key check."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import KeyMaterialError
from aidtrace.keyring.ring import KeyRing
from aidtrace.privacy.keys import (
    EnvKeySource,
    FileKeySource,
    KeyPurpose,
    derive_key,
    key_id,
    key_source_from_spec,
    new_key_source,
)
from aidtrace.privacy.kms import KmsKeySource, LocalKms, register_kms
from aidtrace.privacy.passphrase import Argon2Params, PassphraseKeySource
from aidtrace.workspace import Workspace

HEX = "ab" * 32
FAST = Argon2Params(t=1, m=1024, p=1)  # tests only: real workspaces use the default cost


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        ({}, "not set"),
        ({"K": "zz" * 32}, "hex"),
        ({"K": "ab" * 16}, "wrong length"),
    ],
)
def test_env_source_refuses_bad_keys(environ: dict[str, str], problem: str) -> None:
    with pytest.raises(KeyMaterialError, match=problem):
        EnvKeySource("K", environ).root_key()


def test_env_source_reads_the_variable() -> None:
    assert EnvKeySource("K", {"K": HEX}).root_key() == bytes.fromhex(HEX)
    assert key_source_from_spec("env:K").describe() == "env:K"


def test_passphrase_source_is_stable_and_rebuilt_from_its_spec() -> None:
    first = PassphraseKeySource(b"s" * 16, FAST, prompt=lambda: "correct horse battery")
    rebuilt = key_source_from_spec(first.describe())
    assert isinstance(rebuilt, PassphraseKeySource)
    assert rebuilt.params == FAST
    rebuilt._prompt = lambda: "correct horse battery"
    assert rebuilt.root_key() == first.root_key()
    other = PassphraseKeySource(b"s" * 16, FAST, prompt=lambda: "wrong horse battery")
    assert other.root_key() != first.root_key()


def test_short_passphrase_is_refused() -> None:
    with pytest.raises(KeyMaterialError, match="at least"):
        PassphraseKeySource(b"s" * 16, FAST, prompt=lambda: "short").root_key()


def test_kms_source_unwraps_and_dies_with_the_kms_key(tmp_path: Path) -> None:
    kms = register_kms(LocalKms(tmp_path / "kms", name="test-kms"))
    kms.create_key("root")
    source = KmsKeySource.create(kms, "root")
    rebuilt = key_source_from_spec(source.describe())
    assert rebuilt.root_key() == source.root_key()
    assert source.root_key().hex() not in source.describe()
    source.destroy()
    with pytest.raises(KeyMaterialError):
        rebuilt.root_key()


def test_key_ids_name_purpose_and_version_without_revealing_the_key() -> None:
    root = bytes(32)
    ids = {key_id(root, p, v) for p in KeyPurpose for v in (1, 2)}
    assert len(ids) == 8
    assert key_id(root, KeyPurpose.FIELD_ENCRYPTION, 2).startswith("fe2-")
    assert derive_key(root, KeyPurpose.FIELD_ENCRYPTION).hex()[:16] not in "".join(ids)


def test_unknown_spec_is_refused() -> None:
    with pytest.raises(KeyMaterialError, match="unknown key source"):
        key_source_from_spec("vault:x")


def test_workspace_with_env_key_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_ROOT", HEX)
    monkeypatch.setenv("AIDTRACE_KEY_SOURCE", "env:MY_ROOT")
    Workspace.create(tmp_path / "ws").close()
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.keys.describe() == "env:MY_ROOT"
        assert KeyRing.open(ws).root_id
    monkeypatch.setenv("MY_ROOT", "cd" * 32)
    with Workspace.open(tmp_path / "ws") as ws, pytest.raises(KeyMaterialError, match="wrong key"):
        KeyRing.open(ws)


def test_file_source_destroy_erases_the_file(tmp_path: Path) -> None:
    source = FileKeySource.create(tmp_path / "k.key")
    source.destroy()
    assert not (tmp_path / "k.key").exists()
    with pytest.raises(KeyMaterialError, match="not found"):
        source.root_key()


def test_workspace_with_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIDTRACE_KEY_SOURCE", "passphrase")
    monkeypatch.setenv("AIDTRACE_PASSPHRASE", "a long and private sentence")
    Workspace.create(tmp_path / "ws").close()
    config = (tmp_path / "ws" / "aidtrace.toml").read_text(encoding="utf-8")
    assert 'key_source = "passphrase:argon2id:t=3:m=65536:p=2:' in config
    assert "private sentence" not in config
    with Workspace.open(tmp_path / "ws") as ws:
        root_id = KeyRing.open(ws).root_id
    monkeypatch.setenv("AIDTRACE_PASSPHRASE", "a long and wrong sentence")
    with Workspace.open(tmp_path / "ws") as ws, pytest.raises(KeyMaterialError, match=root_id):
        KeyRing.open(ws)


@pytest.mark.parametrize("request_", ["bogus", "bogus:x", "env", "env:", "file", "file:", "kms:x"])
def test_a_key_source_that_cannot_be_made_is_refused_in_one_line(request_: str) -> None:
    with pytest.raises(KeyMaterialError, match=f"cannot create a key source from '{request_}'"):
        new_key_source(request_)


def test_a_new_passphrase_source_comes_from_its_own_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIDTRACE_PASSPHRASE", "correct horse battery staple")
    source = new_key_source("passphrase")
    assert isinstance(source, PassphraseKeySource)
    assert source.describe().startswith("passphrase:argon2id:")
