"""``lists update`` against a real loopback HTTP server serving the shared list files."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from aidtrace.watchlists.download import DownloadError, DownloadPolicy, download
from aidtrace.watchlists.snapshots import current_entries
from aidtrace.watchlists.sources import DEFAULT_SOURCES, ListSource, load_sources, with_urls
from aidtrace.watchlists.store import list_snapshots
from aidtrace.watchlists.update import update_lists
from aidtrace.workspace import Workspace

from .conftest import ListServer, send

UN_2025 = "watchlists/un/un_consolidated_2025-04-19.xml"
UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"
# The loopback server answers at once; the read timeout only bounds a server that never does.
FAST = DownloadPolicy(timeout=30, retries=2, backoff=0.0)


def _un(url: str) -> dict[str, ListSource]:
    return with_urls(DEFAULT_SOURCES, {"un": url})


def test_update_loads_then_no_ops_then_diffs(
    workspace: Workspace,
    shared_data: Path,
    list_server: ListServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = list_server.file("/un.xml", shared_data / UN_2025)
    with caplog.at_level(logging.INFO, logger="aidtrace.watchlists.download"):
        (first,) = update_lists(workspace, ["un"], sources=_un(url), policy=FAST)
    assert first.ok, first.error
    assert first.result is not None
    assert first.result.snapshot.snapshot_id == "un@1"
    assert first.result.snapshot.source_url == url
    assert first.files[0].sha256.startswith("929a40ec")
    assert "sha256 929a40ec" in caplog.text
    (again,) = update_lists(workspace, ["un"], sources=_un(url), policy=FAST)
    assert again.result is not None
    assert again.result.skipped
    url = list_server.file("/un.xml", shared_data / UN_2026)
    (newer,) = update_lists(workspace, ["un"], sources=_un(url), policy=FAST)
    assert newer.result is not None
    assert len(newer.result.diff.added) == 130
    assert list(workspace.tmp_dir.iterdir()) == []  # downloads are not left behind


def _truncated(body: bytes) -> object:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.close_connection = True

    return route


@pytest.mark.parametrize("failure", ["interrupted", "http 500", "not found", "bad xml", "too big"])
def test_failures_leave_the_previous_snapshot(
    workspace: Workspace, shared_data: Path, list_server: ListServer, failure: str
) -> None:
    good = list_server.file("/good.xml", shared_data / UN_2025)
    update_lists(workspace, ["un"], sources=_un(good), policy=FAST)
    body = (shared_data / UN_2026).read_bytes()
    routes = {
        "interrupted": _truncated(body),
        "http 500": lambda h: send(h, b"oops", 500),
        "bad xml": lambda h: send(h, body[: len(body) // 2]),
        "too big": lambda h: send(h, body),
    }
    if failure in routes:
        list_server.routes["/bad.xml"] = routes[failure]  # type: ignore[assignment]
    policy = DownloadPolicy(
        timeout=30,
        retries=2,
        backoff=0.0,
        max_bytes=3_000_000 if failure != "too big" else 1_000_000,
    )
    (outcome,) = update_lists(
        workspace, ["un"], sources=_un(list_server.url("/bad.xml")), policy=policy
    )
    assert not outcome.ok
    assert outcome.error
    assert [s.snapshot_id for s in list_snapshots(workspace)] == ["un@1"]
    assert len(current_entries(workspace)) == 877
    expected_hits = 3 if failure in ("interrupted", "http 500") else 1
    assert list_server.hits["/bad.xml"] == expected_hits


def test_retries_then_succeeds(
    workspace: Workspace, shared_data: Path, list_server: ListServer
) -> None:
    body = (shared_data / UN_2025).read_bytes()

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        if list_server.hits["/flaky.xml"] < 3:
            send(handler, b"busy", 503)
        else:
            send(handler, body)

    list_server.routes["/flaky.xml"] = flaky
    (outcome,) = update_lists(
        workspace, ["un"], sources=_un(list_server.url("/flaky.xml")), policy=FAST
    )
    assert outcome.ok, outcome.error
    assert list_server.hits["/flaky.xml"] == 3


def test_ofac_csv_set_is_fetched_as_one(
    workspace: Workspace, shared_data: Path, list_server: ListServer
) -> None:
    folder = shared_data / "watchlists/ofac/sdn_2021-07"
    files = tuple(
        (name, list_server.file(f"/{name}", folder / name))
        for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
    )
    sources = {"ofac_sdn": ListSource("ofac_sdn", "ofac_csv", files)}
    (outcome,) = update_lists(workspace, sources=sources, policy=FAST)
    assert outcome.ok, outcome.error
    assert outcome.result is not None
    assert outcome.result.snapshot.entry_count == 8976


def test_mock_transport_and_size_header(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "999999999"}, content=b"x")

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(DownloadError, match="limit"),
    ):
        download(client, "https://example.org/x", tmp_path / "x", DownloadPolicy(max_bytes=10))
    assert not (tmp_path / "x").exists()


def test_sources_file_overrides(tmp_path: Path) -> None:
    (tmp_path / "lists.toml").write_text(
        '[sources.un]\nurl = "http://127.0.0.1:1/un.xml"\n'
        '[sources.mirror]\nurl = "http://127.0.0.1:1/x.xml"\nformat = "uk_xml"\n'
    )
    sources = load_sources(tmp_path)
    assert sources["un"].url == "http://127.0.0.1:1/un.xml"
    assert sources["un"].format == "un_xml"
    assert sources["mirror"].format == "uk_xml"
