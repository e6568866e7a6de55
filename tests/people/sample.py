"""Small beneficiary and staff files in the demo's format, with planted personal values."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from aidtrace.demo.writers import BENEFICIARIES, STAFF
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)

# The demo generator's column tables are the format's one written form; reuse them.
BENEFICIARY_COLUMNS = BENEFICIARIES
STAFF_COLUMNS = STAFF

GIVEN = ("Zarghuna", "Mohammad", "Farida", "Abdul Qadir", "Gulalai", "Nasrullah", "Malalai")
FATHER = ("Sherzad", "Gul Agha", "Habibullah", "Wazir", "Jalaluddin", "Rahmatullah", "Karimdad")
GRANDFATHER = ("Nurzai", "Abdul Ghani", "Faizullah", "Painda", "Sultan", "Khwaja", "Daud")
FAMILY = ("Popalzai", "Ahmadzai", "Barakzai", "Alokozai", "Achakzai", "Noorzai", "Sadozai")
FA = ("زرغونه", "محمد", "فریده", "عبدالقادر", "گلالۍ", "نصرالله", "ملالۍ")


def listed_ahmad_ismail(*identifiers: Identifier) -> ListEntry:
    """A listed man with a two-part name (given and father's), born about 1970."""
    return ListEntry(
        "un",
        "TAi.907",
        EntitySchema.PERSON,
        (EntryName("AHMAD ISMAIL", NameQuality.PRIMARY),),
        birth_dates=(DateInterval(date(1969, 1, 1), date(1971, 12, 31), "approximately 1970"),),
        identifiers=identifiers,
    )


VILLAGES = ("Qala-e-Fatullah", "Deh Sabz", "Sheikh Misri", "Kariz-e-Mir", "Pul-e-Charkhi")


def beneficiary_rows(n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        rows.append(
            {
                "member_id": f"M{i:06d}",
                "household_id": f"H{i // 4:05d}",
                "list_id": "L-2025-KBL",
                "agency_org_id": "ORG-WFP",
                "given_name": GIVEN[i % 7],
                "father_name": FATHER[(i // 7) % 7],
                "grandfather_name": GRANDFATHER[(i // 49) % 7],
                "family_name": FAMILY[(i // 3) % 7],
                "name_fa": FA[i % 7],
                "gender": "f" if i % 2 else "m",
                "birth_year": str(1960 + i % 50) if i % 3 else "",
                "birth_year_sh": "" if i % 3 else str(1340 + i % 50),
                "age": "",
                "phone": f"+93 7{i % 10}{i:07d}",
                "tazkira": f"1400-{i % 12 + 1:02d}01-{i:05d}",
                "district_code": f"AF01{i % 5:02d}",
                "village": VILLAGES[i % 5],
                "enumerator_id": f"E{i % 3}",
                "registered_on": "2025-03-01",
                "household_size": str(1 + i % 8),
            }
        )
    return rows


def staff_rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "staff_id": f"S{i:05d}",
            "org_id": "ORG-NGO1",
            "given_name": GIVEN[(i + 3) % 7],
            "father_name": FATHER[i % 7],
            "name_fa": FA[(i + 3) % 7],
            "position": "teacher",
            "monthly_salary_usd": "180",
            "district_code": "AF0101",
            "phone": f"0799{i:06d}",
            "tazkira": f"{9000000 + i}",
            "birth_year": str(1980 + i % 20),
            "hired_on": "2024-01-15",
        }
        for i in range(n)
    ]


def write_csv(path: Path, columns: Sequence[tuple[str, str]], rows: list[dict[str, str]]) -> Path:
    """A CSV with a header row and an HXL hashtag row, as ``docs/formats.md`` describes."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([c for c, _ in columns])
        writer.writerow([h for _, h in columns])
        for row in rows:
            writer.writerow([row.get(c, "") for c, _ in columns])
    return path
