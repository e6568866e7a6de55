"""The scan of long texts and the keys of runs written together, as the candidate search
takes them: one call over the texts of every length in reach, and a run's keys worked out once
for the vocabularies of every kind, find what the texts of each length scanned apart and keys
worked out afresh find."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from aidtrace.names.compare import texts_read
from aidtrace.names.model import NameToken
from aidtrace.screening import ScreeningIndex
from aidtrace.screening.blocking import (
    CUTOFF_MARGIN,
    EDIT_SIMILARITY,
    Vocabulary,
    _exact_keys,
    _slip_keys,
    edit_keys,
    merge_keys,
    scanned_lengths,
)
from aidtrace.screening.match import MERGE_SIM, joined_token


def _scanned_apart(vocab: Vocabulary, tok: NameToken, similarity: float) -> set[int]:
    """The texts of each length in reach compared one by one."""
    found: set[int] = set()
    for text in texts_read(tok):
        for length in scanned_lengths(len(text), similarity):
            texts, ids = vocab.long_texts.get(length, ([], []))
            for listed, vid in zip(texts, ids, strict=True):
                if OSA.normalized_similarity(text, listed) >= similarity - CUTOFF_MARGIN:
                    found.add(vid)
    return found


def _runs(vocab: Vocabulary, count: int, seed: int) -> list[NameToken]:
    """Listed texts written together by twos and threes, with a letter dropped from some."""
    rng = random.Random(seed)
    words = [t.text for t in vocab.tokens if t.text.isalpha() and len(t.text) > 2]
    runs = []
    for _ in range(count):
        text = "".join(rng.sample(words, rng.choice((1, 2, 3))))
        if rng.random() < 0.5:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        runs.append(joined_token(text))
    return runs


@pytest.mark.parametrize("similarity", [MERGE_SIM, EDIT_SIMILARITY, 0.9])
def test_one_scan_over_every_length_finds_what_each_length_apart_finds(
    un_index: ScreeningIndex, similarity: float
) -> None:
    vocab = un_index.vocabulary
    found_some = 0
    for tok in _runs(vocab, 400, 5):
        expected = _scanned_apart(vocab, tok, similarity)
        assert vocab.scan(tok, similarity) == expected, tok.text
        found_some += bool(expected)
    assert found_some >= 5  # the runs do reach long listed texts


def test_the_lengths_sorted_start_where_each_length_starts(un_index: ScreeningIndex) -> None:
    texts, ids, starts = un_index.vocabulary.by_length()
    for length, (these, their_ids) in un_index.vocabulary.long_texts.items():
        assert texts[starts[length] : starts[length + 1]] == these
        assert ids[starts[length] : starts[length + 1]] == their_ids
    assert starts[-1] == len(texts) == len(ids)


def test_a_run_s_remembered_keys_are_its_keys(un_index: ScreeningIndex) -> None:
    for tok in _runs(un_index.vocabulary, 200, 9):
        exact, slips, typos = merge_keys(tok)
        assert set(exact) == _exact_keys(tok)
        assert set(slips) == _slip_keys(tok)
        assert set(typos) == {key for text in texts_read(tok) for key in edit_keys(text)}
        # Equal, not identical: the compiled module hands a remembered tuple of tuples back as
        # a new object on every call.
        assert merge_keys(tok) == merge_keys(joined_token(tok.text))
