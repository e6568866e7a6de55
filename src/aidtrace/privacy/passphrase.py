"""A root key stretched from a passphrase with Argon2id.

The spec ``passphrase:argon2id:t=3:m=65536:p=2:<salt hex>`` records the public parameters and the
random salt; the passphrase itself is asked for at run time (``AIDTRACE_PASSPHRASE`` by default,
or an injected callable, e.g. a prompt). A wrong passphrase yields a different root key, which the
key ring notices by its key id before any decryption is attempted.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from aidtrace.errors import KeyMaterialError
from aidtrace.privacy.keys import NEW_KEY_SOURCES, ROOT_KEY_BYTES, register_key_source

PASSPHRASE_ENV = "AIDTRACE_PASSPHRASE"
MIN_PASSPHRASE_CHARS = 12

Prompt = Callable[[], str]


def passphrase_from_env() -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if not value:
        raise KeyMaterialError(f"set {PASSPHRASE_ENV} to the workspace passphrase")
    return value


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost: ``t`` passes over ``m`` KiB of memory with ``p`` lanes (RFC 9106)."""

    t: int = 3
    m: int = 65536
    p: int = 2

    def spec(self) -> str:
        return f"t={self.t}:m={self.m}:p={self.p}"

    @classmethod
    def parse(cls, parts: list[str]) -> Argon2Params:
        try:
            values = dict(part.split("=", 1) for part in parts)
            return cls(int(values["t"]), int(values["m"]), int(values["p"]))
        except (KeyError, ValueError) as exc:
            raise KeyMaterialError(f"bad Argon2id parameters {':'.join(parts)!r}") from exc


class PassphraseKeySource:
    """Root key = Argon2id(passphrase, salt); nothing secret is ever written down."""

    def __init__(
        self, salt: bytes, params: Argon2Params | None = None, prompt: Prompt | None = None
    ) -> None:
        self.salt = salt
        self.params = params or Argon2Params()
        self._prompt = prompt or passphrase_from_env
        self._cached: bytes | None = None

    @classmethod
    def create(
        cls, prompt: Prompt | None = None, params: Argon2Params | None = None
    ) -> PassphraseKeySource:
        """A new source with a fresh random salt (the passphrase is checked for length)."""
        source = cls(secrets.token_bytes(16), params, prompt)
        source.root_key()
        return source

    @classmethod
    def from_spec(cls, rest: str) -> PassphraseKeySource:
        algorithm, *parts, salt = rest.split(":")
        if algorithm != "argon2id":
            raise KeyMaterialError(f"unknown passphrase algorithm {algorithm!r}")
        try:
            salt_bytes = bytes.fromhex(salt)
        except ValueError as exc:
            raise KeyMaterialError("passphrase salt is not hex") from exc
        return cls(salt_bytes, Argon2Params.parse(parts))

    def describe(self) -> str:
        return f"passphrase:argon2id:{self.params.spec()}:{self.salt.hex()}"

    def root_key(self) -> bytes:
        # Argon2id is deliberately slow; stretch once per process.
        if self._cached is None:
            passphrase = self._prompt()
            if len(passphrase) < MIN_PASSPHRASE_CHARS:
                raise KeyMaterialError(
                    f"the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters"
                )
            self._cached = hash_secret_raw(
                passphrase.encode("utf-8"),
                self.salt,
                time_cost=self.params.t,
                memory_cost=self.params.m,
                parallelism=self.params.p,
                hash_len=ROOT_KEY_BYTES,
                type=Type.ID,
            )
        return self._cached

    def destroy(self) -> str:
        # Without the salt (recorded only in the config, rewritten by shredding) the passphrase
        # no longer yields this key; copies of the old config plus the passphrase still would.
        self._cached = None
        return "forgot the Argon2id salt; also retire the passphrase wherever it is written"


register_key_source("passphrase", PassphraseKeySource.from_spec)
NEW_KEY_SOURCES.register(lambda _rest: PassphraseKeySource.create(), "passphrase")
