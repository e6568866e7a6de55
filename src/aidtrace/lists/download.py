"""Fetching a published file over HTTP(S): timeouts, retries, a size cap, and its SHA-256.

The transport is injected (``httpx.MockTransport`` in unit tests, a real loopback server in
integration tests). A file is streamed to disk and only counts as downloaded once complete.
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

log = logging.getLogger("aidtrace.lists.download")

MAX_BYTES = 512 << 20  # the full EU XML is ~25 MB and OpenSanctions ~1 GB; 512 MiB by default
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


class DownloadError(AidtraceError):
    """A list could not be fetched (network, HTTP status, size)."""

    code = "download"


@dataclass(frozen=True)
class Downloaded:
    url: str
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class DownloadPolicy:
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled after each failed attempt
    max_bytes: int = MAX_BYTES


DEFAULT_POLICY = DownloadPolicy()


def _stream(client: httpx.Client, url: str, dest: Path, max_bytes: int) -> Downloaded:
    digest, size = hashlib.sha256(), 0
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise httpx.HTTPStatusError(
                f"HTTP {response.status_code}", request=response.request, response=response
            )
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
    return Downloaded(url, dest, digest.hexdigest(), size)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code in RETRYABLE
    return isinstance(exc, httpx.TransportError)


def download(
    client: httpx.Client,
    url: str,
    dest: Path,
    policy: DownloadPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> Downloaded:
    """Fetch ``url`` into ``dest``, retrying transient failures; logs the file's SHA-256."""
    delay = policy.backoff
    for attempt in range(1, policy.retries + 2):
        try:
            done = _stream(client, url, dest, policy.max_bytes)
        except (httpx.HTTPStatusError, httpx.TransportError) as exc:
            dest.unlink(missing_ok=True)
            if not _retryable(exc) or attempt > policy.retries:
                raise DownloadError(
                    f"download failed after {attempt} attempt(s): {exc}", source=url
                ) from exc
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
