"""Private files: exact modes whatever the umask, replaced in one step, tightening in place."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from aidtrace.files import fsync_path, private_writer, restrict_umask, tighten, write_private


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("before", [None, 0o644, 0o666, 0o400])
def test_write_private_leaves_a_file_only_its_owner_reads(
    tmp_path: Path, open_umask: None, before: int | None
) -> None:
    target = tmp_path / "report.html"
    if before is not None:
        target.write_text("old")
        target.chmod(before)
    write_private(target, "names of beneficiaries")
    assert target.read_text() == "names of beneficiaries"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def _fail_halfway(target: Path) -> None:
    with private_writer(target) as fh:
        fh.write("half of the new")
        raise RuntimeError("disk full")


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="disk full"):
        _fail_halfway(target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


@pytest.mark.parametrize(
    ("umask", "after"), [(0o000, 0o077), (0o022, 0o077), (0o027, 0o077), (0o277, 0o277)]
)
def test_restrict_umask_only_tightens(umask: int, after: int) -> None:
    previous = os.umask(umask)
    try:
        assert restrict_umask() == after
        assert os.umask(after) == after
    finally:
        os.umask(previous)


def test_tighten_takes_group_and_others_off_but_follows_no_link(tmp_path: Path) -> None:
    top = tmp_path / "ws"
    (top / "audit").mkdir(parents=True)
    (top / "audit" / "log.bin").write_text("x")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not ours")
    (top / "audit" / "link").symlink_to(outside)
    for path, mode in [(top, 0o755), (top / "audit", 0o777), (top / "audit" / "log.bin", 0o644)]:
        path.chmod(mode)
    outside.chmod(0o644)
    done = tighten([top])
    assert (_mode(top), _mode(top / "audit"), _mode(top / "audit" / "log.bin")) == (
        0o700,
        0o700,
        0o600,
    )
    assert _mode(outside) == 0o644
    assert sorted(p.name for p in done.changed) == ["audit", "log.bin", "ws"]
    assert tighten([top]).changed == []


def test_tighten_without_below_leaves_the_contents(tmp_path: Path) -> None:
    (tmp_path / "inner.txt").write_text("x")
    (tmp_path / "inner.txt").chmod(0o644)
    tmp_path.chmod(0o755)
    tighten([tmp_path], below=False)
    assert (_mode(tmp_path), _mode(tmp_path / "inner.txt")) == (0o700, 0o644)


@pytest.mark.parametrize("directory", [True, False])
def test_fsync_path_flushes_that_file_or_directory_and_closes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory: bool
) -> None:
    target = tmp_path if directory else write_private(tmp_path / "f", "x")
    flushed: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    before = len(os.listdir("/proc/self/fd"))
    fsync_path(target)
    assert flushed == [target.stat().st_ino]
    assert len(os.listdir("/proc/self/fd")) == before
