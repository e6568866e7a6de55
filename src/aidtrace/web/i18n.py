"""The desk's languages: English, Dari and Pashto, chosen per request.

Catalogues are the ``.po`` files under ``locale/``, read with Babel once per process and kept
in memory (no compiled ``.mo`` files to rebuild or commit). The language comes from the
``lang`` cookie the picker in the page header sets, else the browser's Accept-Language, else
English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from fastapi import Request

LOCALE_DIR = Path(__file__).parent / "locale"
LANG_COOKIE = "lang"
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    """A language the desk speaks: its catalogue code, its HTML tag, its direction and its own
    name (shown in the picker in its own script)."""

    code: str
    tag: str
    direction: str
    name: str


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en", "ltr", "English"),
    "fa_AF": Language("fa_AF", "fa-AF", "rtl", "دری"),
    "ps": Language("ps", "ps", "rtl", "پښتو"),
}

# Accept-Language primary subtags (ISO 639-1 and 639-3) and the catalogue each reads: a reader
# of Iranian Persian reads Dari, and Southern/Northern Pashto share one written standard.
_SUBTAGS = {"en": "en", "fa": "fa_AF", "prs": "fa_AF", "ps": "ps", "pus": "ps", "pbt": "ps"}


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


# Words the templates show from data values (severities, statuses, sort orders): declared here
# so extraction finds them; templates pass the value through ``_``.
DATA_WORDS: tuple[str, ...] = (
    N_("critical"),
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("open"),
    N_("in case"),
    N_("reopened"),
    N_("cleared"),
    N_("confirmed"),
    N_("escalated"),
    N_("closed"),
    N_("awaiting approval"),
    N_("triage"),
    N_("severity"),
    N_("score"),
    N_("newest"),
    N_("oldest"),
    N_("false positive"),
    N_("to triage"),
    N_("pending review"),
    N_("confirmed diversion"),
    N_("blocked party"),
    N_("escalate"),
    N_("Awaiting my approval"),
    N_("Assigned to me"),
    N_("Overdue"),
    N_("Unassigned"),
    N_("All open"),
    N_("All cases"),
    N_("admin"),
    N_("analyst"),
    N_("reviewer"),
    N_("auditor"),
    N_("donor viewer"),
    # Rescreen jobs, list changes and listed-entry fields.
    N_("running"),
    N_("done"),
    N_("failed"),
    N_("list name"),
    N_("source id"),
    N_("schema"),
    N_("names"),
    N_("birth dates"),
    N_("birth places"),
    N_("nationalities"),
    N_("identifiers"),
    N_("addresses"),
    N_("programmes"),
    N_("titles"),
    N_("listed on"),
    N_("gender"),
    N_("remarks"),
    # Personal-data views and refusals.
    N_("shown"),
    N_("throttled"),
    N_("unknown"),
    N_("not needed"),
    N_("reason"),
    # How a screened name matched, and how the birth date or nationality agreed.
    N_("primary"),
    N_("strong"),
    N_("weak"),
    N_("original_script"),
    N_("exact"),
    N_("variant"),
    N_("skeleton"),
    N_("cross-script"),
    N_("consistent"),
    N_("conflict"),
    # ... and evidence the officer gave that counted for nothing (``screening.evidence``)
    N_("not on the list"),
    N_("not among the entry's"),
)


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalogue of ``code`` (English is the messages themselves), read once."""
    if code not in LANGUAGES or code == DEFAULT:
        return gettext.NullTranslations()
    po = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def _weighted(header: str) -> Iterable[tuple[float, str]]:
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            yield quality, tag


def from_accept_language(header: str) -> str | None:
    """The first language the browser prefers that the desk speaks, if any."""
    ranked = sorted(_weighted(header), key=lambda qt: -qt[0])
    for quality, tag in ranked:
        code = _SUBTAGS.get(tag.split("-")[0].split("_")[0].lower())
        if code is not None and quality > 0:
            return code
    return None


def normalise(value: str | None) -> str | None:
    """A language code as the picker or a cookie gives it (``fa-AF``, ``fa_AF``, ``ps``)."""
    if not value:
        return None
    value = value.replace("-", "_")
    return value if value in LANGUAGES else None


def language_of(request: Request) -> Language:
    """The language of this request: the picker's cookie, the browser's wish, else English."""
    code = normalise(request.cookies.get(LANG_COOKIE))
    if code is None:
        code = from_accept_language(request.headers.get("accept-language", ""))
    return LANGUAGES[code or DEFAULT]


def template_context(language: Language) -> dict[str, object]:
    """What a page needs to speak ``language``: the gettext callables the Jinja ``i18n``
    extension calls, the ``<html lang dir>`` values, the picker's choices, numbers and Solar
    Hijri dates."""
    t = translations(language.code)
    say = t.gettext if language.direction == "ltr" else isolating(t.gettext)
    return {
        "gettext": say,
        "ngettext": t.ngettext,
        "_": say,
        "lang": language,
        "languages": tuple(LANGUAGES.values()),
        # The locale's own grouping: 12٬345 in Dari and Pashto (never 12.345, read as a decimal).
        "number": partial(format_decimal, locale=language.code, numbering_system="default"),
        "solar": partial(solar_date, language.code),
        "duration": partial(duration_text, t.gettext),
    }


def isolating(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """``gettext`` keeping "US$" left to right inside right-to-left text, where the letters and
    the dollar sign would otherwise be shown as "$US" (Unicode isolates: invisible, and they work
    where no markup can, as in a chart's SVG text)."""
    return lambda message: gettext(message).replace("US$", "\u2066US$\u2069")


def duration_text(gettext: Callable[[str], str], seconds: float) -> str:
    """A span of time as an officer reads it: minutes under an hour, hours under two days, then
    days and hours (a case opened this morning is "3 h" old, never "0.0 days")."""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return gettext("%(n)s min") % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return gettext("%(n)s h") % {"n": hours}
    return gettext("%(d)s d %(h)s h") % {"d": hours // 24, "h": hours % 24}


# Afghanistan's Solar Hijri months: the zodiac names in Dari, their own names in Pashto.
MONTHS: dict[str, tuple[str, ...]] = {
    "fa_AF": (
        "حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله",
        "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت",
    ),
    "ps": (
        "وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی",
        "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب",
    ),
}  # fmt: skip
_MONTH_STARTS = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def solar_hijri(day: date) -> tuple[int, int, int]:
    """The Solar Hijri (year, month, day) of a Gregorian date, by the 33-year arithmetic cycle
    (it matches the official calendar on the present century's Nowruz days, as tested)."""
    leap_year = day.year + 1 if day.month > 2 else day.year
    days = (
        355666 + 365 * day.year + (leap_year + 3) // 4 - (leap_year + 99) // 100
        + (leap_year + 399) // 400 + day.day + _MONTH_STARTS[day.month - 1]
    )  # fmt: skip
    year = -1595 + 33 * (days // 12053)
    days %= 12053
    year += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        year += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return year, 1 + days // 31, 1 + days % 31
    return year, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def solar_date(code: str, value: date | str | None) -> str:
    """``value`` (a date, or text starting with an ISO date) as the Solar Hijri date written in
    language ``code``; empty in English or when there is no date."""
    if code not in MONTHS or not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    year, month, d = solar_hijri(day)
    return f"{d} {MONTHS[code][month - 1]} {year}"
