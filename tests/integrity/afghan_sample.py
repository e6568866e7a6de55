"""A small synthetic beneficiary list with Afghan naming patterns and known duplicates.

Households share a phone; adults may carry a tazkira; duplicates re-register a person with another
agency, with romanisation variants, a Solar Hijri year or an age instead of the birth year, a
changed phone, a dropped tazkira or a typo. ``truth_id`` is the ground truth (never linked on).
"""

from __future__ import annotations

import random

import polars as pl

# Each tuple: spellings of one name.
GIVEN = (
    ("Mohammad", "Muhammad", "Mohammed", "Mohamad"),
    ("Ahmad", "Ahmed", "Ahmad"),
    ("Abdul Rahman", "Abdurrahman", "Abdul Rahman", "Abdulrahman"),
    ("Abdul Qadir", "Abdul Kadir", "Abdulqadir"),
    ("Gul", "Gul"),
    ("Zahir", "Zaheer", "Zahir"),
    ("Khalid", "Khaled", "Khalid"),
    ("Najibullah", "Najeebullah", "Najibullah"),
    ("Habibullah", "Habiballah", "Habibullah"),
    ("Rahimullah", "Rahimullah"),
    ("Fatima", "Fatema", "Fatimah"),
    ("Zainab", "Zaynab", "Zeinab"),
    ("Maryam", "Mariam", "Maryam"),
    ("Shukria", "Shukriya", "Shukria"),
    ("Farzana", "Farzaneh", "Farzana"),
    ("Nasrin", "Nasreen", "Nasrin"),
    ("Wahid", "Vahid", "Wahid"),
    ("Qasim", "Kasim", "Qasem"),
    ("Yousuf", "Yusuf", "Yosuf"),
    ("Hamid", "Hameed", "Hamid"),
    ("Jamila", "Jameela", "Jamila"),
    ("Sharifa", "Shareefa", "Sharifa"),
    ("Bashir", "Basheer", "Bashir"),
    ("Nazir", "Nazeer", "Nazir"),
    ("Samiullah", "Sameeullah", "Samiullah"),
    ("Hekmatullah", "Hikmatullah", "Hekmatullah"),
    ("Ghulam", "Gholam", "Ghulam"),
    ("Shafiq", "Shafeeq", "Shafiq"),
    ("Rohullah", "Ruhullah", "Rohullah"),
    ("Masood", "Masud", "Masoud"),
    ("Parwana", "Parvana", "Parwana"),
    ("Latifa", "Lateefa", "Latifa"),
    ("Noor", "Nur", "Noor"),
    ("Sayed", "Sayyid", "Said"),
    ("Javed", "Jawed", "Javid"),
    ("Khadija", "Khadijah", "Khadija"),
)
DISTRICTS = tuple(f"AF{p:02d}{d:02d}" for p in range(1, 9) for d in range(1, 6))


def _spell(name_group: tuple[str, ...], rng: random.Random, variant: bool) -> str:
    return rng.choice(name_group) if variant else name_group[0]


def _typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(text))
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def _person(rng: random.Random, hh: dict[str, object], i: int) -> dict[str, object]:
    # Siblings never share a given name: it is what tells them apart.
    used = hh.setdefault("used", set())
    assert isinstance(used, set)
    g = rng.choice([n for n in range(len(GIVEN)) if n not in used])
    used.add(g)
    f, gf = rng.randrange(len(GIVEN)), rng.randrange(len(GIVEN))
    year = int(hh["year"]) - (0 if i == 0 else rng.randint(0, 45))
    adult = 2025 - year >= 18
    return {
        "given": g,
        "father": f if i == 0 else int(hh["father"]),
        "grandfather": gf if i == 0 else int(hh["grandfather"]),
        "birth_year": year,
        "tazkira": f"{rng.randrange(10**12, 10**13)}" if adult and rng.random() < 0.6 else None,
        "gender": rng.choice("MF"),
    }


def _row(
    person: dict[str, object],
    hh: dict[str, object],
    rng: random.Random,
    dup: bool,
) -> dict[str, object]:
    year = int(str(person["birth_year"]))
    row: dict[str, object] = {
        "given_name": _spell(GIVEN[int(str(person["given"]))], rng, dup),
        "father_name": _spell(GIVEN[int(str(person["father"]))], rng, dup),
        "grandfather_name": _spell(GIVEN[int(str(person["grandfather"]))], rng, dup),
        "gender": person["gender"],
        "birth_year": year,
        "birth_year_sh": None,
        "age": None,
        "phone": hh["phone"],
        "tazkira": person["tazkira"],
        "district_code": hh["district"],
    }
    if dup:
        _perturb(row, year, rng)
    return row


def _perturb(row: dict[str, object], year: int, rng: random.Random) -> None:
    form = rng.random()
    if form < 0.3:
        row["birth_year"], row["birth_year_sh"] = None, year - 621 - rng.choice((0, 1))
    elif form < 0.6:
        row["birth_year"], row["age"] = None, 2025 - year + rng.choice((-1, 0, 0, 1))
    if rng.random() < 0.3:
        row["phone"] = f"07{rng.randrange(10**7, 10**8)}"
    if rng.random() < 0.4:
        row["tazkira"] = None
    if rng.random() < 0.2:
        row["given_name"] = _typo(str(row["given_name"]), rng)
    if rng.random() < 0.3:
        row["district_code"] = rng.choice(DISTRICTS)


def sample(households: int = 400, dup_rate: float = 0.1, seed: int = 7) -> pl.DataFrame:
    """Beneficiary rows (``docs/formats.md`` columns) plus ``truth_id``, the truth."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for h in range(households):
        hh: dict[str, object] = {
            "year": rng.randint(1960, 2000),
            "phone": f"07{rng.randrange(10**7, 10**8)}",
            "district": rng.choice(DISTRICTS),
        }
        head = _person(rng, hh, 0)
        hh["father"], hh["grandfather"] = head["given"], head["father"]
        for i in range(rng.randint(1, 7)):
            person = head if i == 0 else _person(rng, hh, i)
            pid = f"P{h:06d}-{i}"
            copies = 2 if rng.random() < dup_rate else 1
            for c in range(copies):
                row = _row(person, hh, rng, dup=c > 0)
                row |= {
                    "member_id": f"M{len(rows):07d}",
                    "household_id": f"H{h:06d}" if c == 0 else f"H{h:06d}-dup",
                    "list_id": "L1" if c == 0 else "L2",
                    "agency_org_id": "ORG-A" if c == 0 else "ORG-B",
                    "enumerator_id": f"E{h % 17:02d}",
                    "registered_on": "2025-03-01",
                    "truth_id": pid,
                }
                rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None)
