"""Signed session cookies and CSRF tokens, both keyed from the workspace's web-session key.

A session cookie carries the username, the account's session epoch (bumped on sign-out and on
disabling, which revokes every older cookie), when it was issued, and a random nonce; an HMAC
makes it unforgeable. CSRF tokens are the HMAC of a per-browser nonce kept in its own cookie, so
a form posted from another site cannot carry a valid token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from aidtrace.workspace import Clock

SESSION_COOKIE = "aidtrace_session"
CSRF_COOKIE = "aidtrace_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Claims:
    username: str
    epoch: int
    issued_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Issues and checks session cookies and CSRF tokens; the clock and key are injected."""

    def __init__(self, key: bytes, ttl: timedelta, clock: Clock) -> None:
        self._key = key
        self._ttl = ttl
        self._clock = clock

    def _mac(self, label: str, data: bytes) -> str:
        return _b64(hmac.new(self._key, label.encode() + b"\0" + data, hashlib.sha256).digest())

    def issue(self, username: str, epoch: int) -> str:
        payload = json.dumps(
            {"u": username, "e": epoch, "t": self._clock().timestamp(), "n": secrets.token_hex(8)}
        ).encode()
        return f"{_b64(payload)}.{self._mac('session', payload)}"

    def read(self, cookie: str | None) -> Claims | None:
        """The claims of a valid, unexpired cookie; ``None`` for anything else."""
        if not cookie or cookie.count(".") != 1 or len(cookie) > 1024:
            return None
        body, mac = cookie.split(".")
        try:
            payload = _unb64(body)
            if not hmac.compare_digest(mac, self._mac("session", payload)):
                return None
            data = json.loads(payload)
            issued = datetime.fromtimestamp(float(data["t"]), tz=self._clock().tzinfo)
            claims = Claims(str(data["u"]), int(data["e"]), issued)
        except (ValueError, KeyError, TypeError):
            return None
        if self._clock() - claims.issued_at > self._ttl:
            return None
        return claims

    @staticmethod
    def new_csrf_nonce() -> str:
        return secrets.token_urlsafe(24)

    def csrf_token(self, nonce: str) -> str:
        return self._mac("csrf", nonce.encode())

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token or len(token) > 128:
            return False
        return hmac.compare_digest(token, self.csrf_token(nonce))
