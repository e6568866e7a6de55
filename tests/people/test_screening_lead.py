"""A name that is a listed man's chain without its last parts (a register that left the
grandfather's name blank) is raised when its birth year agrees and few others carry it; a
record's family name does not stand in for the grandfather it lacks."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.people.importer import NameRecord
from aidtrace.people.screening import ImportScreening, entry_positions, queries, screen_batch
from aidtrace.screening import build_index
from aidtrace.watchlists.model import DateInterval, EntitySchema, EntryName, ListEntry, NameQuality
from aidtrace.workspace import Workspace

BORN_1970 = (DateInterval(date(1969, 1, 1), date(1971, 12, 31), "approximately 1970"),)
ENTRIES = [
    ListEntry(
        "un",
        "TAi.905",
        EntitySchema.PERSON,
        (EntryName("ZALMAI ABDUL JALIL HEKMATULLAH", NameQuality.PRIMARY),),
        birth_dates=BORN_1970,
        gender="male",
    ),
    ListEntry(
        "un",
        "TAe.904",
        EntitySchema.ORGANIZATION,
        (EntryName("MOHAMMAD NABI AHMAD BROTHERS CONSTRUCTION COMPANY", NameQuality.PRIMARY),),
    ),
]


def person(
    given: str,
    father: str,
    grandfather: str = "",
    family: str = "Popalzai",
    born: int | None = 1970,
    gender: str = "male",
    pid: str = "beneficiary:B1",
) -> NameRecord:
    return NameRecord(
        pid, "beneficiary", given, father, grandfather, family, "", born, "AF01", gender=gender
    )


@pytest.mark.parametrize(
    ("record", "raised"),
    [
        # the listed chain without the grandfather's name, the family name recorded
        (person("Zalmai", "Abdul Jalil"), ["TAi.905"]),
        # ... or no family name either, as staff lists write a name
        (person("Zalmai", "Abdul Jalil", family=""), ["TAi.905"]),
        # ... with a title, or in another romanisation
        (person("Haji Zalmai", "Abdul Jalil"), ["TAi.905"]),
        (person("Zalmay", "Abdul Jaleel"), ["TAi.905"]),
        # a grandfather's name that is not the listed one: a namesake
        (person("Zalmai", "Abdul Jalil", "Karim"), []),
        # no birth year, or one that conflicts: a given and father's name alone is not enough
        (person("Zalmai", "Abdul Jalil", born=None), []),
        (person("Zalmai", "Abdul Jalil", born=1990), []),
        # a woman, where the list says a man
        (person("Zalmai", "Abdul Jalil", gender="female"), []),
        # the names the other way round: a son of Zalmai
        (person("Abdul Jalil", "Zalmai"), []),
        # the given name alone
        (person("Zalmai", ""), []),
        # a part that only resembles the listed one
        (person("Zalmai", "Abdul Khalil"), []),
        # a part of the listed compound: Jalil is not Abdul Jalil
        (person("Zalmai", "Jalil"), []),
        # a man's name at the head of a company's is not the company
        (person("Mohammad Nabi", "Ahmad"), []),
    ],
)
def test_the_leading_parts_of_a_listed_chain_are_raised_with_an_agreeing_birth_year(
    record: NameRecord, raised: list[str]
) -> None:
    index = build_index(ENTRIES)
    hits = screen_batch(index, entry_positions(index), [record])
    assert sorted(h.entry_id.split(":")[1] for h in hits) == raised


@pytest.mark.parametrize(
    ("record", "names"),
    [
        # no grandfather's name: the given and father's names are screened on their own too
        (person("Zalmai", "Abdul Jalil"), ["Zalmai Abdul Jalil Popalzai", "Zalmai Abdul Jalil"]),
        # a grandfather's name, or no family name: the chain only
        (person("Zalmai", "Abdul Jalil", "Karim"), ["Zalmai Abdul Jalil Karim Popalzai"]),
        (person("Zalmai", "Abdul Jalil", family=""), ["Zalmai Abdul Jalil"]),
    ],
)
def test_a_family_name_is_left_out_of_a_chain_without_a_grandfather(
    record: NameRecord, names: list[str]
) -> None:
    assert [q.name for q in queries(record)] == names


def test_the_leading_parts_are_weighed_against_their_namesakes(workspace: Workspace) -> None:
    """Forty men of the register carry Zalmai Abdul Jalil with a grandfather of their own and
    a birth year in the listed range: one without a grandfather's name is one of many."""
    index = build_index(ENTRIES)
    others = [
        person("Zalmai", "Abdul Jalil", f"Karim{n}", pid=f"beneficiary:B{n}") for n in range(2, 42)
    ]
    screening = ImportScreening(workspace, index)
    alone = ImportScreening(workspace, build_index(ENTRIES))
    assert [h.person_id for h in alone([person("Zalmai", "Abdul Jalil")])] == ["beneficiary:B1"]
    assert screening([person("Zalmai", "Abdul Jalil"), *others]) == []
