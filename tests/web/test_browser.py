"""The desk in a real headless Chromium (Debian's, driven by Playwright; no browser download).

Served by uvicorn on loopback with the production settings (Secure cookies, CSP). Screenshots go
to ``$AIDTRACE_SCREENSHOTS`` (default: the test's temporary directory) as test artefacts; with
``AIDTRACE_UPDATE_SCREENSHOTS=1`` they also replace the ones in ``docs/screenshots``.
Set ``AIDTRACE_NO_BROWSER=1`` to skip these tests where no browser can run; otherwise a missing
browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from aidtrace.accounts.users import Role
from aidtrace.web import create_app
from aidtrace.web.i18n import LANGUAGES
from aidtrace.web.pages import NAV
from aidtrace.web.policy import Permission, allows
from aidtrace.workspace import Workspace

from .conftest import USERS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("AIDTRACE_NO_BROWSER") == "1", reason="AIDTRACE_NO_BROWSER=1"
    ),
]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# How long (ms) to wait for a page, or for what it does after loading (a chart drawn, a search
# answered): a second or two, far more on a loaded machine; it only bounds a page that never does.
WAIT = 60_000
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_template: Path) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "ws"
    shutil.copytree(seeded_template, path)
    yield from _serve(path)


def _serve(path: Path) -> Iterator[str]:
    """The desk over ``path`` on a free loopback port, until the tests are done."""
    port = _free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (or AIDTRACE_NO_BROWSER=1)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("AIDTRACE_SCREENSHOTS") or tmp_path / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _page(browser, csp: list[str]):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(WAIT)
    page = context.new_page()
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: csp.append(f"page error: {e}"))
    return page


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    page.wait_for_url("**/login?next=/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shot(page, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(shots / name), full_page=True)
    if os.environ.get("AIDTRACE_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shots / name, DOCS / name)


def test_sign_in_and_dashboard_charts(server: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    page.goto(f"{server}/login")
    _shot(page, shots, "sign-in.png")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    assert "wrong username or password" in page.inner_text("[data-testid=error-message]")
    _sign_in(page, server, "analyst")
    assert "Analyst" in page.inner_text("[data-testid=whoami]")
    for chart in ("provinces", "alerts-age"):
        page.wait_for_selector(f"[data-testid=chart-{chart}][data-rendered=true]", timeout=WAIT)
        assert page.locator(f"[data-testid=chart-{chart}] svg").count() == 1
    _shot(page, shots, "dashboard.png")
    assert problems == []


def test_donor_viewer_sees_aggregates_only(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "donor-viewer")
    links = page.locator("header nav a").all_inner_texts()
    assert links == ["Dashboard"]
    page.goto(f"{server}/alerts")
    assert "Not allowed" in page.content()
    assert problems == []


def test_deciding_a_case_with_two_users(server: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    analyst, reviewer = _page(browser, problems), _page(browser, problems)
    _sign_in(analyst, server, "analyst")
    _sign_in(reviewer, server, "reviewer")
    analyst.goto(f"{server}/alerts?q=V-0042")
    analyst.locator("[data-testid=queue] tbody a").first.click()
    analyst.wait_for_selector("mark")  # matching name parts highlighted (once the page is in)
    _shot(analyst, shots, "screening-hit.png")
    analyst.click("[data-testid=open-case]")
    analyst.wait_for_url("**/cases/*")
    case_url = analyst.url
    analyst.select_option("[data-testid=outcome]", "cleared")
    analyst.fill("[data-testid=rationale]", "different person: father's name and DOB differ")
    analyst.click("[data-testid=decide]")
    analyst.wait_for_selector("[data-testid=pending]")
    assert analyst.inner_text("[data-testid=case-status]") == "pending review"
    reviewer.goto(case_url)
    reviewer.select_option("[data-testid=outcome]", "cleared")
    reviewer.fill("[data-testid=rationale]", "agreed after checking the list entry")
    reviewer.click("[data-testid=decide]")
    reviewer.wait_for_load_state()
    assert reviewer.inner_text("[data-testid=case-status]") == "cleared"
    history = reviewer.inner_text("[data-testid=history]")
    assert "analyst proposed: cleared" in history
    assert "reviewer effective: cleared" in history
    _shot(reviewer, shots, "case-decided.png")
    assert problems == []


@pytest.mark.parametrize(
    ("typed", "shot"),
    [("Abdul Ghani Baradar", "screening-latin.png"), ("عبدالغنی برادر", "screening-persian.png")],
)
def test_screening_box_as_you_type(
    server: str, browser, shots: Path, typed: str, shot: str
) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "reviewer")
    page.goto(f"{server}/screening")
    page.locator("[data-testid=screen-q]").press_sequentially(typed, delay=20)
    page.wait_for_selector(f"ol.hits[data-query='{typed}'] [data-testid=hit]", timeout=WAIT)
    first = page.locator("[data-testid=hit]").first.inner_text()
    assert "TAi.024" in first
    assert "UN 1988 Taliban" in first
    _shot(page, shots, shot)
    assert problems == []


def test_screening_box_weighs_what_the_officer_knows(server: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    """A birth date and a document number typed beside the name go with it as you type: the
    birth date is compared with the listed one, the number the entry lacks is named."""
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "reviewer")
    page.goto(f"{server}/screening")
    page.locator("[data-testid=screen-dob]").fill("1347 SH")
    page.locator("[data-testid=screen-identifier]").fill("X-99")
    page.locator("[data-testid=screen-q]").press_sequentially("Abdul Ghani Baradar", delay=20)
    page.wait_for_selector("ol.hits[data-query='Abdul Ghani Baradar'] [data-testid=evidence]")
    first = page.locator("[data-testid=hit]").first.inner_text()
    assert "TAi.024" in first
    assert "birth date: consistent" in first
    assert "identifiers: not on the list" in first
    assert "dob=1347+SH" in page.url  # the address keeps what was typed
    _shot(page, shots, "screening-evidence.png")
    assert problems == []


def test_dashboard_figures_and_charts_open_the_queue(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "analyst")
    page.click("[data-testid=critical-to-triage] a.value")
    page.wait_for_url(re.compile(r"/alerts\?severity=critical&state=to_triage$"))
    assert page.locator("[data-testid=queue] tbody .badge.critical").count() >= 1
    assert page.locator("[data-testid=queue] tbody .badge.high").count() == 0
    page.goto(f"{server}/")
    chart = "[data-testid=chart-alerts-age]"
    page.wait_for_selector(f"{chart}[data-rendered=true]", timeout=WAIT)
    page.locator(f"{chart} .mark-rect path").first.click()
    page.wait_for_url(re.compile(r"/alerts\?kind=\w+&seen_"))
    assert page.locator("[data-testid=queue] tbody tr").count() >= 1
    assert problems == []


def test_admin_changes_a_role_and_reads_the_reveal_report(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "admin")
    page.goto(f"{server}/users")
    role = "form[action='/users/auditor/role']"
    page.select_option(f"{role} select", "reviewer")
    page.click(f"{role} button")
    page.wait_for_url(f"{server}/users")
    assert page.locator(f"{role} select").input_value() == "reviewer"
    page.select_option(f"{role} select", "auditor")  # as it was, for the other tests
    page.click(f"{role} button")
    page.wait_for_url(f"{server}/users")
    page.click("form[action='/users/admin/active'] button")
    page.wait_for_load_state()  # the answer's page, not the one the click left
    assert "last active admin" in page.content()
    page.goto(f"{server}/audit/reveals")
    assert page.locator("[data-testid=reveal-report]").count() == 1
    assert "Personal data seen" in page.locator("header nav").inner_text()
    assert problems == []


def test_bulk_open_cases_then_work_them_from_the_case_queue(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, server, "analyst")
    page.goto(f"{server}/alerts?state=to_triage")
    boxes = page.locator("[data-testid=queue] tbody input[name=alert_id]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("[data-testid=bulk-alerts] select[name=assignee]", "analyst")
    page.click("[data-testid=bulk-open]")
    assert "Cases opened: 2" in page.inner_html("[data-testid=bulk-result]")
    page.goto(f"{server}/cases?queue=mine")
    assert page.locator("[data-testid=case-row]").count() >= 2
    assert (
        page.locator("[data-testid=export-cases]").get_attribute("href") == "/cases.csv?queue=mine"
    )
    page.goto(f"{server}/lists/un@1")
    page.goto(f"{server}/lists/un@1/entries/TAi.024")
    assert "BARADAR" in page.inner_text("[data-testid=entry-title]").upper()
    assert problems == []


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[str]:
    """The demo scenario's desk (every alert kind), served like ``server``."""
    path = tmp_path_factory.mktemp("browser-demo") / "demo"
    shutil.copytree(demo_template, path)
    yield from _serve(path)


def _walk(browser, base: str, lang: str, role: Role, urls: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Sign in as ``role`` reading ``lang`` and open every one of ``urls``: what went wrong (a
    server error, a console error, a script error, a chart that did not draw)."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT)
    context.add_cookies([{"name": "lang", "value": lang, "url": base}])
    page = context.new_page()
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None
    )
    _sign_in(page, base, USERS[role])
    for url in urls:
        page.goto(f"{base}{url}")
        if page.locator("[data-spec]").count():
            page.wait_for_function(
                "[...document.querySelectorAll('[data-spec]')].every(e => e.dataset.rendered)",
                timeout=WAIT,
            )
            drawn = page.locator("[data-spec][data-rendered=error]").count()
            if drawn:
                problems.append(f"{url}: {drawn} charts not drawn")
        expected = LANGUAGES[lang]
        if page.get_attribute("html", "dir") != expected.direction:
            problems.append(f"{url}: not {expected.direction}")
    context.close()
    return [f"{lang} {role.value}: {p}" for p in problems]


def _places(path: Path) -> tuple[list[str], list[str]]:
    """Every alert page of the workspace, and its other pages worth walking (a list snapshot, a
    listed entry, a user's reveal report)."""
    with Workspace.open(path, read_only=True) as ws:
        alerts = [r["alert_id"] for r in ws.engine.query("SELECT alert_id FROM alerts").to_pylist()]
        snap = ws.engine.query(
            "SELECT m.snapshot_id, m.source_id FROM list_members m LIMIT 1"
        ).to_pylist()
    extra = ["/cases?queue=all", "/audit/reveals/analyst", "/screening?q=Mohammad%20Karim"]
    if snap:
        extra += [f"/lists/{snap[0]['snapshot_id']}",
                  f"/lists/{snap[0]['snapshot_id']}/entries/{snap[0]['source_id']}"]  # fmt: skip
    return [f"/alerts/{a}" for a in sorted(alerts)], extra


def test_every_role_walks_every_page_and_alert_in_every_language(
    demo_server: str, demo_template: Path, browser
) -> None:  # type: ignore[no-untyped-def]
    alerts, extra = _places(demo_template)
    assert len(alerts) >= 15
    # A case to open, so that case pages are walked too.
    problems: list[str] = []
    page = _page(browser, problems)
    _sign_in(page, demo_server, "analyst")
    page.goto(f"{demo_server}{alerts[0]}")
    page.click("[data-testid=open-case]")
    page.wait_for_url("**/cases/*")
    case = page.url.removeprefix(demo_server)
    page.context.close()
    found: list[str] = []
    for lang in LANGUAGES:
        for role in Role:
            urls = [n.path for n in NAV if allows(role, n.permission)]
            urls += [u for u in extra if _allowed(role, u)]
            if allows(role, Permission.VIEW_ALERTS):
                urls += [case, *alerts]
            found += _walk(browser, demo_server, lang, role, urls)
    assert not found, found
    assert not problems, problems


def _allowed(role: Role, url: str) -> bool:
    needs = {"/cases": Permission.VIEW_ALERTS, "/audit/reveals": Permission.VIEW_ACCESS_REPORT,
             "/screening": Permission.SCREEN, "/lists": Permission.VIEW_LISTS}  # fmt: skip
    return all(allows(role, p) for prefix, p in needs.items() if url.startswith(prefix))
