"""What is screened: a name with whatever else is known about the party.

A query typed by a person (the CLI, the web search box, a CSV of names) is read through
``read_query``, which refuses what would make a screen silently meaningless: a name with nothing
in it to compare reads "no match" as if it were a clear, and an impossible or future birth date
or an unknown nationality conflicts with every listed one, pushing a true hit under the threshold.

Birth dates are read as lists and registration forms write them (``1960``, ``1960-05``,
``~1960``, ``c. 1960``, ``1960-1962``, ``1960/1962``, ``between 1960 and 1962``, ``May 1960``,
``1339 SH``), each as the interval of days it allows. A wording that could be read two ways
(``05/06/1960``: day or month first?) is refused rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from rigour.territories import lookup_territory

from aidtrace.errors import InputError
from aidtrace.names.analyze import analyse
from aidtrace.watchlists.model import DateInterval

# Letters and digits of any script; modifier letters (ʰ, ـ) alone carry no name.
_NAME_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"))
# Longer than any name on the lists: pasted text, not a name, and the scorer's work grows with it.
MAX_NAME = 500
# No one screened today was born before this year: an earlier one is a typing slip.
EARLIEST_BIRTH_YEAR = 1900
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
# Two years either side of a slash: a range, as forms write it ("1960/1962"), never the first.
_YEARS = re.compile(r"(\d{4})\s*/\s*(\d{4})")
# "1969/70", "1960-62": a range with its last year cut to two digits, as forms write it (two
# digits over 12 are no month).
_SHORT_YEARS = re.compile(r"(\d{4})\s*[-/]\s*(\d{2})")
SHORT_RANGE = 10  # years a range so written may span
# What marks a year as Solar Hijri: SH or HS, Dari ش, ه ش, هـ.ش, (هجری) شمسی, Pashto (هجری) لمریز
# or هـ ل.
_SOLAR_MARK = (
    r"\s*(?:s\.?\s?h\.?|h\.?\s?s\.?|ش|هـ?\.?\s*ش|(?:هجری\s*)?شمسی|(?:هجری\s*)?لمریز|هـ?\.?\s*ل)"
)
# A Solar Hijri year or range of years ("1339 SH", "1339-1341 هـ ش"), as Afghan papers date.
_SOLAR = re.compile(r"(\d{4})(?:\s*[-–/]\s*(\d{4}))?" + _SOLAR_MARK, re.I)
# A Solar Hijri day, as a tazkira writes it ("1344/01/09 SH", "۱۳۴۴/۰۱/۰۹ ش").
_SOLAR_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _SOLAR_MARK, re.I)
# A month and a year ("05/1968"): the month must be one.
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
# "~1960", "c.1960", "ca 1960": the lists' parser knows these only as words with a space after.
_APPROX = re.compile(r"^(?:~|c\.|ca\.?(?=[\s\d]))\s*", re.I)
# "About" as Dari and Pashto forms write it before a year ("حدود ۱۳۴۷ ش", "شاوخوا ۱۹۶۸"): read as ~.
_APPROX_WORDS = re.compile(
    r"^(?:در\s+حدود|حدود[اً]*|تقر[یي]ب[اً]*|قر[یي]ب|شاوخوا|نږدې|نږدی|نژدې)\s*(?=\d)"
)
# Day and month with nothing to say which is which ("05/06/1960").
_DAY_OR_MONTH = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
# Eastern Arabic and Persian digits, as typed on a Dari or Pashto keyboard.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, ~YYYY, YYYY-YYYY, YYYY/YYYY, YYYY SH or YYYY/MM/DD SH"


class PartyType(StrEnum):
    """What kind of party is screened. A person meets listed people, and organisations only
    when named after a person (two or more name parts of theirs agree: "Haji Khairullah Haji
    Sattar Money Exchange"); an organisation meets listed organisations, and people only when
    its name is a person's; a vessel meets listed vessels; ``any`` meets every entry."""

    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    ANY = "any"

    @property
    def organisation(self) -> bool | None:
        """Whether the name is read as an organisation's (None: both ways)."""
        return {PartyType.PERSON: False, PartyType.ANY: None}.get(self, True)


# How people and files name the party types, FollowTheMoney's schema names among them.
_PARTY_WORDS = {
    "person": PartyType.PERSON,
    "people": PartyType.PERSON,
    "individual": PartyType.PERSON,
    "organisation": PartyType.ORGANISATION,
    "organization": PartyType.ORGANISATION,
    "company": PartyType.ORGANISATION,
    "entity": PartyType.ORGANISATION,
    "legalentity": PartyType.ORGANISATION,
    "org": PartyType.ORGANISATION,
    "vessel": PartyType.VESSEL,
    "ship": PartyType.VESSEL,
    "any": PartyType.ANY,
    "": PartyType.ANY,
    # Dari and Pashto: a person, an organisation (a company, an institution), a ship
    "شخص": PartyType.PERSON,
    "فرد": PartyType.PERSON,
    "کس": PartyType.PERSON,
    "سازمان": PartyType.ORGANISATION,
    "شرکت": PartyType.ORGANISATION,
    "موسسه": PartyType.ORGANISATION,
    "اداره": PartyType.ORGANISATION,
    "کشتی": PartyType.VESSEL,
    "بېړۍ": PartyType.VESSEL,
}


def read_party(text: str) -> PartyType:
    """A party type from its name ("person", "Organization", "LegalEntity", "vessel", "any")."""
    party = _PARTY_WORDS.get(text.strip().casefold().replace(" ", ""))
    if party is None:
        raise InputError(f"party type {text!r}: expected person, organisation, vessel or any")
    return party


@dataclass(frozen=True)
class Query:
    """One party to screen. ``subject`` identifies it in alerts and decisions (a party id, a
    beneficiary's keyed pseudonym); ``party`` says what kind of party it is; ``gender``, where
    known, is compared with the listed person's.

    ``organisation`` (how the name is read: an organisation's, a person's, or both when None)
    follows ``party``; a query built with ``organisation`` alone takes its party from it."""

    name: str
    subject: str = ""
    birth_date: DateInterval | None = None
    nationality: str | None = None
    identifiers: tuple[str, ...] = ()
    organisation: bool | None = None
    party: PartyType = PartyType.ANY
    gender: str | None = None  # "male" or "female" where known (``read_gender``)
    place: str = ""  # where the person is registered: a district's P-code (screening at import)

    def __post_init__(self) -> None:
        if self.party is PartyType.ANY and self.organisation is not None:
            party = PartyType.ORGANISATION if self.organisation else PartyType.PERSON
            object.__setattr__(self, "party", party)
        else:
            object.__setattr__(self, "organisation", self.party.organisation)


def read_query(
    name: str,
    today: date,
    *,
    subject: str = "",
    birth_date: str | None = None,
    nationality: str | None = None,
    party: PartyType = PartyType.ANY,
    gender: str | None = None,
    identifiers: Sequence[str] = (),
) -> Query:
    """A query from what a person typed, or ``InputError`` saying what cannot be screened.
    ``identifiers``: document numbers (passport, tazkira), each compared with the listed ones
    whatever its spaces and dashes."""
    text = screenable_name(name)
    birth = read_birth_date(birth_date, today) if birth_date else None
    country = read_nationality(nationality) if nationality else None
    sex = read_gender(gender) if gender else None
    numbers = tuple(read_identifier(i) for i in identifiers if i.strip())
    return Query(text, subject or text, birth, country, numbers, party=party, gender=sex)


MAX_IDENTIFIER = 40  # characters: the longest passport or national ID number is far shorter


def read_identifier(text: str) -> str:
    """A document number as typed, or ``InputError`` for one without a digit or too long."""
    number = " ".join(text.translate(_DIGITS).split())
    if len(number) > MAX_IDENTIFIER or not any(c.isdigit() for c in number):
        raise InputError(f"identifier {text!r}: expected a document number (passport, tazkira)")
    return number


def screenable_name(name: str) -> str:
    """``name`` with its spaces collapsed, if it holds a letter or digit the scorer can use and
    no control character (an escape sequence or a bell pasted in would hide a listed name from
    the scorer, and reach the officer's terminal)."""
    text = " ".join(name.split())
    if not _is_text(text):  # a terminal in another encoding: Python keeps the bad bytes as such
        raise InputError(f"{name!r} is not UTF-8 text (is the terminal set to UTF-8?)")
    if len(text) > MAX_NAME:
        raise InputError(f"a name of {len(text):,} characters is not a name (at most {MAX_NAME})")
    control = next((c for c in text if unicodedata.category(c) == "Cc" or c in _BIDI), None)
    if control is not None:  # a terminal escape or a stray byte: the name is not as it looks
        raise InputError(
            f"the name holds a control or text-direction character (U+{ord(control):04X}): "
            "retype it, or clean the file it came from"
        )
    if not any(map(_name_character, text)):
        raise InputError(f"nothing to screen in {name!r} (no letter or digit)")
    return text


def _is_text(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates, which stand for undecodable bytes
        return False
    return True


# Direction embeddings, overrides and isolates: a name holding one shows other than it reads
# (letters typed backwards under an override display as a listed name and match nothing). The
# marks a Persian name legitimately holds (the zero-width non-joiner, the right-to-left mark)
# are not among them.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@lru_cache(maxsize=65_536)  # a name's characters recur across a whole file of names
def _name_character(char: str) -> bool:
    """A letter or digit the name analysis keeps (it drops some: a lone hard sign, a hamza)."""
    return unicodedata.category(char) in _NAME_CATEGORIES and bool(analyse(char).tokens)


@lru_cache(maxsize=65_536)  # a file of a million people holds a few tens of thousands of dates
def read_birth_date(text: str, today: date) -> DateInterval:
    """The days a birth date allows (a year, a month, a day, a range, an approximate year, a
    Solar Hijri year), refusing any that cannot be a living person's birth date (no such day,
    before 1900, after ``today``) and any that could be read two ways."""
    written = text.strip()
    plain = _APPROX_WORDS.sub("~", " ".join(written.translate(_DIGITS).split()))
    short = _SHORT_YEARS.fullmatch(plain)
    if short and int(short[2]) > 12:  # "1969/70": 1969 to 1970 ("1958-13" stays no month)
        first_year = int(short[1])
        last_year = first_year // 100 * 100 + int(short[2])
        if 0 < last_year - first_year <= SHORT_RANGE:
            plain = f"{first_year}-{last_year}"
    low, dots, high = plain.partition("..")
    if dots:
        first, last = _date_part(low, written, today), _date_part(high, written, today)
    elif _DATE.fullmatch(plain):
        first = last = _date_part(plain, written, today)
    else:
        first = last = _checked(_worded(plain, written), written, today)
    if last.end < first.start:
        raise InputError(f"birth date {written!r}: the range ends before it starts")
    return DateInterval(first.start, last.end, written)


def _worded(plain: str, written: str) -> DateInterval:
    """A birth date in one of the wordings lists and forms use besides ISO dates."""
    if _DAY_OR_MONTH.fullmatch(plain):
        raise InputError(
            f"birth date {written!r}: day or month first? expected {_FORMS} (or 12 May 1960)"
        )
    day = _SOLAR_DAY.fullmatch(plain)
    if day:
        return _solar_day(int(day[1]), int(day[2]), int(day[3]), written)
    month = _MONTH_YEAR.fullmatch(plain)
    if month and not 1 <= int(month[1]) <= 12:
        raise InputError(f"birth date {written!r}: no such month ({month[1]})")
    solar = _SOLAR.fullmatch(plain)
    if solar:
        return _solar_years(int(solar[1]), int(solar[2] or solar[1]), written)
    about = _APPROX.match(plain)
    solar = _SOLAR.fullmatch(plain[about.end() :]) if about else None
    if solar:  # "~1347 SH": a year either side, as "~1968" is read
        return _solar_years(int(solar[1]) - 1, int(solar[2] or solar[1]) + 1, written)
    year = plain[about.end() :] if about else ""
    if year.isdigit() and _solar_like(int(year)):
        raise InputError(f"birth date {written!r}: a Solar Hijri year? write ~{year} SH")
    years = _YEARS.fullmatch(plain)
    if years:  # read by the lists' parser as a range too, were it not for the slash
        plain = f"{years[1]}-{years[2]}"
    # the lists' wordings: "approximately 1960", "between 1960 and 1962", "May 1960"…
    from aidtrace.watchlists.formats.dates import parse_date

    interval = parse_date(_APPROX.sub("approximately ", plain))
    if interval is None:
        raise InputError(f"birth date {written!r}: expected {_FORMS}")
    return interval


def _solar_years(first: int, last: int, written: str) -> DateInterval:
    """Solar Hijri years as the Gregorian days they span: Nowruz (20 to 22 March) of year
    ``first`` + 621 to the day before Nowruz of ``last`` + 622."""
    from aidtrace.ingest import solar_hijri

    if not 1280 <= first <= last <= 1500:
        raise InputError(f"birth date {written!r}: not a Solar Hijri year of a living person")
    start = solar_hijri.to_gregorian(first, 1, 1)
    end = solar_hijri.to_gregorian(last + 1, 1, 1) - timedelta(days=1)
    return DateInterval(start, end, written)


def _solar_day(year: int, month: int, day: int, written: str) -> DateInterval:
    """A Solar Hijri day as its Gregorian day."""
    from aidtrace.ingest import solar_hijri

    if not 1280 <= year <= 1500:
        raise InputError(f"birth date {written!r}: not a Solar Hijri year of a living person")
    try:
        gregorian = solar_hijri.to_gregorian(year, month, day)
    except ValueError:
        raise InputError(f"birth date {written!r}: no such Solar Hijri day") from None
    return DateInterval(gregorian, gregorian, written)


def _checked(interval: DateInterval, written: str, today: date) -> DateInterval:
    if interval.end.year < EARLIEST_BIRTH_YEAR:
        raise InputError(f"birth date {written!r}: before {EARLIEST_BIRTH_YEAR}")
    if interval.start > today:
        raise InputError(f"birth date {written!r}: in the future")
    return interval


def _solar_like(year: int) -> bool:
    """A year written without its mark that reads as a living person's Solar Hijri birth year."""
    return 1280 <= year <= 1420


def _date_part(part: str, text: str, today: date) -> DateInterval:
    match = _DATE.fullmatch(part.strip())
    if match is None:
        raise InputError(f"birth date {text!r}: expected {_FORMS}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires it
    if year < EARLIEST_BIRTH_YEAR:
        hint = f" (a Solar Hijri year? write {year} SH)" if _solar_like(year) else ""
        raise InputError(f"birth date {text!r}: before {EARLIEST_BIRTH_YEAR}{hint}")
    try:
        start, end = _interval(year, month, day)
    except ValueError as exc:  # month 13, 30 February, day 45
        raise InputError(f"birth date {text!r}: no such date ({exc})") from None
    if start > today:
        raise InputError(f"birth date {text!r}: in the future")
    return DateInterval(start, end, part)


def _interval(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        first = date(year, month, 1)  # refuses month 0 or 13 before the next month is sought
        following = date(year + month // 12, month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    exact = date(year, month, day)
    return exact, exact


# How forms and lists write a gender, in English, French, Dari and Pashto; the words for "not
# recorded" say nothing, and anything else is refused rather than read as unknown.
_GENDER_WORDS = {
    **dict.fromkeys(("m", "male", "man", "boy", "h", "homme", "masculin", "مرد", "نارینه",
                     "ذکور", "ذكر"), "male"),
    **dict.fromkeys(("f", "female", "woman", "girl", "femme", "féminin", "feminin", "زن",
                     "ښځه", "اناث", "أنثى", "انثی"), "female"),
    **dict.fromkeys(("", "-", "u", "x", "unknown", "other", "not recorded", "n/a", "na",
                     "نامعلوم", "نا معلوم", "نامشخص", "معلوم نیست", "نه معلوم"), None),
}  # fmt: skip


def read_gender(text: str) -> str | None:
    """``male`` or ``female`` from the ways forms write it ("M", "Female", "زن"), None for the
    words that say it is not known, and ``InputError`` for anything else: a misread gender
    conflicts with the listed one and takes points off a true match."""
    word = " ".join(text.split()).casefold()
    if word not in _GENDER_WORDS:
        raise InputError(f"gender {text!r}: expected male, female (M, F) or unknown")
    return _GENDER_WORDS[word]


def recorded_gender(text: str | None) -> str | None:
    """``read_gender`` for a register's recorded value: a word it does not know says nothing
    (a person is screened whatever their record holds)."""
    return _GENDER_WORDS.get(" ".join((text or "").split()).casefold())


# Nationalities as Dari and Pashto forms write them, which the territory names do not hold
# (they hold the countries' own names: افغانستان, پاکستان).
_DEMONYMS = {
    "افغان": "af",
    "افغانی": "af",
    "افغاني": "af",
    "پاکستانی": "pk",
    "پاکستاني": "pk",
    "ایرانی": "ir",
    "ایراني": "ir",
    # countries Dari and Pashto name otherwise than the territory names do
    "هند": "in",
    "هندی": "in",
    "امریکا": "us",
    "آمریکا": "us",
    "امریکایی": "us",
    "آمریکایی": "us",
    "امریکايي": "us",
    "انگلستان": "gb",
    "انگلیس": "gb",
    "انگلیسی": "gb",
    "امارات": "ae",
    "عربستان": "sa",
    "سعودی": "sa",
    "سومالیا": "so",
    "ازبک": "uz",
    "تاجیک": "tj",
    "ترکمن": "tm",
}


@lru_cache(maxsize=4096)  # a few dozen countries, each looked up in ~0.3 ms
def read_nationality(text: str) -> str:
    """A country the screen can compare: a name, demonym or ISO code ("Afghan", "AF", "افغان")."""
    written = text.strip()
    if written in _DEMONYMS:
        return _DEMONYMS[written]
    if lookup_territory(written) is None:
        raise InputError(f"nationality {text!r}: not a country name or ISO code")
    return written
