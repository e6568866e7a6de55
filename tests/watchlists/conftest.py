"""A real HTTP server on 127.0.0.1 serving list files, for the update tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]


class ListServer(ThreadingHTTPServer):
    routes: dict[str, Route]
    hits: dict[str, int]

    def url(self, route: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{route}"

    def file(self, route: str, path: Path) -> str:
        """Serve ``path`` at ``route``."""
        self.routes[route] = lambda h: send(h, path.read_bytes())
        return self.url(route)


def send(handler: BaseHTTPRequestHandler, body: bytes, status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class _Handler(BaseHTTPRequestHandler):
    server: ListServer

    def do_GET(self) -> None:
        self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        route = self.server.routes.get(self.path)
        if route is None:
            send(self, b"not found", 404)
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on outcomes, not on access logs."""


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    server = ListServer(("127.0.0.1", 0), _Handler)
    server.routes, server.hits = {}, {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def un_publication(path: Path, refs: Iterable[str], generated: str | None = "2026-03-01") -> Path:
    """A minimal UN consolidated list holding one individual per reference, written to
    ``path``; ``generated`` is its dateGenerated (``None``: the file has none)."""
    people = "".join(
        f"<INDIVIDUAL><FIRST_NAME>PERSON {ref}</FIRST_NAME>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER></INDIVIDUAL>"
        for ref in refs
    )
    stamp = f' dateGenerated="{generated}T00:00:00Z"' if generated else ""
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST{stamp}>'
        f"<INDIVIDUALS>{people}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    return path


def refs(count: int, start: int = 0) -> list[str]:
    """``count`` UN-style reference numbers."""
    return [f"TAi.{n:04d}" for n in range(start, start + count)]
