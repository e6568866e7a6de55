"""The threshold only filters for long chains of a person's names ("Hamad bin Khalifa bin Hamad
bin Abdullah Al Thani"): against a chain with one part different, with ancestors added or
dropped, or with a son's given name in front, the bounds blocking prunes by must never fall
under the score (``match.conflict_scale`` and the generation shift charge long chains more
than short ones; the bounds charge the least any alignment could)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidtrace.screening import Query, ScreeningIndex, build_index, screen_names
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

THRESHOLDS = (0.6, 0.7, 0.75, 0.8)
# given names of the Gulf's ruling families and common Arabic ones, as encyclopaedias write them
GIVEN = ("hamad", "khalifa", "abdullah", "jassim", "mohammed", "tamim", "salman", "abdulaziz",
         "faisal", "turki", "sultan", "nayef", "rashid", "saeed", "maktoum", "hamdan", "zayed",
         "saud", "fahd", "talal", "hussein", "ali", "ahmed", "omar")  # fmt: skip
FAMILY = ("al thani", "al saud", "al maktoum", "al nahyan", "al khalifa", "al sabah")


@st.composite
def _chain(draw: st.DrawFn) -> list[str]:
    """A person's chain: a given name, two to five ancestors after "bin", a family name."""
    names = draw(st.lists(st.sampled_from(GIVEN), min_size=3, max_size=6))
    return [" bin ".join(names), draw(st.sampled_from(FAMILY))]


@st.composite
def _pair(draw: st.DrawFn) -> tuple[str, str]:
    """A listed chain and a query that is the same chain with one change: a part replaced, an
    ancestor added or dropped, a son's name in front, or the family name dropped."""
    chain, family = draw(_chain())
    parts = chain.split(" bin ")
    query = list(parts)
    kind = draw(st.sampled_from(("replace", "add", "drop", "son", "no family")))
    at = draw(st.integers(0, len(parts) - 1))
    other = draw(st.sampled_from(GIVEN))
    if kind == "replace":
        query[at] = other
    elif kind == "add":
        query.insert(at + 1, other)
    elif kind == "drop" and len(query) > 2:
        del query[at]
    elif kind == "son":
        query.insert(0, other)
    listed = f"{chain} {family}"
    written = " bin ".join(query)
    return (written if kind == "no family" else f"{written} {family}"), listed


def _hits(index: ScreeningIndex, query: Query, threshold: float) -> dict[str, float]:
    result = screen_names(index, [query], threshold, limit=10_000)[0]
    return {h.entry.source_id: round(h.score, 9) for h in result.hits}


def test_long_chains_are_screened_alike_at_every_threshold(un_index: ScreeningIndex) -> None:
    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(_pair())
    def check(pair: tuple[str, str]) -> None:
        query_name, listed = pair
        entry = ListEntry("test", "T.1", EntitySchema.PERSON,
                          (EntryName(listed, NameQuality.PRIMARY),))  # fmt: skip
        index = build_index([entry], [])
        index.rarity = un_index.rarity
        query = Query(query_name, "probe", organisation=False)
        everything = _hits(index, query, 0.0)
        for threshold in THRESHOLDS:
            expected = {k: s for k, s in everything.items() if s >= threshold}
            assert _hits(index, query, threshold) == expected, (query_name, listed, threshold)

    check()
