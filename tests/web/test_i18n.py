"""The desk in English, Dari and Pashto: complete catalogues, the language each request gets,
right-to-left pages, and the picker that changes it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.web.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    from_accept_language,
    solar_date,
    solar_hijri,
    template_context,
)
from aidtrace.web.pages import NAV
from aidtrace.web.policy import Permission, allows
from aidtrace.workspace import Workspace

from . import test_browser
from .conftest import csrf, sign_in
from .test_browser import _page, _shot, _sign_in
from .test_i18n_pages import english_left

TRANSLATED = ["fa_AF", "ps"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(code: str) -> Catalog:
    with (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=code)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _ids(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    return (string,) if isinstance(string, str) else tuple(string or ())


def _marked_in_source() -> set[str]:
    """Every message the templates and modules of the desk mark for translation, now."""
    with (LOCALE_DIR / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    found = extract_from_dir(
        LOCALE_DIR.parent, method_map, options_map, keywords={"_": None, "N_": None,
        "gettext": None, "ngettext": (1, 2)},
    )  # fmt: skip
    return {msg if isinstance(msg, str) else msg[0] for _, _, msg, _, _ in found}


def test_the_catalogues_hold_every_marked_message() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = {_ids(m)[0] for m in _messages(read_po(fh))}
    assert len(template) > 100
    assert _marked_in_source() <= template, "run pybabel extract and update (docs/web.md)"
    for code in TRANSLATED:
        assert {_ids(m)[0] for m in _messages(_catalog(code))} >= template, code


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(code: str) -> None:
    empty, mismatched = [], []
    for message in _messages(_catalog(code)):
        wanted = {frozenset(PLACEHOLDER.findall(i)) for i in _ids(message)}
        for string in _strings(message):
            if not string.strip():
                empty.append(message.id)
            elif frozenset(PLACEHOLDER.findall(string)) not in wanted:
                mismatched.append((message.id, string))
            elif re.search(r"[A-Za-z]{4,}", PLACEHOLDER.sub("", string).replace("aidtrace", "")):
                mismatched.append((message.id, string))  # English left in a translation
    assert not empty, empty
    assert not mismatched, mismatched


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("en-GB,en;q=0.9", "en"),
        ("fa-AF,fa;q=0.9,en;q=0.5", "fa_AF"),
        ("prs", "fa_AF"),
        ("fa-IR", "fa_AF"),
        ("ps-AF", "ps"),
        ("pbt;q=0.8", "ps"),
        ("de-DE,ps;q=0.7,en;q=0.8", "en"),  # quality decides, not order
        ("de, fr;q=0.9", None),
        ("ps;q=0, en;q=0.1", "en"),  # q=0 means "not this one"
        ("fa;q=abc", None),  # a weight that is not a number is not a wish
    ],
)
def test_accept_language(header: str, expected: str | None) -> None:
    assert from_accept_language(header) == expected


# The queue's title, the severity filter, a critical badge, the navigation, signing out.
DARI = ["صف هشدارها", "شدت", "بحرانی", "دوسیه‌ها", "خروج"]
PASHTO = ["د خبرتیاوو لیکه", "جدیت", "ډېر جدي", "دوسیې", "وتل"]


@pytest.fixture
def analyst(seeded_client: TestClient) -> Iterator[TestClient]:
    sign_in(seeded_client, Role.ANALYST)
    return seeded_client


def test_english_by_default(analyst: TestClient) -> None:
    html = analyst.get("/alerts").text
    assert '<html lang="en" dir="ltr">' in html
    assert "<h1>Alert queue" in html
    assert ">Severity <select" in html
    assert ">critical</span>" in html  # the UN list hits are critical
    assert "هشدار" not in html


@pytest.mark.parametrize(
    ("how", "tag", "words"),
    [
        ({"headers": {"accept-language": "fa-AF,en;q=0.5"}}, "fa-AF", DARI),
        ({"headers": {"accept-language": "ps"}}, "ps", PASHTO),
        ({"cookies": {"lang": "ps"}, "headers": {"accept-language": "fa"}}, "ps", PASHTO[:1]),
    ],
)
def test_the_queue_in_dari_and_pashto(
    analyst: TestClient, how: dict[str, dict[str, str]], tag: str, words: list[str]
) -> None:
    for name, value in how.get("cookies", {}).items():
        analyst.cookies.set(name, value)
    html = analyst.get("/alerts", headers=how.get("headers", {})).text
    assert f'<html lang="{tag}" dir="rtl">' in html
    for word in words:
        assert word in html
    assert "Alert queue" not in html
    assert ">Severity <" not in html
    # Filter values stay the English words the queue understands.
    assert '<option value="critical"' in html


def test_the_picker_sets_the_language_and_returns_to_the_page(analyst: TestClient) -> None:
    form = {"csrf_token": csrf(analyst), "lang": "fa_AF", "next": "/cases"}
    response = analyst.post("/language", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/cases"
    assert "lang=fa_AF" in response.headers["set-cookie"]
    html = analyst.get("/cases").text
    assert 'dir="rtl"' in html
    assert "دوسیه‌ها" in html
    english = analyst.post("/language", data={**form, "lang": "en"}, follow_redirects=False)
    assert english.status_code == 303
    assert '<html lang="en" dir="ltr">' in analyst.get("/cases").text


def test_the_language_is_kept_on_the_account_and_follows_the_officer(
    app_factory: Callable[..., TestClient],
) -> None:
    with app_factory() as first:
        sign_in(first, Role.ANALYST)
        form = {"csrf_token": csrf(first), "lang": "ps", "next": "/alerts"}
        assert first.post("/language", data=form, follow_redirects=False).status_code == 303
    # Another browser: no cookie, a browser asking for English. The sign-in page follows the
    # browser; once signed in, the analyst's pages speak Pashto.
    with app_factory() as other:
        english = {"accept-language": "en"}
        assert '<html lang="en" dir="ltr">' in other.get("/login", headers=english).text
        sign_in(other, Role.ANALYST)
        assert "lang" not in other.cookies
        assert '<html lang="ps" dir="rtl">' in other.get("/alerts", headers=english).text
        # Someone else signed in on that browser keeps their own (here: the browser's) choice.
        sign_in(other, Role.REVIEWER)
        assert '<html lang="en" dir="ltr">' in other.get("/alerts", headers=english).text
        # The analyst changes their mind: the account follows the picker.
        sign_in(other, Role.ANALYST)
        form = {"csrf_token": csrf(other), "lang": "fa_AF", "next": "/alerts"}
        other.post("/language", data=form, follow_redirects=False)
        other.cookies.clear()
        sign_in(other, Role.ANALYST)
        assert '<html lang="fa-AF" dir="rtl">' in other.get("/alerts", headers=english).text


def test_the_account_language_is_a_migrated_column(desk_path: Path) -> None:
    with Workspace.open(desk_path, read_only=True) as ws:
        rows = ws.engine.query("SELECT username, language FROM web_users").to_pylist()
    assert rows
    assert all(r["language"] is None for r in rows)  # no choice yet: the browser decides


@pytest.mark.parametrize(
    ("lang", "next_", "status", "location"),
    [
        ("ps", "//evil.example/", 303, "/"),
        ("ps", "https://evil.example/", 303, "/"),
        ("klingon", "/", 422, None),
    ],
)
def test_the_picker_refuses_foreign_targets_and_unknown_languages(
    client: TestClient, lang: str, next_: str, status: int, location: str | None
) -> None:
    form = {"csrf_token": csrf(client), "lang": lang, "next": next_}
    response = client.post("/language", data=form, follow_redirects=False)
    assert response.status_code == status
    assert response.headers.get("location") == location


def test_the_picker_needs_the_csrf_token(client: TestClient) -> None:
    response = client.post("/language", data={"lang": "ps"}, follow_redirects=False)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fa_AF", ["ورود", "نام کاربری", "رمز عبور"]), ("ps", ["ننوتل", "کارن نوم", "پټنوم"])],
)
def test_the_sign_in_page_speaks_before_anyone_signs_in(
    client: TestClient, lang: str, words: list[str]
) -> None:
    client.cookies.set("lang", lang)
    html = client.get("/login").text
    assert 'dir="rtl"' in html
    assert all(w in html for w in words)


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_sees_renders_in_every_language(
    seeded_client: TestClient, role: Role, lang: str
) -> None:
    seeded_client.cookies.set("lang", lang)
    token = sign_in(seeded_client, role)
    pages = [n.path for n in NAV if allows(role, n.permission)]
    if allows(role, Permission.VIEW_ALERTS):
        pages.append(f"/alerts/{seeded_client.get('/api/alerts').json()['alerts'][0]['alert_id']}")
    if allows(role, Permission.WORK_CASES):
        opened = seeded_client.post(f"{pages[-1]}/case", data={"csrf_token": token})
        assert opened.status_code == 200
        assert "/cases/" in str(opened.url)
        pages.append(str(opened.url.path))
    statuses = {p: seeded_client.get(p).status_code for p in pages}
    assert statuses == dict.fromkeys(pages, 200)
    missing = seeded_client.get("/nowhere")
    assert missing.status_code == 404
    assert 'dir="rtl"' in missing.text


def test_the_dashboard_speaks_the_language(analyst: TestClient) -> None:
    english = analyst.get("/", headers={"accept-language": "en"}).text
    pashto = analyst.get("/", headers={"accept-language": "ps"}).text
    assert "Alerts to triage" in english
    assert "د کتنې په تمه خبرتیاوې" in pashto
    assert "ډشبورډ" in pashto


@pytest.mark.parametrize(
    ("code", "shown"), [("en", "1,234,567"), ("fa_AF", "1٬234٬567"), ("ps", "1٬234٬567")]
)
def test_numbers_are_grouped_the_way_the_language_does(code: str, shown: str) -> None:
    number = template_context(LANGUAGES[code])["number"]
    assert callable(number)
    assert number(1234567) == shown  # never 1.234.567, which reads as a decimal


def test_the_catalogues_are_read_from_the_po_sources() -> None:
    assert not list(Path(LOCALE_DIR).rglob("*.mo"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 20), (1403, 1, 1)),  # Nowruz
        (date(2025, 3, 20), (1403, 12, 30)),  # the last day of a leap year
        (date(2025, 3, 21), (1404, 1, 1)),
        (date(2026, 3, 20), (1404, 12, 29)),
        (date(2026, 3, 21), (1405, 1, 1)),
        (date(1979, 2, 11), (1357, 11, 22)),
        (date(2000, 1, 1), (1378, 10, 11)),
        (date(2026, 12, 6), (1405, 9, 15)),
    ],
)
def test_solar_hijri(day: date, expected: tuple[int, int, int]) -> None:
    assert solar_hijri(day) == expected


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("fa_AF", "2026-03-02T09:00:00+00:00", "11 حوت 1404"),
        ("ps", date(2026, 3, 2), "11 کب 1404"),
        ("ps", datetime(2026, 3, 21, 1, 0), "1 وری 1405"),
        ("en", "2026-03-02", ""),
        ("fa_AF", "not a date", ""),
        ("fa_AF", None, ""),
    ],
)
def test_dates_are_also_shown_in_the_solar_hijri_calendar(
    code: str, value: date | str | None, shown: str
) -> None:
    assert solar_date(code, value) == shown


def test_the_queue_shows_both_calendars_in_dari(analyst: TestClient) -> None:
    dari = analyst.get("/alerts", headers={"accept-language": "fa"}).text
    english = analyst.get("/alerts").text
    assert "2026-03-02 · <bdi>11 حوت 1404</bdi>" in dari
    assert "حوت" not in english


# The browser test's served desk, Chromium and screenshot folder, shared with this module.
server, browser, shots = test_browser.server, test_browser.browser, test_browser.shots


@pytest.mark.browser
@pytest.mark.skipif(os.environ.get("AIDTRACE_NO_BROWSER") == "1", reason="AIDTRACE_NO_BROWSER=1")
def test_an_officer_picks_dari_in_the_browser(server: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "analyst")
    page.click("[data-testid=language-picker] button[value=fa_AF]")
    page.wait_for_url(f"{server}/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.goto(f"{server}/alerts")
    assert page.inner_text("h1").startswith("صف هشدارها")
    # Right to left for real: the navigation starts at the right edge, the table reads from it.
    brand = page.locator(".brand").bounding_box()
    first_heading = page.locator("table.queue th").nth(1).bounding_box()
    last_heading = page.locator("table.queue th").last.bounding_box()
    assert brand is not None
    assert brand["x"] > 640
    assert first_heading is not None
    assert last_heading is not None
    assert first_heading["x"] > last_heading["x"]
    _shot(page, shots, "queue-dari.png")
    page.click("[data-testid=language-picker] button[value=ps]")
    page.wait_for_url(f"{server}/alerts")
    assert page.inner_text("h1").startswith("د خبرتیاوو لیکه")
    _shot(page, shots, "queue-pashto.png")
    page.click("table.queue tbody tr a")
    page.click("[data-testid=open-case]")
    page.wait_for_url("**/cases/*")
    assert "دوسیه" in page.inner_text("[data-testid=case-meta]")
    _shot(page, shots, "case-pashto.png")
    assert not problems, problems


@pytest.mark.parametrize(
    ("lang", "how"), [("en", "(exact, 1.00)"), ("fa_AF", "(دقیق، 1.00)"), ("ps", "(کټ مټ، 1.00)")]
)
def test_the_screening_explanation_speaks_the_language(
    analyst: TestClient, lang: str, how: str
) -> None:
    analyst.cookies.set("lang", lang)
    html = analyst.get("/screening", params={"q": "Abdul Ghani Baradar"}).text
    why = html.split('data-testid="why">')[1].split("</ul>")[0]
    assert "<bdi>baradar</bdi> ↔ <bdi>baradar</bdi> " + how in why.lower()
    if lang != "en":
        assert not english_left(why), why


@pytest.mark.parametrize(("code", "isolated"), [("en", False), ("fa_AF", True), ("ps", True)])
def test_us_dollars_stay_left_to_right_in_dari_and_pashto(code: str, isolated: bool) -> None:
    say = template_context(LANGUAGES[code])["_"]
    assert callable(say)
    shown = say("leakage (US$)")
    assert ("\u2066US$\u2069" in shown) is isolated  # never read as "$US"
    assert "US$" in shown
