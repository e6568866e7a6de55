"""A real HTTP server on 127.0.0.1 serving list files, for the update tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
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
