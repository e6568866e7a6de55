"""The consortium linkage secret: one random 32-byte secret per round, never a workspace key.

A member creates the consortium (``create``), hands the round's secret to the other members out
of band as a small *secret file* (``secret_file_text`` / ``read_secret_file``), and each member
joins with it. The secret is kept in the workspace sealed (AES-GCM) under the workspace's
field-encryption key, so it is as safe as a sealed name, is re-sealed when the workspace keys
rotate and becomes unreadable when they are destroyed. ``rotate`` starts the next round with a
fresh secret and forgets the previous one: tokens of different rounds never link, and a secret
that leaks later opens no earlier round.

Every round has a public *check*: 8 bytes of ``HMAC(secret, "check")`` that members compare
(over the phone, say) and that every linkage and result file carries, so files of different
rounds or consortia are refused instead of silently linking nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from aidtrace.consortium import vault
from aidtrace.errors import InputError, KeyMaterialError, NotFound, WorkspaceError
from aidtrace.workspace import Workspace

SECRET_BYTES = 32
SECRET_FORMAT = "aidtrace-consortium-secret"
SECRET_VERSION = 1
MAX_SECRET_FILE = 4096
META_PREFIX = "consortium:"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_name(name: str, what: str = "consortium") -> str:
    """A consortium or agency name: 1-64 letters, digits, '.', '_' or '-'."""
    if not _NAME.fullmatch(name):
        raise InputError(f"{what} name {name!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return name


def round_check(secret: bytes) -> str:
    """The public check of a round's secret (16 hex digits)."""
    return hmac.digest(secret, b"aidtrace/consortium/check", hashlib.sha256)[:8].hex()


def derive(secret: bytes, purpose: str) -> bytes:
    """A key for one use of the round secret (tokens, Bloom filters), by HKDF-SHA256."""
    info = f"aidtrace/consortium/{purpose}/v1".encode()
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(secret)


@dataclass(frozen=True)
class Round:
    """One round of a consortium: its number, public check and (while current) its secret."""

    number: int
    check: str
    secret: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Consortium:
    """A consortium as one member sees it: its name, this member's agency name, its rounds."""

    name: str
    agency: str
    rounds: tuple[Round, ...]

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    def secret(self) -> bytes:
        """The current round's secret (``KeyMaterialError`` if it was forgotten)."""
        found = self.current.secret
        if found is None:
            raise KeyMaterialError(f"consortium {self.name}: round {self.current.number} is gone")
        return found


def _key(name: str) -> str:
    return f"{META_PREFIX}{name}"


def _save(ws: Workspace, c: Consortium) -> None:
    public = {
        "name": c.name,
        "agency": c.agency,
        "rounds": [{"round": r.number, "check": r.check} for r in c.rounds],
    }
    kept = {f"round-{r.number}": r.secret for r in c.rounds if r.secret is not None}
    vault.put(ws, _key(c.name), vault.Entry(public, kept))


def _consortium(entry: vault.Entry) -> Consortium:
    p = entry.public
    rounds = tuple(
        Round(int(r["round"]), str(r["check"]), entry.secrets.get(f"round-{r['round']}"))
        for r in p["rounds"]  # type: ignore[attr-defined]
    )
    return Consortium(str(p["name"]), str(p["agency"]), rounds)


def load(ws: Workspace, name: str) -> Consortium:
    """The consortium ``name`` this workspace belongs to (``NotFound`` if none)."""
    entry = vault.get(ws, _key(name))
    if entry is None:
        raise NotFound(f"this workspace belongs to no consortium named {name!r}")
    return _consortium(entry)


def list_consortia(ws: Workspace) -> list[Consortium]:
    """Every consortium this workspace belongs to, by name."""
    return [load(ws, key[len(META_PREFIX) :]) for key in vault.names(ws, META_PREFIX)]


def _exists(ws: Workspace, name: str) -> bool:
    return _key(name) in vault.names(ws, _key(name))


def create(ws: Workspace, name: str, agency: str) -> Consortium:
    """Start a consortium at round 1 with a fresh random secret; this workspace is ``agency``."""
    check_name(name)
    check_name(agency, "agency")
    if _exists(ws, name):
        raise WorkspaceError(f"this workspace already belongs to a consortium named {name!r}")
    secret = secrets.token_bytes(SECRET_BYTES)
    c = Consortium(name, agency, (Round(1, round_check(secret), secret),))
    _save(ws, c)
    return c


def rotate(ws: Workspace, name: str) -> Consortium:
    """Start the next round with a fresh secret and forget the previous round's secret."""
    c = load(ws, name)
    secret = secrets.token_bytes(SECRET_BYTES)
    old = tuple(replace(r, secret=None) for r in c.rounds)
    rotated = replace(c, rounds=(*old, Round(c.current.number + 1, round_check(secret), secret)))
    _save(ws, rotated)
    return rotated


def secret_file_text(c: Consortium) -> str:
    """The current round as a secret file, for the other members (send it out of band)."""
    body = {
        "format": SECRET_FORMAT,
        "version": SECRET_VERSION,
        "consortium": c.name,
        "round": c.current.number,
        "check": c.current.check,
        "secret": c.secret().hex(),
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class SecretFile:
    consortium: str
    round: Round


def read_secret_file(path: Path) -> SecretFile:
    """A secret file, checked: format, version, name, round, 32-byte secret matching its check."""
    with path.open("rb") as fh:
        raw = fh.read(MAX_SECRET_FILE + 1)
    if len(raw) > MAX_SECRET_FILE:
        raise InputError("is too large to be a consortium secret file", source=path)
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != SECRET_FORMAT or data.get("version") != SECRET_VERSION:
            raise InputError("is not a version-1 aidtrace consortium secret file", source=path)
        number, secret = data["round"], bytes.fromhex(data["secret"])
        name = check_name(str(data["consortium"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"is not a readable consortium secret file ({exc})", source=path) from None
    if type(number) is not int or not 1 <= number < 1 << 31 or len(secret) != SECRET_BYTES:
        raise InputError("holds a malformed round number or secret", source=path)
    if round_check(secret) != data.get("check"):
        raise InputError("secret does not match its check (mistyped or damaged?)", source=path)
    return SecretFile(name, Round(number, round_check(secret), secret))


def join(ws: Workspace, received: SecretFile, agency: str | None) -> Consortium:
    """Join a consortium, or move to the round a secret file brings (forgetting older ones)."""
    if not _exists(ws, received.consortium):
        if agency is None:
            raise InputError("joining a consortium needs this agency's name (--agency)")
        c = Consortium(received.consortium, check_name(agency, "agency"), (received.round,))
        _save(ws, c)
        return c
    c = load(ws, received.consortium)
    if received.round.number < c.current.number:
        raise InputError(
            f"round {received.round.number} is older than this workspace's round "
            f"{c.current.number} of {c.name}"
        )
    if received.round.number == c.current.number:
        if received.round.check != c.current.check:
            raise InputError(f"round {c.current.number} of {c.name} has a different secret here")
        return c
    old = tuple(replace(r, secret=None) for r in c.rounds)
    moved = Consortium(
        c.name, check_name(agency, "agency") if agency else c.agency, (*old, received.round)
    )
    _save(ws, moved)
    return moved
