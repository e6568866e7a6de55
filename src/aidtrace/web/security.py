"""Security headers on every response, and the per-browser CSRF nonce cookie.

The content security policy allows only this origin's own scripts and styles (the vendored
Vega-Lite runs with its expression interpreter, so no ``eval``), forbids framing, plugins and
foreign form targets; ``nosniff`` stops content-type guessing; pages are never cached.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aidtrace.web.sessions import CSRF_COOKIE, SessionCodec

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


def csrf_cookie_header(nonce: str, secure: bool) -> bytes:
    flags = "; HttpOnly; SameSite=Strict; Path=/" + ("; Secure" if secure else "")
    return f"{CSRF_COOKIE}={nonce}{flags}".encode()


def _has_nonce(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value.decode("latin-1"))
            if CSRF_COOKIE in jar:
                return True
    return False


class SecurityHeaders:
    """ASGI middleware: adds the headers above, and a CSRF nonce cookie where none came in."""

    def __init__(self, app: ASGIApp, secure_cookies: bool = True) -> None:
        self.app = app
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = None if _has_nonce(scope) else SessionCodec.new_csrf_nonce()
        if nonce is not None:
            scope.setdefault("state", {})["csrf_nonce"] = nonce
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + list(HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                if nonce is not None:
                    headers.append((b"set-cookie", csrf_cookie_header(nonce, self.secure)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
