"""Phonetic keys stay as they were for real names and cost linear time for absurd ones."""

from __future__ import annotations

import time

import pytest
from rigour.text import metaphone

from aidtrace.privacy.names_keys import NamesLayerKeys
from aidtrace.privacy.tokens import PHONETIC_CHARS, RigourNameKeys, phonetic_code

NAMES = ["Mohammad", "Abdul Qadir", "Gulbuddin Hekmatyar", "Sasha Schwarzenegger", "Ashraf"]


@pytest.mark.parametrize("name", NAMES)
def test_real_tokens_keep_their_code(name: str) -> None:
    for token in name.lower().split():
        assert phonetic_code(token) == metaphone(token)


def test_long_token_is_keyed_on_its_head() -> None:
    token = "ab" * PHONETIC_CHARS
    assert phonetic_code(token) == metaphone(token[:PHONETIC_CHARS])


@pytest.mark.parametrize("keys", [NamesLayerKeys(), RigourNameKeys()], ids=type)
@pytest.mark.parametrize("letters", ["a", "hw", "aeiou"])
def test_megabyte_token_is_keyed_in_linear_time(keys: object, letters: str) -> None:
    # Letters metaphone skips: rigour walks back to the token's start for each (25 s a MiB).
    token = letters * ((1 << 20) // len(letters))
    # The processor time of this thread, not the wall clock: on a loaded machine the wall clock
    # runs on while other processes have the processor (under a second here either way).
    start = time.thread_time()
    code = keys.phonetic(token)  # type: ignore[attr-defined]
    assert time.thread_time() - start < 5.0
    assert len(code) <= 64
