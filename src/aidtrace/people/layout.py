"""The columns of the two personal lists and which of them are personal.

Personal (sealed, tokenised, never stored in plaintext): names in every script, father's,
grandfather's and family names, birth year (Gregorian or Solar Hijri), age, phone, tazkira and
village. Everything else is a code, an id, a count or a date of registration and is stored as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from aidtrace.ingest.tabular import Column, FieldType, TableSpec

T, INT, NUM, D = FieldType.TEXT, FieldType.INTEGER, FieldType.NUMBER, FieldType.DATE
PHONE = r"[+0-9 ()./-]{6,24}"
TAZKIRA = r"[0-9A-Za-z ./-]{3,32}"

# Field -> type of every personal field either list may hold.
PERSONAL_TYPES: dict[str, FieldType] = {
    "given_name": T,
    "father_name": T,
    "grandfather_name": T,
    "family_name": T,
    "name_fa": T,
    "birth_year": INT,
    "birth_year_sh": INT,
    "age": INT,
    "phone": T,
    "tazkira": T,
    "village": T,
}


def _opt(name: str, hxl: str, kind: FieldType = T, **extra: object) -> Column:
    return Column(name, hxl, kind, required=False, **extra)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PeopleLayout:
    """One personal list: its table spec, its id column and how rows map onto the tables."""

    kind: str
    id_field: str
    spec: TableSpec
    public_fields: tuple[str, ...]

    def person_id(self, row: Mapping[str, object]) -> str:
        return f"{self.kind}:{row[self.id_field]}"

    def personal(self, row: Mapping[str, object]) -> dict[str, object]:
        """The personal values present in ``row`` (blank ones are left out)."""
        return {k: row[k] for k in PERSONAL_TYPES if row.get(k) not in (None, "")}

    def public(
        self, person_id: str, row: Mapping[str, object], import_id: str
    ) -> dict[str, object]:
        """The ``people`` row: every non-personal field, missing ones as NULL."""
        out: dict[str, object] = {"person_id": person_id, "kind": self.kind}
        out["record_id"] = str(row[self.id_field])
        for name in PEOPLE_COLUMNS:
            out.setdefault(name, row.get(name) if name in self.public_fields else None)
        out["org_id"] = row.get("agency_org_id", row.get("org_id"))
        out["import_id"] = import_id
        return out

    def contract(self, person_id: str, row: Mapping[str, object]) -> dict[str, object]:
        """The plain columns of the token table (see ``people.tokens.TOKEN_COLUMNS``)."""
        org = row.get("agency_org_id", row.get("org_id"))
        staff = self.kind == "staff"
        registered = row.get("hired_on") if staff else row.get("registered_on")
        return {
            "person_id": person_id,
            "kind": self.kind,
            "record_id": str(row[self.id_field]),
            "household_id": org if staff else row.get("household_id"),
            "list_id": f"payroll:{org}" if staff else row.get("list_id"),
            "agency": org,
            "district": row.get("district_code"),
            "gender": row.get("gender"),
            "enumerator_id": row.get("enumerator_id"),
            "registered_on": registered if isinstance(registered, date) else None,
        }


PEOPLE_COLUMNS = (
    "household_id",
    "list_id",
    "org_id",
    "gender",
    "household_size",
    "district_code",
    "enumerator_id",
    "registered_on",
    "position",
    "monthly_salary_usd",
    "hired_on",
)

BENEFICIARIES = PeopleLayout(
    "beneficiary",
    "member_id",
    TableSpec(
        "beneficiaries",
        (
            Column("member_id", "#beneficiary+id"),
            _opt("household_id", "#household+id"),
            _opt("list_id", "#meta+list"),
            _opt("agency_org_id", "#org+id"),
            Column("given_name", "#beneficiary+name+given"),
            _opt("father_name", "#beneficiary+name+father"),
            _opt("grandfather_name", "#beneficiary+name+grandfather"),
            _opt("family_name", "#beneficiary+name+family"),
            _opt("name_fa", "#beneficiary+name+i_fa"),
            _opt("gender", "#beneficiary+gender"),
            _opt("birth_year", "#beneficiary+birth+year", INT, minimum=1880),
            _opt("birth_year_sh", "#beneficiary+birth+year+solar_hijri", INT, minimum=1260),
            _opt("age", "#beneficiary+age", INT, minimum=0),
            _opt("phone", "#contact+phone", pattern=PHONE),
            _opt("tazkira", "#beneficiary+id+tazkira", pattern=TAZKIRA),
            _opt("district_code", "#adm2+code"),
            _opt("village", "#loc+village"),
            _opt("enumerator_id", "#enumerator+id"),
            _opt("registered_on", "#date+registered", D),
            _opt("household_size", "#household+size", INT, minimum=1),
        ),
        key=("member_id",),
        personal=frozenset(PERSONAL_TYPES),
    ),
    (
        "household_id",
        "list_id",
        "gender",
        "household_size",
        "district_code",
        "enumerator_id",
        "registered_on",
    ),
)

STAFF = PeopleLayout(
    "staff",
    "staff_id",
    TableSpec(
        "staff",
        (
            Column("staff_id", "#staff+id"),
            _opt("org_id", "#org+id"),
            Column("given_name", "#staff+name+given"),
            _opt("father_name", "#staff+name+father"),
            _opt("name_fa", "#staff+name+i_fa"),
            _opt("position", "#staff+position"),
            _opt("monthly_salary_usd", "#value+salary", NUM, minimum=0),
            _opt("district_code", "#adm2+code"),
            _opt("phone", "#contact+phone", pattern=PHONE),
            _opt("tazkira", "#staff+id+tazkira", pattern=TAZKIRA),
            _opt("birth_year", "#staff+birth+year", INT, minimum=1880),
            _opt("hired_on", "#date+hired", D),
        ),
        key=("staff_id",),
        personal=frozenset(PERSONAL_TYPES),
    ),
    ("district_code", "position", "monthly_salary_usd", "hired_on"),
)
