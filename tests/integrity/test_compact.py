"""Integer tokens: one-to-one with the hex tokens, so every equality linkage asks is unchanged."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.integrity.compact import compact, hex_to_int64, is_compact, token_columns

HEX = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)


@given(st.lists(st.one_of(st.none(), HEX), max_size=40))
def test_equal_tokens_stay_equal_and_different_ones_stay_different(
    values: list[str | None],
) -> None:
    converted = hex_to_int64(pa.chunked_array([values[:5], values[5:]], pa.string()))
    assert converted is not None
    as_ints = converted.to_pylist()
    assert [v is None for v in as_ints] == [v is None for v in values]
    pairs = [(a, b) for a, b in zip(values, as_ints, strict=True) if a is not None]
    assert len({a for a, _ in pairs}) == len({b for _, b in pairs})
    assert len({a for a, _ in pairs}) == len(set(pairs))


def test_a_sliced_array_converts_its_own_values() -> None:
    whole = pa.array(["00000000000000ff", "0000000000000001", "00000000000000ff"])
    part = hex_to_int64(whole.slice(1))
    assert part is not None
    first = hex_to_int64(whole)
    assert first is not None
    assert part.to_pylist() == first.to_pylist()[1:]


def test_values_that_are_not_hex_tokens_are_left_as_text() -> None:
    assert hex_to_int64(pa.array(["abc"])) is None
    assert hex_to_int64(pa.array(["zzzzzzzzzzzzzzzz"])) is None
    assert hex_to_int64(pa.array([1, 2])) is None


def test_compact_token_table(tokens: pa.Table) -> None:
    small = compact(tokens)
    assert is_compact(small)
    assert not is_compact(tokens)
    names = token_columns(small.schema)
    assert small.select(names).nbytes < tokens.select(names).nbytes * 0.5
    for name in names:
        before = len(set(tokens.column(name).to_pylist()))
        assert len(set(small.column(name).to_pylist())) == before, name
    # Ids and codes stay as they are: alerts name people by them.
    assert small.column("person_id").equals(tokens.column("person_id"))
    assert compact(small).equals(small)
