"""parse → FtM export → parse keeps what FtM can say (Hypothesis) and real lists survive it."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidtrace.watchlists.formats import parse_file
from aidtrace.watchlists.formats.dates import span
from aidtrace.watchlists.ftm import export_ftm
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)

words = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=8)
latin_names = st.lists(words, min_size=1, max_size=3).map(" ".join)
arabic_names = st.lists(
    st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=2, max_size=6),
    min_size=1,
    max_size=3,
).map(" ".join)
years = st.integers(1900, 2020)


@st.composite
def intervals(draw: st.DrawFn) -> DateInterval:
    year = draw(years)
    kind = draw(st.sampled_from(["day", "month", "year"]))
    if kind == "year":
        found = span(year)
    elif kind == "month":
        found = span(year, draw(st.integers(1, 12)))
    else:
        found = span(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    return DateInterval(found.start, found.end)


@st.composite
def entries(draw: st.DrawFn) -> ListEntry:
    primary = draw(latin_names)
    aliases = draw(st.lists(latin_names, max_size=3))
    weak = draw(st.lists(latin_names, max_size=2))
    original = draw(st.lists(arabic_names, max_size=2))
    names = [EntryName(primary, NameQuality.PRIMARY)]
    names += [EntryName(a, NameQuality.STRONG) for a in aliases]
    names += [EntryName(w, NameQuality.WEAK) for w in weak]
    names += [EntryName(o, NameQuality.ORIGINAL_SCRIPT, "Arabic") for o in original]
    seen: set[str] = set()
    names = [n for n in names if not (n.full in seen or seen.add(n.full))]
    kinds = st.sampled_from(["passport", "national_id", "tax_id", "registration", "imo"])
    return ListEntry(
        list_name="un",
        source_id=draw(st.from_regex(r"[A-Z]{2}[ie]\.[0-9]{3}", fullmatch=True)),
        schema=draw(st.sampled_from(list(EntitySchema))),
        names=tuple(names),
        birth_dates=tuple(dict.fromkeys(draw(st.lists(intervals(), max_size=3)))),
        nationalities=tuple(dict.fromkeys(draw(st.lists(st.sampled_from(["af", "pk", "ir"]))))),
        identifiers=tuple(
            dict.fromkeys(
                Identifier(k, n)
                for k, n in draw(
                    st.lists(
                        st.tuples(kinds, st.from_regex(r"[0-9]{5,9}", fullmatch=True)), max_size=3
                    )
                )
            )
        ),
        addresses=tuple(dict.fromkeys(draw(st.lists(latin_names, max_size=2)))),
        programmes=tuple(
            dict.fromkeys(draw(st.lists(st.sampled_from(["UN 1988 Taliban", "SDGT"]), max_size=2)))
        ),
        listed_on=draw(st.none() | st.dates(date(1990, 1, 1), date(2030, 1, 1))),
        gender=draw(st.none() | st.sampled_from(["male", "female"])),
    )


def _comparable(entry: ListEntry) -> tuple[object, ...]:
    return (
        entry.schema,
        sorted((n.full, n.quality) for n in entry.names),
        sorted((d.start, d.end) for d in entry.birth_dates),
        sorted(entry.nationalities),
        sorted((i.kind, i.number) for i in entry.identifiers),
        sorted(entry.addresses),
        sorted(entry.programmes),
        entry.listed_on,
        entry.gender,
    )


def _roundtrip(items: list[ListEntry]) -> dict[str, ListEntry]:
    buffer = io.StringIO()
    export_ftm(items, buffer)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.ftm.json"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return {e.source_id: e for e in parse_file(path)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=5, unique_by=lambda e: e.source_id))
def test_export_then_parse_keeps_everything_ftm_can_hold(items: list[ListEntry]) -> None:
    back = _roundtrip(items)
    assert len(back) == len(items)
    for entry in items:
        assert _comparable(back[f"un-{entry.source_id}"]) == _comparable(entry)


def test_the_real_un_list_survives_export(shared_data: Path) -> None:
    items = list(parse_file(shared_data / "watchlists/un/un_consolidated_2026-02-27.xml"))
    back = _roundtrip(items)
    assert len(back) == 1003
    akhund = back["un-TAi.002"]
    assert akhund.primary_name == "MOHAMMAD HASSAN AKHUND"
    assert "UN 1988 Taliban" in akhund.programmes
    assert akhund.listed_on == date(2001, 1, 25)
