"""Finding each field's column in a file: by HXL hashtag, by a mapping, or by a known header.

A file with an HXL hashtag row is read by its hashtags (``#org+id+payer`` matches
``#org +payer +id``). A file without one is read by its header texts: the mapping of a profile
or of ``--map`` first, then the headers listed in :data:`KNOWN_HEADERS` (English, Dari and
Pashto), compared after folding case, spacing, punctuation and the Arabic-script letter variants
(``ي``/``ی``, ``ك``/``ک``, zero-width non-joiners). A field that two columns claim is refused
as ambiguous, never chosen between.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from aidtrace.errors import InputError
from aidtrace.headers import fold_header
from aidtrace.ingest.sheet import RawSheet

if TYPE_CHECKING:
    from aidtrace.ingest.tabular import TableSpec

# Field name -> header texts that mean it, in English, Dari and Pashto. A spec uses the entries
# of the fields it has; one text may serve two fields that never share a spec (amount, cost).
KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    "member_id": ("id", "beneficiary id", "member id", "شماره مستفید", "آی دی"),
    "household_id": ("household id", "household", "شماره خانواده", "د کورنۍ شمیره"),
    "staff_id": ("staff id", "employee id", "شماره کارمند"),
    "given_name": ("name", "first name", "given name", "نام", "نوم", "اسم"),
    "father_name": ("father name", "fathers name", "نام پدر", "ولد", "د پلار نوم", "پلار نوم"),
    "grandfather_name": ("grandfather name", "نام پدرکلان", "نام پدر کلان", "ولدیت", "د نیکه نوم"),
    "family_name": ("family name", "surname", "last name", "تخلص"),
    "gender": ("gender", "sex", "جنسیت", "جنس"),
    "age": ("age", "سن", "عمر"),
    "phone": ("phone", "phone number", "mobile", "شماره تلفن", "شماره تماس", "د تلیفون شمیره"),
    "tazkira": ("tazkira", "tazkira number", "تذکره", "نمبر تذکره", "شماره تذکره", "د تذکرې شمیره"),
    "household_size": ("household size", "تعداد اعضای خانواده", "د کورنۍ غړي"),
    "village": ("village", "قریه", "کلی"),
    "province": ("province", "ولایت"),
    "district": ("district", "ولسوالی", "ولسوالۍ"),
    "province_code": ("province code", "province pcode", "admin 1 pcode", "admin1 pcode"),
    "district_code": ("district code", "district pcode", "admin 2 pcode", "admin2 pcode"),
    "date": ("date", "تاریخ", "نیټه"),
    "registered_on": ("registration date", "date registered", "تاریخ ثبت", "تاریخ ثبت نام"),
    "hired_on": ("hire date", "date hired", "تاریخ استخدام"),
    "amount": ("amount", "مبلغ", "رقم", "اندازه پول"),
    "currency": ("currency", "واحد پول", "اسعار", "پولی واحد"),
    "project_id": ("project id", "project code", "project no", "کود پروژه", "شماره پروژه"),
    "contract_id": ("contract id", "contract no", "contract number", "شماره قرارداد"),
    "partner": ("partner", "implementing partner", "ip", "همکار", "موسسه همکار"),
    "contractor": ("contractor", "company", "قراردادی", "شرکت", "شرکت قراردادی"),
    "signed_on": (
        "signed",
        "date signed",
        "signed date",
        "signing date",
        "signature date",
        "contract date",
        "تاریخ عقد قرارداد",
        "تاریخ امضا",
        "تاریخ امضای قرارداد",
        "د لاسلیک نیټه",
    ),
    "started_on": ("start", "start date", "تاریخ شروع", "تاریخ آغاز", "د پیل نیټه"),
    "planned_end": ("planned end", "planned end date", "end date", "تاریخ ختم"),
    "actual_end": ("actual end", "actual end date", "completion date", "تاریخ تکمیل"),
    "cost": (
        "cost",
        "contract value",
        "contract amount",
        "amount",
        "مبلغ",
        "قیمت",
        "ارزش قرارداد",
        "مبلغ قرارداد",
        "د قرارداد مبلغ",
    ),
    "quantity": ("quantity", "تعداد", "مقدار"),
    "unit": ("unit", "واحد"),
    "item": ("item", "work", "type of work", "نوع کار"),
}


def tag_key(tag: str) -> tuple[str, frozenset[str]] | None:
    """A hashtag and its attribute set, so that attribute order and spacing do not matter."""
    parts = [p.strip().lower() for p in tag.strip().split("+")]
    if not parts[0].startswith("#") or len(parts[0]) < 2:
        return None
    return parts[0], frozenset(p for p in parts[1:] if p)


def locate(
    sheet: RawSheet,
    spec: TableSpec,
    mapping: Mapping[str, str],
    path: Path,
    given: Collection[str] = (),
    derived: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """Field name -> source column for every field found; fails on a missing required one.

    ``given`` fields have a fixed value instead of a column; a ``derived`` field counts as
    found when one of the fields it is derived from is (a district code from a district name).
    """
    if sheet.hashtags and not mapping:
        found = _by_hashtag(sheet, spec, path)
    else:
        found = _by_header(sheet, spec, mapping, path)
        if not found and not mapping:
            raise InputError(
                "no HXL hashtag row found in the first rows, no column mapping given and no "
                "known header",
                source=path,
            )
    present = set(found) | set(given)
    for name, sources in (derived or {}).items():
        if any(s in present for s in sources):
            present.add(name)
    missing = [c for c in spec.columns if c.required and c.name not in present]
    if missing:
        wanted = ", ".join(f"{c.name} ({c.hxl})" for c in missing)
        raise InputError(
            f"required columns not found: {wanted} (name the file's column for a field with "
            "--map FIELD=HEADER, or give one value for every row with --set FIELD=VALUE)",
            source=path,
        )
    return found


def _by_header(
    sheet: RawSheet, spec: TableSpec, mapping: Mapping[str, str], path: Path
) -> dict[str, str]:
    """Mapped fields first, then the fields whose header is a known one."""
    unknown = sorted(set(mapping) - {c.name for c in spec.columns})
    if unknown:
        raise InputError(f"the mapping names unknown fields: {', '.join(unknown)}", source=path)
    found: dict[str, str] = {}
    for name, header in mapping.items():
        sources = _columns_headed(sheet, (header,))
        if not sources:
            raise InputError(f"mapped header {header!r} (for {name}) not in the file", source=path)
        if len(sources) > 1:
            raise _ambiguous(f"header {header!r} (mapped to {name})", sheet, sources, path)
        found[name] = sources[0]
    taken = set(found.values())
    for col in spec.columns:
        if col.name in found or col.name not in KNOWN_HEADERS:
            continue
        sources = [s for s in _columns_headed(sheet, KNOWN_HEADERS[col.name]) if s not in taken]
        if len(sources) > 1:
            raise _ambiguous(f"the {col.name} field's header", sheet, sources, path)
        if sources:
            found[col.name] = sources[0]
            taken.add(sources[0])
    return found


def _columns_headed(sheet: RawSheet, headers: tuple[str, ...]) -> list[str]:
    wanted = {fold_header(h) for h in headers}
    return [s for s, text in sheet.headers.items() if fold_header(text) in wanted]


def _ambiguous(what: str, sheet: RawSheet, sources: list[str], path: Path) -> InputError:
    where = " and ".join(str(sheet.position(s)) for s in sources)
    return InputError(
        f"{what} is in columns {where}: ambiguous, keep one of them or rename the others",
        source=path,
    )


def _by_hashtag(sheet: RawSheet, spec: TableSpec, path: Path) -> dict[str, str]:
    keys = {source: tag_key(tag) for source, tag in sheet.hashtags.items()}
    found: dict[str, str] = {}
    # Exact matches first, so that #value never steals the column of #value+unit.
    for col in spec.columns:
        wanted = [tag_key(t) for t in (col.hxl, *col.aliases)]
        exact = [s for s, k in keys.items() if k is not None and k in wanted]
        for key in dict.fromkeys(keys[s] for s in exact):
            same = [s for s in exact if keys[s] == key]
            if len(same) > 1:
                what = f"hashtag {sheet.hashtags[same[0]]!r} ({col.name})"
                raise _ambiguous(what, sheet, same, path)
        if exact:
            found[col.name] = exact[0]
    taken = set(found.values())
    for col in spec.columns:
        if col.name in found:
            continue
        wanted_keys = [k for k in (tag_key(t) for t in (col.hxl, *col.aliases)) if k]
        # A column carrying extra attributes (#value+usd for #value) still matches when unique.
        loose = [
            s
            for s, k in keys.items()
            if k and s not in taken and any(k[0] == w[0] and w[1] <= k[1] for w in wanted_keys)
        ]
        if len(loose) == 1:
            found[col.name] = loose[0]
            taken.add(loose[0])
    return found
