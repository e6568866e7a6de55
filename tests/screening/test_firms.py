"""Firms named after people: trade words are not name parts, and one given name is not a person."""

from __future__ import annotations

from aidtrace.names.analyze import analyse
from aidtrace.screening import Query, build_index, screen_names
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality


def _entry(source_id: str, schema: EntitySchema, *names: str) -> ListEntry:
    return ListEntry(
        list_name="un",
        source_id=source_id,
        schema=schema,
        names=tuple(EntryName(n, NameQuality.PRIMARY) for n in names),
    )


INDEX = build_index(
    [
        _entry("P1", EntitySchema.PERSON, "OBAIDULLAH SHER AHMAD JUMA KHAN", "عبید‌الله شیر احمد"),
        _entry("P2", EntitySchema.PERSON, "HAMID IDREES NAJIBULLAH"),
        _entry("P3", EntitySchema.PERSON, "ZALMAI ABDUL JALIL HEKMATULLAH"),
        _entry(
            "E1", EntitySchema.ORGANIZATION, "HAJI MOHAMMAD KARIM HAJI SHAFIULLAH MONEY EXCHANGE"
        ),
    ],
    # among the screened people Mohammad is as common as it is in Afghanistan
    population=[analyse(f"Mohammad {given}") for given in ("Karim", "Nabi", "Wali", "Aziz") * 50],
)


def _hits(name: str) -> list[str]:
    [result] = screen_names(INDEX, [Query(name)])
    return [h.entry.source_id for h in result.hits]


def test_a_firm_named_after_a_listed_person_meets_that_person() -> None:
    assert _hits("Obaidullah Sher Ahmed Trading Company") == ["P1"]
    assert _hits("شرکت تجارتی عبید‌الله شیر احمد") == ["P1"]


def test_trade_words_are_not_the_agreement() -> None:
    assert _hits("Haji Mohammad Money Exchange") == []  # shares only Mohammad and the trade
    assert _hits("Haji Idrees Money Exchange") == []  # one given name is not a person


def test_a_person_reading_stays_for_names_without_trade_words() -> None:
    assert _hits("Zalmai Abdul Jalil") == ["P3"]
