"""Which hits of screening at import become alerts: a listed name carried whole, or an ID number
that agrees; a listed man's given and father's names alone, a name that only resembles the
listed one, or the listed chain after a given name of the person's own (a son's, a daughter's),
are not raised."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.people.importer import NameRecord
from aidtrace.people.screening import entry_positions, screen_batch
from aidtrace.screening import build_index
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)

LATIN, FA = NameQuality.PRIMARY, NameQuality.ORIGINAL_SCRIPT
TAZKIRA = "1400-1234-56789"
ENTRIES = [
    ListEntry(
        "un",
        "TAi.901",
        EntitySchema.PERSON,
        (EntryName("OMAR MOHAMMAD NASIR", LATIN), EntryName("عمر محمد نصیر", FA)),
    ),
    ListEntry(
        "un",
        "TAi.902",
        EntitySchema.PERSON,
        (EntryName("QASIM ABDUL QAYUM", LATIN), EntryName("قاسم عبدالقیوم", FA)),
        identifiers=(Identifier("tazkira", TAZKIRA),),
    ),
    ListEntry(
        "un",
        "TAi.905",
        EntitySchema.PERSON,
        (EntryName("ZALMAI ABDUL JALIL HEKMATULLAH", LATIN),),
        birth_dates=(DateInterval(date(1970, 1, 1), date(1970, 12, 31), "1970"),),
    ),
    ListEntry(
        "un",
        "TAi.906",
        EntitySchema.PERSON,
        (EntryName("MAHMUD AKBAR HASSAN", LATIN), EntryName("محمود اکبر حسن", FA)),
    ),
    ListEntry(
        "un",
        "TAi.907",
        EntitySchema.PERSON,
        (EntryName("AHMAD ISMAIL KARIM", LATIN), EntryName("احمد اسماعیل", FA)),
        birth_dates=(DateInterval(date(1969, 1, 1), date(1971, 12, 31), "approximately 1970"),),
        identifiers=(Identifier("tazkira", "1398-7654-32109"),),
    ),
]


def person(
    given: str, father: str, grandfather: str, name_fa: str, tazkira: str = "", born: int = 0
) -> NameRecord:
    return NameRecord(
        "beneficiary:B1",
        "beneficiary",
        given,
        father,
        grandfather,
        "",
        name_fa,
        born or None,
        "AF01",
        tazkira,
    )


@pytest.mark.parametrize(
    ("record", "raised"),
    [
        # the whole listed chain, in both scripts
        (person("Omar", "Mohammad", "Nasir", "عمر محمد نصیر"), ["TAi.901"]),
        # a listed man's given and father's names, without his grandfather's
        (person("Omar", "Mohammad", "", "عمر محمد"), []),
        # a name that only resembles the listed one: Nasim is not Qasim
        (person("Nasim", "Abdul Qayum", "", "نسیم عبدالقیوم"), []),
        # ... unless the tazkira number is the listed one
        (person("Nasim", "Abdul Qayum", "", "نسیم عبدالقیوم", TAZKIRA), ["TAi.902"]),
        # another romanisation of the same names is the same name
        (person("Qaseem", "Abdul Qayyum", "", ""), ["TAi.902"]),
        # a whole chain of three parts and more is not vetoed by an estimated birth year...
        (person("Zalmay", "Abdul Jalil", "Hekmatullah", "", born=1974), ["TAi.905"]),
        # ... but a part of it is, and so is a chain whose every part is only a near spelling
        (person("Zalmay", "Abdul Jalil", "", "", born=1974), []),
        (person("Zalmey", "Abdul Jaleel", "Hikmatullah", "", born=1974), []),
        # ... and a year no estimate strays to is another man's, a son named in the same chain
        (person("Zalmay", "Abdul Jalil", "Hekmatullah", "", born=1990), []),
        (person("Zalmay", "Abdul Jalil", "Hekmatullah", "", born=1976), []),
        # known names that share their consonants are different names: Mohammad is not Mahmud,
        # Hussain not Hassan, in either script
        (person("Mohammad", "Akbar", "Hussain", ""), []),
        (person("", "", "", "محمد اکبر حسین"), []),
        (person("Mohammad", "Akbar", "Hassan", "محمد اکبر حسن"), []),
        # ... while their own romanisations are the same names
        (person("Mahmood", "Akbar", "Hasan", ""), ["TAi.906"]),
        # a listed man's two-part name as the list writes it, born when he was...
        (person("Ahmad", "Ismail", "", "احمد اسماعیل", born=1971), ["TAi.907"]),
        (person("Ahmad", "Ismail", "", "احمد اسماعیل", born=1968), ["TAi.907"]),
        # ... is another man when born years away (cousins are named after one grandfather)
        (person("Ahmad", "Ismail", "", "احمد اسماعیل", born=1990), []),
        (person("Ahmad", "Ismail", "", "احمد اسماعیل", born=1966), []),
        # ... unless his tazkira number is the listed one
        (person("Ahmad", "Ismail", "", "احمد اسماعیل", "1398-7654-32109", born=1990), ["TAi.907"]),
        # the listed chain after a given name of the person's own: his son, or a daughter
        (person("Wali", "Omar Mohammad", "Nasir", ""), []),
        (person("Zarmina", "Omar", "Mohammad Nasir", ""), []),
        # ... unless the tazkira number is the listed one
        (person("Wali", "Ahmad Ismail", "Karim", "", "1398-7654-32109", born=1970), ["TAi.907"]),
    ],
)
def test_a_hit_is_raised_only_with_the_listed_name_whole_or_an_id(
    record: NameRecord, raised: list[str]
) -> None:
    index = build_index(ENTRIES)
    hits = screen_batch(index, entry_positions(index), [record])
    assert sorted(h.entry_id.split(":")[1] for h in hits) == raised


def test_the_alert_says_the_birth_year_conflicted() -> None:
    index = build_index(ENTRIES)
    record = person("Zalmay", "Abdul Jalil", "Hekmatullah", "", born=1974)
    [hit] = screen_batch(index, entry_positions(index), [record])
    assert hit.features["birth"] == 0.0  # a conflict, not "not known" (0.5)
