"""Importers for the money trail's tables: organisations, ledger, distributions, needs, prices,
exchange rates and staff attendance (columns as in ``docs/formats.md``).

Each importer reads its file with :mod:`aidtrace.ingest.tabular` (HXL hashtags, or a column
mapping), checks keys for duplicates, and writes inside :func:`~aidtrace.ingest.transaction`, so a
bad row anywhere leaves the workspace untouched. Reference tables (organisations, needs, prices,
rates) *replace* rows with the same key — a corrected file supersedes the old one; event tables
(ledger, distributions, attendance) *append* and refuse a key that is already stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.profiles import Profile
from aidtrace.ingest.registry import ImportResult, import_table_once, register
from aidtrace.ingest.tabular import Column, FieldType, TableSpec
from aidtrace.progress import Progress
from aidtrace.workspace import Workspace

T, N, INT, D, M, B = (
    FieldType.TEXT,
    FieldType.NUMBER,
    FieldType.INTEGER,
    FieldType.DATE,
    FieldType.MONTH,
    FieldType.BOOLEAN,
)
CURRENCY = "[A-Z]{3}"


class OrgRole(StrEnum):
    """Where an organisation sits on the chain from donor to beneficiary."""

    DONOR = "donor"
    UN_AGENCY = "un_agency"
    PARTNER = "partner"
    SUB_PARTNER = "sub_partner"
    VENDOR = "vendor"
    CASH_AGENT = "cash_agent"


class Merge(StrEnum):
    REPLACE = "replace"  # rows with the same key as an incoming row are superseded
    APPEND = "append"  # a key already stored is an error


# Not frozen: the Importer protocol declares plain (settable) attributes.
@dataclass
class TabularImporter:
    """A tabular file kind: its spec, its table, its key and how a re-import merges."""

    name: str
    description: str
    spec: TableSpec
    table: str
    merge: Merge

    @property
    def key(self) -> tuple[str, ...]:
        return self.spec.key

    def load(
        self,
        workspace: Workspace,
        path: Path,
        progress: Progress,
        mapping: Mapping[str, str] | None = None,
        profile: Profile | None = None,
    ) -> ImportResult:
        """Import ``path`` all or nothing; an identical file imported before is skipped."""

        return import_table_once(
            workspace,
            self.name,
            path,
            self.spec,
            progress,
            lambda ws, table, import_id: self._store(ws, table, import_id, path),
            mapping,
            profile,
        )

    def _store(self, workspace: Workspace, data: pa.Table, import_id: str, path: Path) -> int:
        engine = workspace.engine
        incoming = f"__incoming_{self.table}"
        engine.register(incoming, data)
        # IS NOT DISTINCT FROM: an optional part of a key (a contract id) may be blank.
        match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in self.key)
        exists = f"EXISTS (SELECT 1 FROM {incoming} i WHERE {match})"
        if self.merge is Merge.REPLACE:
            engine.execute(f"DELETE FROM {self.table} t WHERE {exists}")
        else:
            clash = engine.query(
                f"SELECT {', '.join('t.' + k for k in self.key)} FROM {self.table} t "
                f"WHERE {exists} LIMIT 1"
            ).to_pylist()
            if clash:
                shown = ", ".join(str(v) for v in clash[0].values())
                raise InputError(
                    f"{'/'.join(self.key)} {shown!r} is already in the workspace "
                    "(imported from another file)",
                    source=path,
                )
        names = ", ".join(self.spec_names)
        engine.execute(
            f"INSERT INTO {self.table} ({names}, import_id) SELECT {names}, ? FROM {incoming}",
            (import_id,),
        )
        return int(data.num_rows)

    @property
    def spec_names(self) -> list[str]:
        return [c.name for c in self.spec.columns]


def _spec(kind: str, key: tuple[str, ...], *columns: Column) -> TableSpec:
    return TableSpec(kind, columns, key)


def _opt(name: str, hxl: str, kind: FieldType = T, **kw: object) -> Column:
    return Column(name, hxl, kind, required=False, **kw)  # type: ignore[arg-type]


ORGANISATIONS = _spec(
    "organisations",
    ("org_id",),
    Column("org_id", "#org+id"),
    _opt("name", "#org+name"),
    _opt("name_fa", "#org+name+i_fa"),
    Column("role", "#org+type", pattern="|".join(OrgRole)),
    _opt("parent_org_id", "#org+id+parent"),
    _opt("country", "#country+code"),
    _opt("province_code", "#adm1+code"),
    _opt("registration_no", "#org+id+registration"),
    _opt("official_id", "#contact+id+official"),
)

LEDGER = _spec(
    "ledger",
    ("txn_id",),
    Column("txn_id", "#txn+id"),
    Column("date", "#date", D),
    _opt("week", "#date+week"),
    Column("payer_org_id", "#org+id+payer"),
    _opt("payee_org_id", "#org+id+payee"),
    _opt("payee_person_id", "#beneficiary+id+payee"),
    Column("amount", "#value", N),
    Column("currency", "#currency", pattern=CURRENCY),
    _opt("purpose", "#sector", aliases=("#txn+purpose",)),
    _opt("invoice_no", "#txn+invoice"),
    _opt("approved_by", "#contact+id+approver"),
    _opt("district_code", "#adm2+code"),
    _opt("item", "#item+name"),
    _opt("quantity", "#item+quantity", N, minimum=0),
    _opt("unit_price", "#value+unit", N, minimum=0),
)

DISTRIBUTIONS = _spec(
    "distributions",
    ("distribution_id",),
    Column("distribution_id", "#activity+id"),
    Column("date", "#date", D),
    _opt("week", "#date+week"),
    Column("partner_org_id", "#org+id"),
    _opt("household_id", "#household+id"),
    Column("district_code", "#adm2+code"),
    _opt("item", "#item+name"),
    _opt("quantity", "#item+quantity", N, minimum=0),
    Column("value_usd", "#value", N, minimum=0),
    Column("reached", "#reached", B),
)

NEEDS = _spec(
    "needs",
    ("district_code",),
    _opt("province", "#adm1+name"),
    Column("province_code", "#adm1+code"),
    _opt("district", "#adm2+name"),
    Column("district_code", "#adm2+code"),
    _opt("population", "#population", INT, minimum=0),
    _opt("ipc_phase", "#severity+ipc", INT, minimum=1),
    Column("people_in_need", "#inneed", INT, minimum=0),
    _opt("planned_usd", "#value+planned", N, minimum=0),
)

PRICES = _spec(
    "prices",
    ("province_code", "month", "item"),
    Column("province_code", "#adm1+code"),
    Column("month", "#date+month", M),
    Column("item", "#item+name"),
    _opt("unit", "#item+unit"),
    Column("price_afn", "#value+afn", N, minimum=0),
)

FX = _spec(
    "fx",
    ("date", "currency"),
    Column("date", "#date", D),
    Column("currency", "#currency", pattern=CURRENCY),
    Column("usd_rate", "#value+usd", N, minimum=0),
)

ATTENDANCE = _spec(
    "attendance",
    ("staff_id", "month"),
    Column("staff_id", "#staff+id"),
    Column("month", "#date+month", M),
    Column("days_present", "#indicator+days", INT, minimum=0),
)

IMPORTERS = tuple(
    register(imp)
    for imp in (
        TabularImporter(
            "organisations",
            "Organisations on the chain (donor … vendor, cash agent) with roles",
            ORGANISATIONS,
            "organisations",
            Merge.REPLACE,
        ),
        TabularImporter(
            "ledger",
            "Payment ledger: one payment per row (payer, payee, amount, currency, date)",
            LEDGER,
            "ledger",
            Merge.APPEND,
        ),
        TabularImporter(
            "distributions",
            "Distribution records: a hand-over to a household, value and whether reached",
            DISTRIBUTIONS,
            "distributions",
            Merge.APPEND,
        ),
        TabularImporter(
            "needs",
            "Needs per district: population, IPC phase, people in need, planned USD",
            NEEDS,
            "needs",
            Merge.REPLACE,
        ),
        TabularImporter(
            "prices",
            "Market prices per province, month and item (AFN)",
            PRICES,
            "market_prices",
            Merge.REPLACE,
        ),
        TabularImporter(
            "fx",
            "Dated exchange rates: USD per unit of currency",
            FX,
            "fx_rates",
            Merge.REPLACE,
        ),
        TabularImporter(
            "attendance",
            "Staff attendance: days present per staff member and month",
            ATTENDANCE,
            "attendance",
            Merge.APPEND,
        ),
    )
)
