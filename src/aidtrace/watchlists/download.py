"""Fetching a published file over HTTP(S): a deadline, a minimum rate, retries, a size cap.

The transport is injected (``httpx.MockTransport`` in unit tests, a real loopback server in
integration tests). A file is streamed to disk and only counts as downloaded once complete.

A timeout on each read is not enough: a server that sends one byte a second never trips it.
So each file has an overall deadline (all attempts included) and a minimum transfer rate,
measured over a window; a transfer that misses either is abandoned, not retried. Every way a
download can fail becomes one ``DownloadError`` naming the URL, so one bad source never stops
the others.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from aidtrace.errors import AidtraceError

log = logging.getLogger("aidtrace.watchlists.download")

MAX_BYTES = 512 << 20  # the full EU XML is ~25 MB and OpenSanctions ~1 GB; 512 MiB by default
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})

Clock = Callable[[], float]


class DownloadError(AidtraceError):
    """A list could not be fetched (network, HTTP status, size, deadline, rate, encoding)."""

    code = "download"


@dataclass(frozen=True)
class Downloaded:
    url: str
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class DownloadPolicy:
    """How long and how slowly a file may come. The defaults suit the official lists
    (2–30 MB) on a slow field connection: 15 minutes a file, at least 1 KiB/s."""

    timeout: float = 60.0  # seconds to connect, or to wait for any one read
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled after each failed attempt
    max_bytes: int = MAX_BYTES
    deadline: float = 900.0  # seconds for the whole file, every attempt included
    min_rate: float = 1024.0  # bytes a second; 0 turns the rate check off
    rate_window: float = 30.0  # seconds over which the rate is measured


DEFAULT_POLICY = DownloadPolicy()


class _Pace:
    """Holds one file's transfer to its deadline and, window by window, its minimum rate."""

    def __init__(self, policy: DownloadPolicy, clock: Clock, url: str) -> None:
        self.policy, self.clock, self.url = policy, clock, url
        self.started = clock()
        self.window_start, self.window_bytes = self.started, 0
        self.read_limit = policy.timeout

    def remaining(self) -> float:
        return self.policy.deadline - (self.clock() - self.started)

    def restart_window(self) -> None:
        self.window_start, self.window_bytes = self.clock(), 0

    def read_timeout(self) -> httpx.Timeout:
        # A silent server must not outlast the deadline, nor a whole rate window.
        limit = min(self.policy.timeout, max(self.remaining(), 0.01))
        if self.policy.min_rate > 0:
            limit = min(limit, self.policy.rate_window)
        self.read_limit = limit
        return httpx.Timeout(limit)

    def silent(self) -> DownloadError:
        return DownloadError(
            f"transfer too slow: no data for {self.read_limit:.1f} s", source=self.url
        )

    def expired(self) -> DownloadError:
        return DownloadError(
            f"not complete within the {self.policy.deadline:g}-second deadline", source=self.url
        )

    def check(self, received: int) -> None:
        """Called as data arrives; raises once the deadline passed or the rate is too low."""
        now = self.clock()
        if now - self.started > self.policy.deadline:
            raise self.expired()
        self.window_bytes += received
        elapsed = now - self.window_start
        if self.policy.min_rate <= 0 or elapsed < self.policy.rate_window:
            return
        rate = self.window_bytes / elapsed
        if rate < self.policy.min_rate:
            raise DownloadError(
                f"transfer too slow: {rate:,.0f} bytes/s over {elapsed:.1f} s "
                f"(minimum {self.policy.min_rate:,.0f})",
                source=self.url,
            )
        self.window_start, self.window_bytes = now, 0


def _check_encoding(response: httpx.Response, url: str) -> None:
    """Refuse a Content-Encoding the request did not offer: httpx would pass it undecoded."""
    offered = response.request.headers.get("accept-encoding", "")
    known = {"", "identity"} | {t.strip().lower() for t in offered.split(",")}
    for token in response.headers.get("content-encoding", "").split(","):
        if token.strip().lower() not in known:
            raise DownloadError(
                f"the server sent Content-Encoding {token.strip()!r}, which cannot be decoded",
                source=url,
            )


def _stream(client: httpx.Client, url: str, dest: Path, max_bytes: int, pace: _Pace) -> Downloaded:
    digest, size = hashlib.sha256(), 0
    pace.restart_window()
    with client.stream("GET", url, timeout=pace.read_timeout()) as response:
        if response.status_code != 200:
            raise httpx.HTTPStatusError(
                f"HTTP {response.status_code}", request=response.request, response=response
            )
        _check_encoding(response, url)
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise DownloadError(f"{declared} bytes exceeds the {max_bytes}-byte limit", source=url)
        with dest.open("wb") as out:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadError(f"more than the {max_bytes}-byte limit", source=url)
                digest.update(chunk)
                out.write(chunk)
                pace.check(len(chunk))
    return Downloaded(url, dest, digest.hexdigest(), size)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code in RETRYABLE
    return isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.UnsupportedProtocol)


def _final(exc: Exception, url: str, attempt: int) -> DownloadError:
    """The one-line reason a download failed for good."""
    if isinstance(exc, httpx.TooManyRedirects):
        return DownloadError("too many redirects (a redirect loop?)", source=url)
    if isinstance(exc, httpx.DecodingError):
        return DownloadError(f"the response could not be decoded: {exc}", source=url)
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return DownloadError(f"not a URL aidtrace can fetch: {exc}", source=url)
    if isinstance(exc, OSError):
        return DownloadError(f"cannot write the download: {exc}", source=url)
    return DownloadError(f"download failed after {attempt} attempt(s): {exc}", source=url)


def download(
    client: httpx.Client,
    url: str,
    dest: Path,
    policy: DownloadPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    clock: Clock = time.monotonic,
) -> Downloaded:
    """Fetch ``url`` into ``dest``, retrying transient failures within the deadline; logs the
    file's SHA-256. Every failure is a ``DownloadError``; ``dest`` is then removed."""
    pace, delay = _Pace(policy, clock, url), policy.backoff
    for attempt in range(1, policy.retries + 2):
        try:
            done = _stream(client, url, dest, policy.max_bytes, pace)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            dest.unlink(missing_ok=True)
            if isinstance(exc, httpx.TimeoutException) and pace.remaining() <= 0:
                raise pace.expired() from exc
            if isinstance(exc, httpx.ReadTimeout) and policy.min_rate > 0:
                raise pace.silent() from exc  # a whole rate window without data: too slow
            last = attempt > policy.retries or pace.remaining() <= delay
            if not _retryable(exc) or last:
                raise _final(exc, url, attempt) from exc
            log.warning("download of %s failed (attempt %d): %s; retrying", url, attempt, exc)
            sleep(delay)
            delay *= 2
            continue
        except DownloadError:
            dest.unlink(missing_ok=True)
            raise
        log.info("downloaded %s: %d bytes, sha256 %s", url, done.size, done.sha256)
        return done
    raise AssertionError("unreachable")  # the loop always returns or raises
