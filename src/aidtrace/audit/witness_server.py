"""The witness over HTTP: ``POST /add-checkpoint`` and ``GET /<sha256(origin)>/checkpoint``.

A small standard-library server (one thread a connection, keep-alive): a witness runs on a
donor's or auditor's own machine and needs nothing else.
"""

from __future__ import annotations

import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aidtrace.audit.witness import MAX_BODY, Reply, Witness


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once on a kept-alive connection
    timeout = 60  # an idle kept-alive connection is closed (and its thread ends) after this
    witness: Witness  # set on the subclass ``serve`` makes

    def do_POST(self) -> None:
        if self.path.rstrip("/").rsplit("/", 1)[-1] != "add-checkpoint":
            self._send(Reply(404, b"not found\n"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            self._send(Reply(400, b"body missing or too large\n"))
            return
        self._send(self.witness.add_checkpoint(self.rfile.read(length)))

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        if len(parts) != 2 or parts[1] != "checkpoint":
            self._send(Reply(404, b"not found\n"))
            return
        for origin in self.witness.trusted():
            latest = self.witness.latest(origin)
            if hashlib.sha256(origin.encode()).hexdigest() == parts[0] and latest:
                self._send(Reply(200, str(latest["checkpoint"]).encode()))
                return
        self._send(Reply(404, b"no checkpoint cosigned for that log\n"))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the CLI reports what it needs to."""


def make_server(witness: Witness, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (port 0: any free port; see ``server_address``)."""
    handler = type("WitnessHandler", (_Handler,), {"witness": witness})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
