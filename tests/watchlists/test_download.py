"""Downloads fail alone and in bounded time: a deadline, a minimum rate, hostile responses."""

from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from aidtrace.watchlists.download import DownloadError, DownloadPolicy, download
from aidtrace.watchlists.sources import ListSource
from aidtrace.watchlists.store import list_snapshots
from aidtrace.watchlists.update import UpdateStatus, update_lists
from aidtrace.workspace import Workspace

from .conftest import ListServer, refs, un_publication

QUICK = DownloadPolicy(timeout=5, retries=2, backoff=0.0)


def _hostile(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/garbage.gz":
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip" * 9)
    if path == "/loop":
        return httpx.Response(302, headers={"Location": "/loop"})
    if path == "/strange":
        return httpx.Response(200, headers={"Content-Encoding": "x-strange"}, content=b"<a/>")
    return httpx.Response(404)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://lists.test/garbage.gz", "could not be decoded"),
        ("https://lists.test/loop", "too many redirects"),
        ("https://lists.test/strange", "Content-Encoding 'x-strange'"),
        ("https://lists.test/a\x00b", "not a URL aidtrace can fetch"),
    ],
)
def test_hostile_responses_are_one_download_error(tmp_path: Path, url: str, reason: str) -> None:
    transport = httpx.MockTransport(_hostile)
    with (
        httpx.Client(transport=transport, follow_redirects=True) as client,
        pytest.raises(DownloadError, match=reason) as info,
    ):
        download(client, url, tmp_path / "x", QUICK, sleep=lambda _: None)
    assert info.value.source == url
    assert not (tmp_path / "x").exists()


def _drip(interval: float, total: int = 200) -> object:
    """A route that promises ``total`` bytes and sends one after every ``interval`` seconds (the
    first too, so a silent server sends nothing however late the client starts reading); it stops
    by itself when the client hangs up or after ``total`` bytes."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        try:
            for _ in range(total):
                time.sleep(interval)
                handler.wfile.write(b"<")
                handler.wfile.flush()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            return

    return route


@pytest.mark.parametrize(
    ("interval", "policy", "reason"),
    [
        (0.25, DownloadPolicy(timeout=30, deadline=1.5, min_rate=0), "1.5-second deadline"),
        (
            0.1,
            DownloadPolicy(timeout=30, deadline=30, min_rate=100, rate_window=0.6),
            "transfer too slow",
        ),
        (5.0, DownloadPolicy(timeout=30, deadline=1.0, min_rate=0), "1-second deadline"),
        (
            5.0,
            DownloadPolicy(timeout=30, deadline=30, min_rate=10, rate_window=0.8),
            "no data for 0.8 s",
        ),
    ],
    ids=[
        "drip past the deadline",
        "drip below the rate",
        "silent past the deadline",
        "silent for a rate window",
    ],
)
def test_a_dripping_server_is_abandoned(
    tmp_path: Path, list_server: ListServer, interval: float, policy: DownloadPolicy, reason: str
) -> None:
    list_server.routes["/drip.xml"] = _drip(interval)  # type: ignore[assignment]
    started = time.monotonic()
    with httpx.Client() as client, pytest.raises(DownloadError, match=reason):
        download(client, list_server.url("/drip.xml"), tmp_path / "x", policy)
    assert time.monotonic() - started < 10  # a read timeout of 30 s alone would wait forever
    assert list_server.hits["/drip.xml"] == 1  # too slow is not retried
    assert not (tmp_path / "x").exists()


def test_each_source_fails_alone(workspace: Workspace, tmp_path: Path) -> None:
    good = un_publication(tmp_path / "un.xml", refs(12)).read_bytes()
    wrong = b'<?xml version="1.0" encoding="x-nope"?><CONSOLIDATED_LIST/>'
    bodies = {"/un.xml": good, "/enc.xml": wrong}

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path in bodies:
            return httpx.Response(200, content=bodies[request.url.path])
        return _hostile(request)

    def source(name: str, path: str) -> ListSource:
        return ListSource(name, "un_xml", ((f"{name}.xml", f"https://lists.test{path}"),))

    sources = {
        "gzip": source("gzip", "/garbage.gz"),
        "loop": source("loop", "/loop"),
        "encoding": source("encoding", "/enc.xml"),
        "un": source("un", "/un.xml"),
    }
    outcomes = update_lists(
        workspace,
        list(sources),
        sources=sources,
        transport=httpx.MockTransport(serve),
        policy=QUICK,
        sleep=lambda _: None,
    )
    by_name = {o.source: o for o in outcomes}
    assert [o.status for o in outcomes] == [UpdateStatus.FAILED] * 3 + [UpdateStatus.UPDATED]
    assert "could not be decoded" in str(by_name["gzip"].error)
    assert "too many redirects" in str(by_name["loop"].error)
    assert "unknown encoding: x-nope" in str(by_name["encoding"].error)
    assert by_name["un"].current == "un@1"
    assert [s.snapshot_id for s in list_snapshots(workspace)] == ["un@1"]
    rows = workspace.engine.query(
        "SELECT source, status, snapshot_id FROM list_checks ORDER BY source"
    ).to_pylist()
    assert [(r["source"], r["status"], r["snapshot_id"]) for r in rows] == [
        ("encoding", "failed", None),
        ("gzip", "failed", None),
        ("loop", "failed", None),
        ("un", "updated", "un@1"),
    ]


def test_gzip_from_the_server_is_decoded(tmp_path: Path) -> None:
    body = un_publication(tmp_path / "un.xml", refs(3)).read_bytes()

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, content=gzip.compress(body)
        )

    with httpx.Client(transport=httpx.MockTransport(serve)) as client:
        done = download(client, "https://lists.test/un.xml", tmp_path / "got.xml", QUICK)
    assert (tmp_path / "got.xml").read_bytes() == body
    assert done.size == len(body)


def test_a_list_past_the_import_memory_limit_fails_alone(
    workspace: Workspace, tmp_path: Path
) -> None:
    """`lists update` loads each list under the workspace's ``import_memory_limit`` too."""
    body = un_publication(tmp_path / "un.xml", refs(12)).read_bytes()
    sources = {"un": ListSource("un", "un_xml", (("un.xml", "https://lists.test/un.xml"),))}
    # a ceiling below what this process already holds: the load is refused before it starts
    workspace.config = workspace.config.model_copy(update={"import_memory_limit": 1})
    [outcome] = update_lists(
        workspace,
        ["un"],
        sources=sources,
        transport=httpx.MockTransport(lambda _: httpx.Response(200, content=body)),
        policy=QUICK,
        sleep=lambda _: None,
    )
    assert outcome.status is UpdateStatus.FAILED
    assert "1 MiB import memory limit" in str(outcome.error)
    assert list_snapshots(workspace) == []
