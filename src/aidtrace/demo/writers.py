"""Streaming writers for the scenario's files: CSV with an HXL hashtag row (see docs/formats.md).

Rows go straight to disk as they are made, so a million beneficiaries never sit in memory. Files
are written with ``\\n`` line ends and UTF-8 without BOM so the same seed gives the same bytes on
every platform.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

Columns = Sequence[tuple[str, str]]  # (header, HXL hashtag)

GEOGRAPHY: Columns = (
    ("province", "#adm1+name"),
    ("province_code", "#adm1+code"),
    ("district", "#adm2+name"),
    ("district_code", "#adm2+code"),
    ("population", "#population"),
    ("ipc_phase", "#severity+ipc"),
    ("people_in_need", "#inneed"),
    ("planned_usd", "#value+planned"),
)
ORGANISATIONS: Columns = (
    ("org_id", "#org+id"),
    ("name", "#org+name"),
    ("name_fa", "#org+name+i_fa"),
    ("role", "#org+type"),
    ("parent_org_id", "#org+id+parent"),
    ("country", "#country+code"),
    ("province_code", "#adm1+code"),
    ("registration_no", "#org+id+registration"),
    ("official_id", "#contact+id+official"),
)
STAFF: Columns = (
    ("staff_id", "#staff+id"),
    ("org_id", "#org+id"),
    ("given_name", "#staff+name+given"),
    ("father_name", "#staff+name+father"),
    ("name_fa", "#staff+name+i_fa"),
    ("position", "#staff+position"),
    ("monthly_salary_usd", "#value+salary"),
    ("district_code", "#adm2+code"),
    ("phone", "#contact+phone"),
    ("tazkira", "#staff+id+tazkira"),
    ("birth_year", "#staff+birth+year"),
    ("hired_on", "#date+hired"),
)
ATTENDANCE: Columns = (
    ("staff_id", "#staff+id"),
    ("month", "#date+month"),
    ("days_present", "#indicator+days"),
)
BENEFICIARIES: Columns = (
    ("member_id", "#beneficiary+id"),
    ("household_id", "#household+id"),
    ("list_id", "#meta+list"),
    ("agency_org_id", "#org+id"),
    ("given_name", "#beneficiary+name+given"),
    ("father_name", "#beneficiary+name+father"),
    ("grandfather_name", "#beneficiary+name+grandfather"),
    ("family_name", "#beneficiary+name+family"),
    ("name_fa", "#beneficiary+name+i_fa"),
    ("gender", "#beneficiary+gender"),
    ("birth_year", "#beneficiary+birth+year"),
    ("birth_year_sh", "#beneficiary+birth+year+solar_hijri"),
    ("age", "#beneficiary+age"),
    ("phone", "#contact+phone"),
    ("tazkira", "#beneficiary+id+tazkira"),
    ("district_code", "#adm2+code"),
    ("village", "#loc+village"),
    ("enumerator_id", "#enumerator+id"),
    ("registered_on", "#date+registered"),
    ("household_size", "#household+size"),
)
LEDGER: Columns = (
    ("txn_id", "#txn+id"),
    ("date", "#date"),
    ("week", "#date+week"),
    ("payer_org_id", "#org+id+payer"),
    ("payee_org_id", "#org+id+payee"),
    ("payee_person_id", "#beneficiary+id+payee"),
    ("amount", "#value"),
    ("currency", "#currency"),
    ("purpose", "#sector"),
    ("invoice_no", "#txn+invoice"),
    ("approved_by", "#contact+id+approver"),
    ("district_code", "#adm2+code"),
    ("item", "#item+name"),
    ("quantity", "#item+quantity"),
    ("unit_price", "#value+unit"),
)
DISTRIBUTIONS: Columns = (
    ("distribution_id", "#activity+id"),
    ("date", "#date"),
    ("week", "#date+week"),
    ("partner_org_id", "#org+id"),
    ("household_id", "#household+id"),
    ("district_code", "#adm2+code"),
    ("item", "#item+name"),
    ("quantity", "#item+quantity"),
    ("value_usd", "#value"),
    ("reached", "#reached"),
)
PRICES: Columns = (
    ("province_code", "#adm1+code"),
    ("month", "#date+month"),
    ("item", "#item+name"),
    ("unit", "#item+unit"),
    ("price_afn", "#value+afn"),
)
FX: Columns = (("date", "#date"), ("currency", "#currency"), ("usd_rate", "#value+usd"))

Cell = str | int | float


class HxlWriter:
    """A CSV file opened for streaming: header row, HXL row, then data rows."""

    def __init__(self, path: Path, columns: Columns) -> None:
        self.path = path
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow([name for name, _ in columns])
        self._csv.writerow([tag for _, tag in columns])

    def write(self, row: Sequence[Cell]) -> None:
        self._csv.writerow(row)
        self.rows += 1

    def write_all(self, rows: Iterable[Sequence[Cell]]) -> None:
        for row in rows:
            self.write(row)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> HxlWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def money(value: float) -> str:
    """Amounts with exactly two decimals, so equal amounts are equal strings."""
    return f"{value:.2f}"
