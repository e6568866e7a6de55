"""Partners' contract lists: ``aidtrace import contracts FILE``.

One row per contract: the project, the implementing partner, the contractor, when it was
signed, started, was due to end and ended, what it cost (in which currency), what it buys
(item, quantity, unit) and where (province and district, by P-code or by name). Real lists
rarely carry HXL hashtags; their columns are found by a mapping, a saved profile or a known
header (``Contractor``, ``Start date``, ``قراردادی``…), their dates read as written
(``Mar/19/2014``), and a currency the list does not state is given once (``--set
currency=AFN``). A re-imported list replaces the contracts it names again (by project and
contract id).
"""

from __future__ import annotations

from aidtrace.ingest.finance import CURRENCY, Merge, TabularImporter
from aidtrace.ingest.registry import register
from aidtrace.ingest.tabular import Column, FieldType, TableSpec

T, N, D = FieldType.TEXT, FieldType.NUMBER, FieldType.DATE


def _opt(name: str, hxl: str, kind: FieldType = T, **kw: object) -> Column:
    return Column(name, hxl, kind, required=False, **kw)  # type: ignore[arg-type]


CONTRACTS = TableSpec(
    "contracts",
    (
        Column("project_id", "#activity+id"),
        _opt("contract_id", "#activity+id+contract"),
        _opt("partner", "#org+impl", aliases=("#org+name+impl", "#org+partner")),
        Column("contractor", "#org+contractor", aliases=("#org+name+contractor",)),
        _opt("signed_on", "#date+signed", D),
        _opt("started_on", "#date+start", D),
        _opt("planned_end", "#date+end+planned", D),
        _opt("actual_end", "#date+end+actual", D),
        Column("cost", "#value", N, minimum=0),
        Column("currency", "#currency", pattern=CURRENCY),
        _opt("item", "#item+name"),
        _opt("quantity", "#item+quantity", N, minimum=0),
        _opt("unit", "#item+unit"),
        _opt("province_code", "#adm1+code"),
        _opt("district_code", "#adm2+code"),
        _opt("description", "#activity+description"),
    ),
    key=("project_id", "contract_id"),
)
IMPORTER = register(
    TabularImporter(
        "contracts",
        "Partners' contracts: project, contractor, signed/start/end dates, cost, place",
        CONTRACTS,
        "contracts",
        Merge.REPLACE,
    )
)
